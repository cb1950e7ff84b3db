import { buttonHtml, escapeHtml } from "./layout";
import { mailT } from "./i18n";
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

export type PeriodClosedInput = {
  consultation: MailConsultation;
  closedAt: Date;
  /** Visible comments received. */
  commentCount: number;
  footer: NotificationFooter;
};

/** The comment period has closed. */
export function periodClosedEmail({ consultation: c, closedAt, commentCount, footer }: PeriodClosedInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = t("mail.closed.lead", { number: String(c.number), closed: utc(closedAt, locale) });
  const count = t("mail.closed.count", { count: commentCount });
  const next = t("mail.closed.next");
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, count, "", next, "", t("mail.closed.readText", { url: c.url })].join("\n");
  const bodyHtml = [heading.html, P(`${escapeHtml(lead)} ${escapeHtml(count)}`), P(escapeHtml(next)), buttonHtml(c.url, t("mail.closed.read"))].join("\n");
  return renderNotification({ subject, preheader: `${lead} ${count}`, bodyText, bodyHtml, footer });
}
