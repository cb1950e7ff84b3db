import { absoluteUrl } from "~/services/env.server";
import { localisedPath, type Locale } from "~/services/language";

/** The absolute address of `path` in `locale` (prefixed, or bare for English): links in mails. */
export function absoluteUrlIn(path: string, locale: Locale): string {
  return absoluteUrl(localisedPath(path, locale));
}
