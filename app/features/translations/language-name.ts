/** A language's name in the page's language ("français" on a French page, "French" on an English one). */
export function languageName(pageLocale: string, code: string): string {
  try {
    return new Intl.DisplayNames([pageLocale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
