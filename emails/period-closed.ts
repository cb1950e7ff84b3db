import { buttonHtml, escapeHtml } from "./layout";
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
import { plural } from "../app/models/plural";

export type PeriodClosedInput = {
  consultation: MailConsultation;
  closedAt: Date;
  /** Visible comments received. */
  commentCount: number;
  footer: NotificationFooter;
};

/** The comment period has closed. */
export function periodClosedEmail({ consultation: c, closedAt, commentCount, footer }: PeriodClosedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The comment period of consultation ${c.number} closed on ${utc(closedAt)}.`;
  const count = plural(commentCount, { one: "# comment was received.", other: "# comments were received." });
  const next = "The IFM will now consider the comments; the final statement will be published on the consultation page.";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, count, "", next, "", `Read the comments: ${c.url}`].join("\n");
  const bodyHtml = [heading.html, P(`${escapeHtml(lead)} ${escapeHtml(count)}`), P(escapeHtml(next)), buttonHtml(c.url, "Read the comments")].join("\n");
  return renderNotification({ subject, preheader: `${lead} ${count}`, bodyText, bodyHtml, footer });
}
