import { escapeHtml } from "./layout";
import {
  commentBlock,
  link,
  oneLine,
  P,
  renderNotification,
  type MailComment,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";
import { NOUNS, plural } from "../app/models/plural";

export type DigestGroup = {
  consultation: MailConsultation;
  comments: MailComment[];
  /** Comments left out of a very long day (the consultation page has them all). */
  more?: number;
};

export type DailyDigestInput = {
  /** The UTC day the digest is for, "YYYY-MM-DD". */
  day: string;
  groups: DigestGroup[];
  footer: NotificationFooter;
};

/** All new comments of the consultations the reader follows, grouped by consultation. */
export function dailyDigestEmail({ day, groups, footer }: DailyDigestInput): RenderedMail {
  const total = groups.reduce((n, g) => n + g.comments.length + (g.more ?? 0), 0);
  const summary = `${plural(total, { one: "# new comment", other: "# new comments" })} on ${plural(groups.length, NOUNS.consultation)}`;
  const subject = `Daily digest ${day}: ${summary}`;
  const lead = `Your daily digest for ${day}: ${summary} you follow.`;

  const textParts: string[] = [lead];
  const htmlParts: string[] = [P(escapeHtml(lead))];
  for (const g of groups) {
    const c = g.consultation;
    const title = `[Consultation ${c.number}] ${oneLine(c.title)}`;
    const count = plural(g.comments.length + (g.more ?? 0), { one: "# new comment", other: "# new comments" });
    textParts.push("", "=".repeat(Math.min(72, title.length)), title, `${count} · ${c.url}`, "=".repeat(Math.min(72, title.length)));
    htmlParts.push(
      `<h2 style="margin:28px 0 4px;font-size:18px;line-height:1.3;border-top:2px solid #1d4ed8;padding-top:12px;">${link(c.url, title)}</h2>`,
      `<p style="margin:0 0 16px;font-size:14px;color:#374151;">${escapeHtml(count)}</p>`,
    );
    for (const comment of g.comments) {
      const block = commentBlock(comment);
      textParts.push("", block.text);
      htmlParts.push(block.html);
    }
    if (g.more) {
      const more = `${plural(g.more, { one: "# more comment", other: "# more comments" })} on the consultation page: ${c.url}`;
      textParts.push("", more);
      htmlParts.push(P(`${escapeHtml(plural(g.more, { one: "# more comment", other: "# more comments" }))} on ${link(c.url, "the consultation page")}.`));
    }
  }
  return renderNotification({ subject, preheader: lead, bodyText: textParts.join("\n"), bodyHtml: htmlParts.join("\n"), footer });
}
