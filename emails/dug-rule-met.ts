import { buttonHtml, escapeHtml } from "./layout";
import { mailT } from "./i18n";
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
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = t("mail.dugRuleMet.lead", { round: String(round), number: String(c.number), version: String(planVersion) });
  const ask = t("mail.dugRuleMet.ask");
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, ask, "", t("mail.dugRuleMet.certifyText", { url })].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(ask)), buttonHtml(url, t("mail.dugRuleMet.certify"))].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
