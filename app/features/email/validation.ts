import { z } from "zod";
import { translate } from "~/i18n/catalogue.server";
import { perLocale } from "~/i18n/per-locale";
import type { Locale } from "~/services/language";

/** "My address works again": clears the bounces that stopped notifications. */
export const clearBouncesSchema = z.object({});

function onBehalfSchemaIn(locale: Locale) {
  const notFound = translate(locale, "email.onBehalf.commentNotFound");
  const choose = translate(locale, "email.onBehalf.chooseOrganisation");
  return z.object({
    commentId: z.string({ error: notFound }).min(1, notFound).max(100),
    organisationId: z.string({ error: choose }).trim().min(1, choose).max(100),
  });
}

/** The representative confirms, on the web, that their comment sent by mail speaks for their organisation (refusals in `locale`). */
export const commentOnBehalfSchema = perLocale(onBehalfSchemaIn);
