// The language a mail is written in: its messages from the catalogues, its dates through Intl in
// that language (always UTC, saying so), its direction. English is the default, so a mail built
// without a language reads as it always has.
import { intlFor, translate } from "../app/i18n/catalogue.server";
import { escapeHtml } from "../app/services/html-escape";
import type { MessageId } from "../app/i18n/message-id";
import { durationParts, formatUtcIn } from "../app/models/time";
import { DEFAULT_LOCALE, directionOf, type Locale } from "../app/services/language";

export { DEFAULT_LOCALE, directionOf, type Locale };

export type MailValues = Record<string, string | number | Date>;
export type MailT = (id: MessageId, values?: MailValues) => string;

/** `t(id, values)` in `locale`. */
export function mailT(locale: Locale = DEFAULT_LOCALE): MailT {
  return (id, values) => translate(locale, id, values);
}

/** A date and time in UTC, in the mail's language ("2026-12-15 14:00 UTC" in English). */
export const utcIn = (date: Date, locale: Locale = DEFAULT_LOCALE) => formatUtcIn(date, locale);

/** A duration in words ("3 days and 12 hours"), with the rounding of durationText. */
export function durationIn(ms: number, locale: Locale = DEFAULT_LOCALE): string {
  const t = mailT(locale);
  const parts = durationParts(ms);
  if (parts.length === 0) return t("mail.duration.lessThanMinute");
  const [first, second] = parts.map((p) => t(`mail.duration.${p.unit}`, { count: p.count }));
  return second ? t("mail.duration.pair", { first, second }) : first;
}

/** The side a quotation's bar is drawn on: the start of the line. */
export const startSide = (locale: Locale = DEFAULT_LOCALE) => (directionOf(locale) === "rtl" ? "right" : "left");

/** A message as HTML, escaped, with the value `strong` names in bold. */
export function withStrong(t: MailT, id: MessageId, values: MailValues, strong: string): string {
  const shown = escapeHtml(String(values[strong]));
  return escapeHtml(t(id, { ...values, [strong]: "\u0000" })).replace("\u0000", `<strong>${shown}</strong>`);
}

/**
 * A message as HTML: its text escaped, and each `<tag>…</tag>` in it replaced by what `tags`
 * makes of the words inside (a link), so a translation places the link where its grammar wants.
 */
export function mailHtml(locale: Locale | undefined, id: MessageId, values: MailValues, tags: Record<string, (label: string) => string>): string {
  const marks: string[] = [];
  const renderers = Object.fromEntries(
    Object.entries(tags).map(([tag, render]) => [
      tag,
      (chunks: string[]) => {
        marks.push(render(chunks.join("")));
        return `\u0000${marks.length - 1}\u0000`;
      },
    ]),
  );
  const text = [intlFor(locale ?? DEFAULT_LOCALE).formatMessage({ id }, { ...values, ...renderers })].flat().join("");
  return escapeHtml(text).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => marks[Number(i)]);
}
