import { parse } from "@formatjs/icu-messageformat-parser";
import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "~/services/language";
import { CATALOGUES } from "./catalogues.server";
import type { Messages } from "./messages-context";
import type { MessageId } from "./message-id";

// The catalogues of every feature merged into one per language. English is the authoritative
// text; a message a language lacks falls back to English (the catalogue tests keep that from
// happening in what is committed). Messages are parsed once, here: formatters are given their
// syntax trees, so neither the server nor the browser parses a message again, and the browser
// bundle carries no ICU parser (patches/intl-messageformat).

type CatalogueFile = Record<string, unknown>;

/** The messages of a catalogue file, without its "@metadata". */
function messagesOf(file: CatalogueFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, text] of Object.entries(file)) if (id !== "@metadata" && typeof text === "string") out[id] = text;
  return out;
}

function compile(locale: Locale, texts: Record<string, string>): Messages {
  return Object.fromEntries(Object.entries(texts).map(([id, text]) => [id, parse(text, { locale: new Intl.Locale(locale) })]));
}

const merged = new Map<Locale, Messages>(
  LOCALES.map((locale) => [
    locale,
    compile(
      locale,
      Object.assign(
        {},
        ...Object.values(CATALOGUES).map((c) => messagesOf(c.en as CatalogueFile)),
        ...Object.values(CATALOGUES).map((c) => messagesOf(c[locale] as CatalogueFile)),
      ) as Record<string, string>,
    ),
  ]),
);

/** Every message of the app in `locale` (English where a message is missing), compiled. */
export function messagesFor(locale: Locale): Messages {
  return merged.get(locale) ?? merged.get(DEFAULT_LOCALE)!;
}

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

/** The formatter for code outside React (mails, refusals, flash messages), one per language. */
export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages: messagesFor(locale) }, cache);
    intls.set(locale, intl);
  }
  return intl;
}

/** `translate(locale, id, values)`: a message as a string, outside React. */
export function translate(locale: Locale, id: MessageId, values?: Record<string, string | number | Date>): string {
  return intlFor(locale).formatMessage({ id }, values);
}

/** A flash message in `locale` when it names a message of the catalogues, else its English text. */
export function flashText(locale: Locale, flash: { message: string; messageId?: string; values?: Record<string, string | number> }): string {
  if (!flash.messageId || !(flash.messageId in messagesFor(DEFAULT_LOCALE))) return flash.message;
  return translate(locale, flash.messageId as MessageId, flash.values);
}
