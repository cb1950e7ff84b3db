import type { Locale } from "~/services/language";

/**
 * The Content-Language header of a mail written in `locale` (RFC 3282). Stored with the queued
 * mail, as its text is: a mail already queued keeps the language it was written in.
 */
export function contentLanguage(locale: Locale): { "Content-Language": Locale } {
  return { "Content-Language": locale };
}
