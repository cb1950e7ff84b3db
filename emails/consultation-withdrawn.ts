import { escapeHtml } from "./layout";
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

export type ConsultationWithdrawnInput = {
  consultation: MailConsultation;
  reason: string;
  footer: NotificationFooter;
};

/** The IFM withdrew the consultation. */
export function consultationWithdrawnEmail({ consultation: c, reason, footer }: ConsultationWithdrawnInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = t("mail.withdrawn.lead", { number: String(c.number) });
  const why = reason.trim() || t("mail.noReason");
  const heading = consultationHeading(c, locale);
  const bodyText = [heading.text, "", lead, "", t("mail.reasonLabelText"), why, "", t("mail.withdrawn.linkText", { url: c.url })].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    quotedBlockHtml(t("mail.reasonLabel"), textToHtml(why), locale),
    P(link(c.url, t("mail.withdrawn.link"))),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
