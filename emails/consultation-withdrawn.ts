import { escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  link,
  P,
  renderNotification,
  textToHtml,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type ConsultationWithdrawnInput = {
  consultation: MailConsultation;
  reason: string;
  footer: NotificationFooter;
};

/** The IFM withdrew the consultation. */
export function consultationWithdrawnEmail({ consultation: c, reason, footer }: ConsultationWithdrawnInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `Consultation ${c.number} was withdrawn by the IFM. It no longer accepts comments; the page and its comments stay readable.`;
  const why = reason.trim() || "(No reason was given.)";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, "", "Reason:", why, "", `The consultation: ${c.url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">Reason</p>`,
    `<div style="margin:0 0 16px;padding:4px 16px;border-left:4px solid #d1d5db;">${textToHtml(why)}</div>`,
    P(link(c.url, "See the consultation")),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
