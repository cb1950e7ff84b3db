import { plural } from "../app/models/plural";
import { durationText } from "../app/models/time";
import { buttonHtml, escapeHtml } from "./layout";
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
export function nextReminderText(closesAt: Date, next: { at: Date; count: number } | null): string {
  if (!next) return "This is the last reminder.";
  const who = plural(next.count, { one: "You will get one more reminder", other: "You will get # more reminders, the next" });
  return `${who} on ${utc(next.at)}, ${durationText(closesAt.getTime() - next.at.getTime())} before the closing.`;
}

/** The comment period closes soon: how long is left, and whether another reminder will come. */
export function closingSoonEmail({ consultation: c, closesAt, at, next, footer }: ClosingSoonInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The comment period of consultation ${c.number} closes in ${durationText(closesAt.getTime() - at.getTime())}, on ${utc(closesAt)}.`;
  const rest = `Comments posted after the closing time are not accepted. ${nextReminderText(closesAt, next)}`;
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, rest, "", `Read the plan and comment: ${c.url}`].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(rest)), buttonHtml(c.url, "Read the plan and comment")].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
