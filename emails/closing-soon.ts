import { buttonHtml, escapeHtml } from "./layout";
import { durationIn, mailT, type Locale } from "./i18n";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  utc,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type ClosingSoonInput = {
  consultation: MailConsultation;
  closesAt: Date;
  /** When the reminder was written (after downtime it may be later than planned). */
  at: Date;
  /** The next reminder and how many will follow in all, or null when this is the last. */
  next: { at: Date; count: number } | null;
  footer: NotificationFooter;
};

/** What the followers will hear next about this closing, in one sentence. */
export function nextReminderText(closesAt: Date, next: { at: Date; count: number } | null, locale?: Locale): string {
  const t = mailT(locale);
  if (!next) return t("mail.closingSoon.last");
  return t("mail.closingSoon.next", { count: next.count, at: utc(next.at, locale), before: durationIn(closesAt.getTime() - next.at.getTime(), locale) });
}

/** The comment period closes soon: how long is left, and whether another reminder will come. */
export function closingSoonEmail({ consultation: c, closesAt, at, next, footer }: ClosingSoonInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = t("mail.closingSoon.lead", {
    number: String(c.number),
    left: durationIn(closesAt.getTime() - at.getTime(), locale),
    closes: utc(closesAt, locale),
  });
  const rest = t("mail.closingSoon.rest", { next: nextReminderText(closesAt, next, locale) });
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, rest, "", t("mail.readAndCommentText", { url: c.url })].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(rest)), buttonHtml(c.url, t("mail.readAndComment"))].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
