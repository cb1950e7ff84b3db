import { escapeHtml } from "./layout";
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
  const subject = consultationSubject(c, { isFirst: false });
  const who = comment.authorName.trim() || "Someone";
  const lead = `${who}${comment.isIfmReply ? " (IFM)" : ""} replied to your comment ${parent.ref} on consultation ${c.number}.`;
  const heading = consultationHeading(c);
  const block = commentBlock(comment);
  const bodyText = [heading.text, "", lead, `Your comment: ${parent.url}`, "", block.text].join("\n");
  const bodyHtml = [heading.html, P(`${escapeHtml(lead)} ${link(parent.url, "See your comment")}`), block.html].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
