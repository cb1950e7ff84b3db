import type { Locale } from "~/services/language";

/** `build(locale)` made once per language and kept (the zod schemas of a form, whose messages are in that language). */
export function perLocale<T>(build: (locale: Locale) => T): (locale: Locale) => T {
  const built = new Map<Locale, T>();
  return (locale) => {
    let value = built.get(locale);
    if (value === undefined) built.set(locale, (value = build(locale)));
    return value;
  };
}
