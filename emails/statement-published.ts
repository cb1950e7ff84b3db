import { buttonHtml, escapeHtml } from "./layout";
import { mailT, startSide } from "./i18n";
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

export type StatementPublishedInput = {
  consultation: MailConsultation;
  /** The revision number; 1 (or none) is the first publication, later ones are corrections. */
  revision?: number | null;
  /** What a correction changed. */
  erratum?: string | null;
  /** Plain text: a short summary of the statement. */
  summary?: string | null;
  /** Absolute URL of the statement. */
  url: string;
  /** For a commenter: the disposition of each of their own comments, with the link to its response. */
  yourComments?: { ref: string; disposition: string; url: string }[] | null;
  footer: NotificationFooter;
};

/** The final response statement was published (or corrected). */
export function statementPublishedEmail({ consultation: c, revision, erratum, summary, url, yourComments, footer }: StatementPublishedInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const corrected = !!revision && revision > 1;
  const lead = corrected
    ? t("mail.statement.corrected", { revision: String(revision), number: String(c.number) })
    : t("mail.statement.published", { number: String(c.number) });
  const heading = consultationHeading(c, locale);
  const parts: { label: string; labelText: string; text: string }[] = [];
  if (erratum?.trim()) parts.push({ label: t("mail.statement.erratum"), labelText: t("mail.statement.erratumText"), text: erratum.trim() });
  if (summary?.trim()) parts.push({ label: t("mail.summaryLabel"), labelText: t("mail.summaryLabelText"), text: summary.trim() });
  const yours = yourComments?.length ? yourComments : null;
  const yoursLabel = t("mail.statement.yours", { count: yours?.length ?? 0 });
  const yoursText = yours ? ["", yoursLabel, ...yours.map((y) => `- ${y.ref}: ${y.disposition} — ${y.url}`)] : [];
  const bodyText = [heading.text, "", lead, ...yoursText, ...parts.flatMap((p) => ["", p.labelText, p.text]), "", t("mail.statement.readText", { url })].join(
    "\n",
  );
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    ...(yours
      ? [
          `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(yoursLabel)}</p>`,
          `<ul style="margin:0 0 16px;padding-${startSide(locale)}:20px;">${yours.map((y) => `<li>${escapeHtml(y.ref)}: <strong>${escapeHtml(y.disposition)}</strong> — ${link(y.url, t("mail.statement.response"))}</li>`).join("")}</ul>`,
        ]
      : []),
    ...parts.map((p) => `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(p.label)}</p>\n${textToHtml(p.text)}`),
    buttonHtml(url, t("mail.statement.read")),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
