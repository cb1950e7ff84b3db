import { escapeHtml } from "./layout";
import { mailT } from "./i18n";
import {
  commentBlock,
  consultationHeading,
  consultationSubject,
  link,
  P,
  renderNotification,
  type MailComment,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type CommentReplyInput = {
  consultation: MailConsultation;
  /** The reply. */
  comment: MailComment;
  /** The reader's own comment that was answered. */
  parent: { ref: string; url: string };
  footer: NotificationFooter;
};

/** Someone replied to the reader's comment. */
export function commentReplyEmail({ consultation: c, comment, parent, footer }: CommentReplyInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const who = comment.authorName.trim() || t("mail.someone");
  const values = { who, ref: parent.ref, number: String(c.number) };
  const lead = comment.isIfmReply ? t("mail.reply.leadIfm", values) : t("mail.reply.lead", values);
  const heading = consultationHeading(c, locale);
  const block = commentBlock(comment, locale);
  const bodyText = [heading.text, "", lead, t("mail.reply.yourCommentText", { url: parent.url }), "", block.text].join("\n");
  const bodyHtml = [heading.html, P(`${escapeHtml(lead)} ${link(parent.url, t("mail.reply.yourCommentLink"))}`), block.html].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
