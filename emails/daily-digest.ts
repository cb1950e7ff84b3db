import { escapeHtml } from "./layout";
import { mailHtml, mailT } from "./i18n";
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
  const { locale } = footer;
  const t = mailT(locale);
  const total = groups.reduce((n, g) => n + g.comments.length + (g.more ?? 0), 0);
  const summary = t("mail.digest.summary", { comments: total, consultations: groups.length });
  const subject = t("mail.digest.subject", { day, summary });
  const lead = t("mail.digest.lead", { day, comments: total, consultations: groups.length });

  const textParts: string[] = [lead];
  const htmlParts: string[] = [P(escapeHtml(lead))];
  for (const g of groups) {
    const c = g.consultation;
    const title = t("mail.digest.groupTitle", { number: String(c.number), title: oneLine(c.title) });
    const count = t("mail.digest.newComments", { count: g.comments.length + (g.more ?? 0) });
    textParts.push("", "=".repeat(Math.min(72, title.length)), title, `${count} · ${c.url}`, "=".repeat(Math.min(72, title.length)));
    htmlParts.push(
      `<h2 style="margin:28px 0 4px;font-size:18px;line-height:1.3;border-top:2px solid #1d4ed8;padding-top:12px;">${link(c.url, title)}</h2>`,
      `<p style="margin:0 0 16px;font-size:14px;color:#374151;">${escapeHtml(count)}</p>`,
    );
    for (const comment of g.comments) {
      const block = commentBlock(comment, locale);
      textParts.push("", block.text);
      htmlParts.push(block.html);
    }
    if (g.more) {
      textParts.push("", t("mail.digest.moreText", { count: g.more, url: c.url }));
      htmlParts.push(P(mailHtml(locale, "mail.digest.moreHtml", { count: g.more }, { link: (label) => link(c.url, label) })));
    }
  }
  return renderNotification({ subject, preheader: lead, bodyText: textParts.join("\n"), bodyHtml: htmlParts.join("\n"), footer });
}
