// The words of the generated statement in one language, from the catalogue (see StatementWords).
import { intlFor } from "~/i18n/catalogue.server";
import { formatUtcIn } from "~/models/time";
import { localisedPath, type Locale } from "~/services/language";
import { n, utc, type StatementWords } from "./content";

const made = new Map<Locale, StatementWords>();

export function statementWords(locale: Locale): StatementWords {
  let words = made.get(locale);
  if (words) return words;
  const intl = intlFor(locale);
  const numbers = new Intl.NumberFormat(locale);
  words = {
    locale,
    say: (id, values) => {
      const text: unknown = intl.formatMessage({ id }, values as Record<string, string>);
      return Array.isArray(text) ? text.join("") : String(text);
    },
    // English keeps the reference format the published revisions were written in.
    date: locale === "en" ? utc : (isoString, withTime = true) => formatUtcIn(new Date(isoString), locale, withTime),
    num: locale === "en" ? n : (x) => numbers.format(x),
    path: (path) => localisedPath(path, locale),
  };
  made.set(locale, words);
  return words;
}
