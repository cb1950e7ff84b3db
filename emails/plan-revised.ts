import { buttonHtml, escapeHtml } from "./layout";
import { mailT } from "./i18n";
import {
  consultationHeading,
  consultationSubject,
  link,
  P,
  quotedBlockHtml,
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
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const versions = { number: String(c.number), version: String(version), previous: String(version - 1) };
  const lead = t("mail.revised.lead", versions);
  const heading = consultationHeading(c, locale);
  const summary = changeSummary.trim() || t("mail.revised.noSummary");
  const bodyText = [
    heading.text,
    "",
    lead,
    "",
    t("mail.revised.changedText"),
    summary,
    "",
    t("mail.revised.diffText", { url: diffUrl }),
    t("mail.revised.readText", { ...versions, url: c.url }),
  ].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    quotedBlockHtml(t("mail.revised.changed"), textToHtml(summary), locale),
    buttonHtml(diffUrl, t("mail.revised.compare", versions)),
    P(link(c.url, t("mail.revised.read", versions))),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
