import { directionOf, isLocale } from "~/services/language";

/**
 * The `lang` (and for Arabic `dir`) of an element holding text written in `language`: nothing for
 * text whose language was not recorded.
 */
export function textLanguage(language: string | null | undefined): { lang?: string; dir?: "rtl" } {
  if (!isLocale(language)) return {};
  return directionOf(language) === "rtl" ? { lang: language, dir: "rtl" } : { lang: language };
}
