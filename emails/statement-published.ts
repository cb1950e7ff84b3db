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
import { plural } from "../app/models/plural";

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
  const subject = consultationSubject(c, { isFirst: false });
  const corrected = !!revision && revision > 1;
  const lead = corrected
    ? `The IFM published a corrected final statement (revision ${revision}) for consultation ${c.number}.`
    : `The IFM published its final statement for consultation ${c.number}: how the comments were considered and what happens next.`;
  const heading = consultationHeading(c);
  const parts: { label: string; text: string }[] = [];
  if (erratum?.trim()) parts.push({ label: "What was corrected", text: erratum.trim() });
  if (summary?.trim()) parts.push({ label: "Summary", text: summary.trim() });
  const yours = yourComments?.length ? yourComments : null;
  const yoursLabel = plural(yours?.length ?? 0, { one: "Your comment:", other: "Your comments:" });
  const yoursText = yours ? ["", yoursLabel, ...yours.map((y) => `- ${y.ref}: ${y.disposition} — ${y.url}`)] : [];
  const bodyText = [heading.text, "", lead, ...yoursText, ...parts.flatMap((p) => ["", `${p.label}:`, p.text]), "", `Read the statement: ${url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    ...(yours
      ? [
          `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(yoursLabel)}</p>`,
          `<ul style="margin:0 0 16px;padding-left:20px;">${yours.map((y) => `<li>${escapeHtml(y.ref)}: <strong>${escapeHtml(y.disposition)}</strong> — ${link(y.url, "read the response")}</li>`).join("")}</ul>`,
        ]
      : []),
    ...parts.map((p) => `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(p.label)}</p>\n${textToHtml(p.text)}`),
    buttonHtml(url, "Read the statement"),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
