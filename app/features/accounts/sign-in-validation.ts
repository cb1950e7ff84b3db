import { z } from "zod";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "~/services/language";

// The sign-in, name and language forms. Their refusals are in the page's language:
// accountSchemas(locale) gives the schemas in one language (built once per language); the
// constants at the end are the English ones (the following forms reuse the email field).

export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 80;

function schemasIn(locale: Locale) {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const emailMissing = say("accounts.refusal.emailMissing");
  const noSignIn = say("accounts.refusal.noSignIn");

  const email = z
    .string({ error: emailMissing })
    .trim()
    .min(1, emailMissing)
    .max(254, say("accounts.refusal.emailTooLong"))
    .pipe(z.email({ error: say("accounts.refusal.emailInvalid") }))
    .transform((v) => v.toLowerCase());

  /** The name shown on a person's comments (chosen at the first sign-in, changed in the account). */
  const displayName = z
    .string()
    .trim()
    .min(DISPLAY_NAME_MIN, say("accounts.refusal.nameTooShort", { min: DISPLAY_NAME_MIN }))
    .max(DISPLAY_NAME_MAX, say("accounts.refusal.nameTooLong", { max: DISPLAY_NAME_MAX }))
    .regex(/^[^\u0000-\u001f<>]+$/, say("accounts.refusal.nameCharacters"));

  return {
    email,
    displayName,
    signInRequest: z.object({ email, redirectTo: z.string().optional() }),
    /** The token of an emailed sign-in link (anything else is refused by the token check). */
    signInLink: z.object({ token: z.string().max(200).catch("") }),
    signInCode: z.object({
      login: z.string({ error: noSignIn }).min(1, noSignIn).max(100, noSignIn),
      code: z
        .string()
        .transform((v) => v.replace(/\s+/g, ""))
        .pipe(z.string().regex(/^\d{6}$/, say("accounts.refusal.codeFormat"))),
    }),
    /** The first sign-in's name form (/welcome). */
    displayNameForm: z.object({ displayName, redirectTo: z.string().optional() }),
    /** The account page's and the mailed link's name form. */
    rename: z.object({ displayName }),
    /** The language switcher: the chosen language and the page to come back to. */
    language: z.object({ lang: z.enum(LOCALES, { error: say("accounts.refusal.language") }), redirectTo: z.string().optional() }),
  };
}

export type AccountSchemas = ReturnType<typeof schemasIn>;
// Six small sets, built at start: a form is checked in its page's language without building anything.
const BY_LOCALE = new Map<Locale, AccountSchemas>(LOCALES.map((locale) => [locale, schemasIn(locale)]));

/** The account forms' schemas with their refusals in `locale`. */
export function accountSchemas(locale: Locale): AccountSchemas {
  return BY_LOCALE.get(locale) ?? BY_LOCALE.get(DEFAULT_LOCALE)!;
}

const english = accountSchemas(DEFAULT_LOCALE);
export const emailField = english.email;
