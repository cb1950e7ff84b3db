import { buttonHtml, escapeHtml } from "./layout";
import { consultationHeading, consultationSubject, P, renderNotification, utc, type MailConsultation, type NotificationFooter, type RenderedMail } from "./notification";

export type ClosingSoonInput = {
  consultation: MailConsultation;
  /** Which reminder: a week before the closing, or a day before. */
  days: 7 | 1;
  closesAt: Date;
  /** When the reminder was due (after downtime it may go out later than planned). */
  at: Date;
  footer: NotificationFooter;
};

/** "in 7 days", "in 2 days", "in 20 hours", "within the hour". */
export function timeLeft(closesAt: Date, at: Date): string {
  const hours = Math.max(0, (closesAt.getTime() - at.getTime()) / 3_600_000);
  if (hours >= 36) return `in ${Math.round(hours / 24)} days`;
  if (hours >= 1.5) return `in ${Math.round(hours)} hours`;
  return "within the hour";
}

/** The comment period closes in 7 days / 1 day. */
export function closingSoonEmail({ consultation: c, days, closesAt, at, footer }: ClosingSoonInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The comment period of consultation ${c.number} closes ${timeLeft(closesAt, at)}, on ${utc(closesAt)}.`;
  const nudge = days === 1 ? "This is the last reminder." : "You will get one more reminder a day before the closing.";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, `Comments posted after the closing time are not accepted. ${nudge}`, "", `Read the plan and comment: ${c.url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    P(`Comments posted after the closing time are not accepted. ${escapeHtml(nudge)}`),
    buttonHtml(c.url, "Read the plan and comment"),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
