import { buttonHtml, escapeHtml } from "./layout";
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

export type PlanRevisedInput = {
  consultation: MailConsultation;
  /** The new version number. */
  version: number;
  changeSummary: string;
  /** Absolute URL of `/consultations/<slug>/diff?from=<n-1>&to=<n>`. */
  diffUrl: string;
  footer: NotificationFooter;
};

/** The plan was revised: the change summary and a link to the differences. */
export function planRevisedEmail({ consultation: c, version, changeSummary, diffUrl, footer }: PlanRevisedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The plan of consultation ${c.number} was revised: version ${version} replaces version ${version - 1}.`;
  const heading = consultationHeading(c);
  const summary = changeSummary.trim() || "(No summary was given.)";
  const bodyText = [
    heading.text,
    "",
    lead,
    "",
    "What changed, in the words of the IFM:",
    summary,
    "",
    `See every change: ${diffUrl}`,
    `Read version ${version}: ${c.url}`,
  ].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">What changed, in the words of the IFM</p>`,
    `<div style="margin:0 0 16px;padding:4px 16px;border-left:4px solid #d1d5db;">${textToHtml(summary)}</div>`,
    buttonHtml(diffUrl, `Compare version ${version - 1} with version ${version}`),
    P(link(c.url, `Read version ${version}`)),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
