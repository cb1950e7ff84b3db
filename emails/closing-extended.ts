import { buttonHtml, escapeHtml } from "./layout";
import { consultationHeading, consultationSubject, P, renderNotification, textToHtml, utc, type MailConsultation, type NotificationFooter, type RenderedMail } from "./notification";

export type ClosingExtendedInput = {
  consultation: MailConsultation;
  previousClosesAt?: Date | null;
  closesAt: Date;
  reason: string;
  footer: NotificationFooter;
};

/** The closing date was moved later, with the IFM's reason. */
export function closingExtendedEmail({ consultation: c, previousClosesAt, closesAt, reason, footer }: ClosingExtendedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = previousClosesAt
    ? `The comment period of consultation ${c.number} was extended from ${utc(previousClosesAt)} to ${utc(closesAt)}.`
    : `The comment period of consultation ${c.number} was extended: it now closes on ${utc(closesAt)}.`;
  const why = reason.trim() || "(No reason was given.)";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, "", "Reason:", why, "", `Read the plan and comment: ${c.url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">Reason</p>`,
    `<div style="margin:0 0 16px;padding:4px 16px;border-left:4px solid #d1d5db;">${textToHtml(why)}</div>`,
    buttonHtml(c.url, "Read the plan and comment"),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
