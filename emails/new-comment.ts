import { escapeHtml } from "./layout";
import { mailT } from "./i18n";
import {
  commentBlock,
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  type MailComment,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type NewCommentInput = {
  consultation: MailConsultation;
  comment: MailComment;
  /** The reference of the comment this one answers, if any. */
  parentRef?: string | null;
  footer: NotificationFooter;
};

/** A new comment on a followed consultation (followers who chose immediate mail). */
export function newCommentEmail({ consultation: c, comment, parentRef, footer }: NewCommentInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const number = String(c.number);
  const lead = parentRef
    ? comment.authorName.trim()
      ? t("mail.newComment.replied", { who: comment.authorName.trim(), parentRef, number })
      : t("mail.newComment.someoneReplied", { parentRef, number })
    : t("mail.newComment.lead", { number });
  const heading = consultationHeading(c, locale);
  const block = commentBlock(comment, locale);
  const bodyText = [heading.text, "", lead, "", block.text].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), block.html].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
