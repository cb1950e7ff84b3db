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

export type DugReviewOpenedInput = {
  consultation: MailConsultation;
  round: number;
  planVersion: number;
  deadline: Date;
  /** The round this one replaces (closed as superseded), if any. */
  superseded?: number | null;
  /** Voting members record a position; liaisons post advice. */
  role: "voting member" | "liaison";
  /** Absolute URL of the review page. */
  url: string;
  footer: NotificationFooter;
};

/** The IFM opened a DUG review round: to the voting members and liaisons. */
export function dugReviewOpenedEmail({ consultation: c, round, planVersion, deadline, superseded, role, url, footer }: DugReviewOpenedInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = t("mail.dugOpened.lead", { round: String(round), number: String(c.number), version: String(planVersion), deadline: utc(deadline, locale) });
  const ask = role === "voting member" ? t("mail.dugOpened.askMember") : t("mail.dugOpened.askLiaison");
  const replaced = superseded ? t("mail.dugOpened.superseded", { round: String(superseded) }) : "";
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, ...(replaced ? [replaced] : []), "", ask, "", t("mail.dug.openText", { url })].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), replaced ? P(escapeHtml(replaced)) : "", P(escapeHtml(ask)), buttonHtml(url, t("mail.dug.open"))]
    .filter(Boolean)
    .join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
