import { DEFAULT_LOCALE, isLocale, type Locale } from "~/services/language";

/** The languages a plan version may be translated into: the five UN languages besides English. */
export const TRANSLATION_LANGUAGES = ["ar", "es", "fr", "ru", "zh"] as const satisfies readonly Locale[];
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

export function isTranslationLanguage(value: unknown): value is TranslationLanguage {
  return isLocale(value) && value !== DEFAULT_LOCALE;
}

/**
 * The language the plan text is shown in: the one the reader asked for with `?text=`, else the
 * page's language, when that plan version has a translation in it; otherwise English (the
 * authoritative text, always available).
 */
export function planTextLanguage({ requested, pageLocale, available }: { requested: string | null; pageLocale: Locale; available: readonly string[] }): Locale {
  if (requested === DEFAULT_LOCALE) return DEFAULT_LOCALE;
  if (isTranslationLanguage(requested) && available.includes(requested)) return requested;
  return isTranslationLanguage(pageLocale) && available.includes(pageLocale) ? pageLocale : DEFAULT_LOCALE;
}
