import { buttonHtml, escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type DugRuleMetInput = {
  consultation: MailConsultation;
  round: number;
  planVersion: number;
  url: string;
  footer: NotificationFooter;
};

/** The agreement rule of a DUG review is met: to the chair, who certifies. */
export function dugRuleMetEmail({ consultation: c, round, planVersion, url, footer }: DugRuleMetInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The agreement rule of DUG review round ${round} of consultation ${c.number} (plan version ${planVersion}) is now met.`;
  const ask = "As the chair, please review the positions and certify the outcome. Members can still change their positions until you do.";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, ask, "", `Certify the outcome: ${url}`].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(ask)), buttonHtml(url, "Certify the outcome")].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
