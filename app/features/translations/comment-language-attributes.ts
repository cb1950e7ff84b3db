import { directionOf, isLocale } from "~/services/language";

/**
 * The `lang` and `dir` of an element holding text written in `language`: its own direction, so a
 * French comment on an Arabic page reads left to right and an Arabic one right to left on any
 * page (the same HTML serves every page language). Nothing for text whose language was not recorded.
 */
export function textLanguage(language: string | null | undefined): { lang?: string; dir?: "ltr" | "rtl" } {
  return isLocale(language) ? { lang: language, dir: directionOf(language) } : {};
}
