import type { ClosingChangeKind } from "../app/features/consultations/closing-change";
import { plural } from "../app/models/plural";
import { durationText } from "../app/models/time";
import { buttonHtml, escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  textToHtml,
  utc,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type ClosingChangedInput = {
  consultation: MailConsultation;
  kind: ClosingChangeKind;
  previousClosesAt?: Date | null;
  closesAt: Date;
  reason: string;
  /**
   * The first reminder planned for the new closing and how many are planned, or null when none
   * will come. Left out when the closing has changed again since (that change's mail says it).
   */
  reminders?: { at: Date; count: number } | null;
  footer: NotificationFooter;
};

function leadOf({ consultation: c, kind, previousClosesAt, closesAt }: ClosingChangedInput): string {
  const period = `The comment period of consultation ${c.number}`;
  if (kind === "extended") {
    return previousClosesAt
      ? `${period} was extended from ${utc(previousClosesAt)} to ${utc(closesAt)}.`
      : `${period} was extended: it now closes on ${utc(closesAt)}.`;
  }
  const instead = previousClosesAt ? ` instead of ${utc(previousClosesAt)}` : "";
  return `${period} was shortened: it now closes on ${utc(closesAt)}${instead}. Comments posted after that time are not accepted.`;
}

function remindersText(closesAt: Date, reminders: { at: Date; count: number } | null): string {
  if (!reminders) return "You will not get a reminder before the new closing.";
  const first = plural(reminders.count, { one: "You will get a reminder", other: "You will get # reminders, the first" });
  return `${first} on ${utc(reminders.at)}, ${durationText(closesAt.getTime() - reminders.at.getTime())} before the closing.`;
}

/** The closing time was moved later or earlier, with the IFM's reason and what comes next. */
export function closingChangedEmail(input: ClosingChangedInput): RenderedMail {
  const { consultation: c, closesAt, reason, reminders, footer } = input;
  const subject = consultationSubject(c, { isFirst: false });
  const lead = leadOf(input);
  const why = reason.trim() || "(No reason was given.)";
  const next = reminders === undefined ? null : remindersText(closesAt, reminders);
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, "", "Reason:", why, ...(next ? ["", next] : []), "", `Read the plan and comment: ${c.url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">Reason</p>`,
    `<div style="margin:0 0 16px;padding:4px 16px;border-left:4px solid #d1d5db;">${textToHtml(why)}</div>`,
    ...(next ? [P(escapeHtml(next))] : []),
    buttonHtml(c.url, "Read the plan and comment"),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
