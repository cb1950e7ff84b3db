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

export type DugReminderInput = {
  consultation: MailConsultation;
  round: number;
  deadline: Date;
  role: "voting member" | "liaison";
  url: string;
  footer: NotificationFooter;
};

/** 48 hours before a DUG review's deadline, to members without a position (liaisons without advice). */
export function dugReminderEmail({ consultation: c, round, deadline, role, url, footer }: DugReminderInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const values = { round: String(round), number: String(c.number), deadline: utc(deadline, locale) };
  const lead = role === "voting member" ? t("mail.dugReminder.leadMember", values) : t("mail.dugReminder.leadLiaison", values);
  const after = t("mail.dugReminder.after");
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, after, "", t("mail.dug.openText", { url })].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(after)), buttonHtml(url, t("mail.dug.open"))].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
