import { z } from "zod";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { MAX_ATTACHMENT_MB_CEILING } from "~/features/attachments/rules";
import { ROLES } from "~/models/roles";
import { ORGANISATION_KINDS } from "~/features/accounts/organisation-kinds";
import type { Locale } from "~/services/language";

// The staff pages' forms. Their refusals are in the language of the page the form was sent from:
// adminSchemas(locale) gives the schemas in one language, built once per language.

function schemasIn(locale: Locale) {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const chooseOrganisation = say("admin.validation.chooseOrganisation");
  const chooseMessage = say("admin.validation.chooseMessage");
  const chooseInbound = say("admin.validation.chooseInbound");

  const tldList = z
    .string()
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((t) => t.trim().toLowerCase().replace(/^\./, ""))
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/, say("admin.validation.tldFormat")))
        .min(1, say("admin.validation.tldsMissing"))
        .max(500, say("admin.validation.tldsTooMany")),
    )
    .transform((list) => [...new Set(list)]);

  const wholeNumber = (missing: MessageId, min: number, max: number) =>
    z.coerce
      .number({ error: say(missing) })
      .int(say("admin.validation.wholeNumber"))
      .min(min, say("admin.validation.atLeast", { min }))
      .max(max, say("admin.validation.atMost", { max }));

  return {
    roleChange: z.object({ role: z.enum(ROLES, { error: say("admin.validation.chooseRole") }) }),
    verify: z.object({
      organisationId: z.string({ error: chooseOrganisation }).min(1, chooseOrganisation),
      title: z
        .string()
        .trim()
        .max(100, say("admin.validation.atMost100"))
        .optional()
        .transform((v) => v || null),
    }),
    revokeMembership: z.object({ membershipId: z.string().min(1) }),
    organisation: z.object({
      name: z.string().trim().min(2, say("admin.validation.nameMissing")).max(120, say("admin.validation.atMost120")),
      kind: z.enum(ORGANISATION_KINDS, { error: say("admin.validation.chooseKind") }),
      website: z
        .string()
        .trim()
        .max(200)
        .optional()
        .transform((v) => v || null)
        .pipe(z.url({ protocol: /^https?$/, error: say("admin.validation.website") }).nullable()),
      tlds: tldList,
    }),
    /** /admin/settings: the minimum comment period and the DUG's decision rule (docs/decisions/013). */
    siteSettings: z.object({
      minCommentDays: z.coerce
        .number({ error: say("admin.validation.enterDays") })
        .int(say("admin.validation.wholeDays"))
        .min(1, say("admin.validation.atLeastOneDay"))
        .max(365, say("admin.validation.atMost365Days")),
      dugQuorumPercent: wholeNumber("admin.validation.enterPercentage", 0, 100),
      dugAgreePercent: wholeNumber("admin.validation.enterPercentage", 0, 100),
      dugObjectionsTolerated: wholeNumber("admin.validation.enterNumber", 0, 8),
      // Attachments (app/features/attachments/rules.ts): the upload addresses' body limit allows 25 MB a
      // file. Left out of a post, a setting keeps its value.
      attachmentMaxMb: wholeNumber("admin.validation.enterMegabytes", 1, MAX_ATTACHMENT_MB_CEILING).optional(),
      attachmentsPerUserPerDay: wholeNumber("admin.validation.enterFiles", 0, 1000).optional(),
      attachmentMbPerConsultation: wholeNumber("admin.validation.enterMegabytes", 0, 1_000_000).optional(),
    }),
    /** Staff → Outgoing mail: deliver a failed or retrying message again now. */
    retryMail: z.object({ id: z.string({ error: chooseMessage }).min(1, chooseMessage).max(64) }),
    /** Staff → Inbound mail: process a stored message again. */
    reprocessInbound: z.object({ id: z.string({ error: chooseInbound }).min(1, chooseInbound).max(64) }),
  };
}

export type AdminSchemas = ReturnType<typeof schemasIn>;
const built = new Map<Locale, AdminSchemas>();

/** The staff forms' schemas with their refusals in `locale`. */
export function adminSchemas(locale: Locale): AdminSchemas {
  let schemas = built.get(locale);
  if (!schemas) built.set(locale, (schemas = schemasIn(locale)));
  return schemas;
}
