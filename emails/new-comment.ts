import { escapeHtml } from "./layout";
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
  const subject = consultationSubject(c, { isFirst: false });
  const lead = parentRef
    ? `${comment.authorName.trim() || "Someone"} replied to comment ${parentRef} on consultation ${c.number}.`
    : `There is a new comment on consultation ${c.number}.`;
  const heading = consultationHeading(c);
  const block = commentBlock(comment);
  const bodyText = [heading.text, "", lead, "", block.text].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), block.html].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
