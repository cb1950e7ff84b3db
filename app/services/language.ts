// Which of the six UN languages a request is answered in (docs/decisions/038-i18n-six-languages.md).
//
// Pure, with no import: server.ts (the anonymous page cache keys pages by it) and the app's root
// loader decide the same way. The order: a language prefix in the path (`/fr/…`; English has
// none), then the reader's choice (the `lang` cookie, else a signed-in reader's saved setting),
// then the browser's Accept-Language, then English.

export const LOCALES = ["ar", "en", "es", "fr", "ru", "zh"] as const;
export type Locale = (typeof LOCALES)[number];

/** English is the authoritative text and the language of unprefixed URLs. */
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie the language switcher sets: a plain value the page cache can read without a secret. */
export const LANGUAGE_COOKIE = "lang";

/** A year: the choice is kept until the reader changes it. */
export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** "rtl" for Arabic, "ltr" for the others. */
export function directionOf(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** The language named by the path's first segment (`/fr`, `/fr/…`), English excepted; else null. */
export function prefixLocale(pathname: string): Locale | null {
  const match = /^\/([a-z]{2})(?=\/|$|\?)/.exec(pathname);
  return match && match[1] !== DEFAULT_LOCALE && isLocale(match[1]) ? match[1] : null;
}

/** The path without its language prefix: `/fr/consultations?q=x` → `/consultations?q=x`, `/fr` → `/`. */
export function withoutPrefix(path: string): string {
  const locale = prefixLocale(path);
  if (!locale) return path;
  const rest = path.slice(locale.length + 1);
  return rest === "" || rest[0] === "?" ? `/${rest}` : rest;
}

/** The same path in another language: prefixed, or bare for English. */
export function localisedPath(path: string, locale: Locale): string {
  const bare = withoutPrefix(path);
  if (locale === DEFAULT_LOCALE) return bare;
  return bare === "/" ? `/${locale}` : bare.startsWith("/?") ? `/${locale}${bare.slice(1)}` : `/${locale}${bare}`;
}

/** The `lang` cookie's language, if the Cookie header holds a valid one. */
export function cookieLocale(cookie: string | string[] | null | undefined): Locale | null {
  if (!cookie) return null;
  const header = Array.isArray(cookie) ? cookie.join(";") : cookie;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === LANGUAGE_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return isLocale(value) ? value : null;
    }
  }
  return null;
}

/**
 * The best of the six for an Accept-Language header (RFC 9110 §12.5.4): the highest-weighted
 * range whose primary subtag is one of them (`fr-CA` → fr, `zh-Hant-TW` → zh); `*` or nothing
 * usable gives null. Ties keep the header's order.
 */
export function acceptedLocale(header: string | string[] | null | undefined): Locale | null {
  if (!header) return null;
  const value = Array.isArray(header) ? header.join(",") : header;
  let best: Locale | null = null;
  let bestQ = 0;
  for (const range of value.split(",").slice(0, 32)) {
    const [tag, ...params] = range.trim().split(";");
    const primary = tag.trim().toLowerCase().split("-")[0];
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split("=").map((s) => s.trim());
      if (k === "q") q = Number(v);
    }
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (isLocale(primary) && q > bestQ) {
      best = primary;
      bestQ = q;
    }
  }
  return best;
}

/** The language of a request: prefix, then cookie, then saved setting, then Accept-Language, then English. */
export function negotiateLocale(request: {
  pathname: string;
  cookie?: string | string[] | null;
  acceptLanguage?: string | string[] | null;
  saved?: string | null;
}): Locale {
  return (
    prefixLocale(request.pathname) ??
    cookieLocale(request.cookie) ??
    (isLocale(request.saved) ? request.saved : null) ??
    acceptedLocale(request.acceptLanguage) ??
    DEFAULT_LOCALE
  );
}
