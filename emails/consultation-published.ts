import { buttonHtml, escapeHtml } from "./layout";
import { mailT } from "./i18n";
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

export type ConsultationPublishedInput = {
  /** "published": the first mail of the thread; "opened": the comment period has begun. */
  kind: "published" | "opened";
  consultation: MailConsultation & { summary: string; categoryLabel: string; opensAt: Date; closesAt: Date };
  now: Date;
  footer: NotificationFooter;
};

/** A new consultation was published, or its comment period opened. */
export function consultationPublishedEmail({ kind, consultation: c, now, footer }: ConsultationPublishedInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: kind === "published" }, locale);
  const upcoming = c.opensAt.getTime() > now.getTime();
  const values = { number: String(c.number), category: c.categoryLabel, opens: utc(c.opensAt, locale), closes: utc(c.closesAt, locale) };
  const lead = kind === "opened" ? t("mail.published.opened", values) : upcoming ? t("mail.published.upcoming", values) : t("mail.published.open", values);
  const comment = kind === "opened" || !upcoming;
  const action = comment ? t("mail.readAndComment") : t("mail.readPlan");
  const heading = consultationHeading(c, locale);

  const bodyText = [
    heading.text,
    "",
    lead,
    "",
    t("mail.summaryLabelText"),
    c.summary.trim(),
    "",
    comment ? t("mail.readAndCommentText", { url: c.url }) : t("mail.readPlanText", { url: c.url }),
  ].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(t("mail.summaryLabel"))}</p>`,
    textToHtml(c.summary),
    buttonHtml(c.url, action),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
