import { z } from "zod";
import type { MessageId } from "~/i18n/message-id";
import { LOCALES } from "~/services/language";
import { MAX_PLAN_LENGTH } from "~/features/consultations/validation";
import { TRANSLATION_LANGUAGES } from "./languages";

type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

/** "" (an empty form field) → undefined, so an empty choice reads as no choice. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The staff form that publishes a translation; its messages in the page's language (`t`). */
export function translationFormSchema(t: Translate) {
  return z.object({
    version: z.coerce
      .number({ error: t("translations.error.version") })
      .int(t("translations.error.version"))
      .min(1, t("translations.error.version")),
    language: z.enum(TRANSLATION_LANGUAGES, { error: t("translations.error.language") }),
    bodyMd: z
      .string({ error: t("translations.error.bodyEmpty") })
      // Browsers send a textarea's lines ending in CR LF: the text (and its hash) is the same however it was sent.
      .transform((text) => text.replace(/\r\n?/g, "\n"))
      .pipe(
        z
          .string()
          .trim()
          .min(1, t("translations.error.bodyEmpty"))
          .max(MAX_PLAN_LENGTH, {
            error: (issue) =>
              t("translations.error.bodyTooLong", { max: MAX_PLAN_LENGTH, length: typeof issue.input === "string" ? issue.input.length : MAX_PLAN_LENGTH + 1 }),
          }),
      ),
  });
}

/** The comment form's "Language of the comment": one of the six, or blank to detect it from the text. */
export const commentLanguageField = z.preprocess(blankToUndefined, z.enum(LOCALES, { error: "Choose the language of your comment from the list." }).optional());
