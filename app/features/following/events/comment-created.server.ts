// comment.created: a reply notice to the parent's author, then the new comment to the followers
// in immediate mode (daily-mode followers read it in their digest). Commenting follows the
// consultation, so the author's subscription is made here, off the posting path.
import { followOnComment } from "../following.server";
import { db } from "~/services/db.server";
import { replyAddress } from "~/services/mail-addresses.server";
import { formatCommentRef } from "~/features/comments/reference";
import { newCommentEmail } from "../../../../emails/new-comment";
import { commentReplyEmail } from "../../../../emails/comment-reply";
import { commentUrl, mailComment, mailConsultation, threadOf, type EventHandler } from "./handler.server";
import { ensureFollowerOfUser, followersOfConsultation, mailLocale, single, type Recipient } from "./recipients.server";

export const commentCreated: EventHandler<"comment.created"> = async (event, c, now) => {
  const comment = await db().comment.findUnique({
    where: { id: event.subjectId },
    select: {
      id: true,
      seq: true,
      bodyMd: true,
      bodyHtml: true,
      createdAt: true,
      hiddenAt: true,
      withdrawnAt: true,
      isIfmReply: true,
      sectionTitle: true,
      author: { select: { id: true, email: true, displayName: true } },
      organisation: { select: { name: true } },
      parent: { select: { id: true, seq: true, author: { select: { id: true, email: true } } } },
    },
  });
  if (!comment) return null;

  // Auto-follow: commenting follows the consultation unless the author turned that off (or
  // unsubscribed from everything).
  await retryWhenBusy(() => db().$transaction((tx) => followOnComment(tx, { userId: comment.author.id, consultationId: c.id, now })));

  // Hidden or withdrawn before the worker got to it: nothing to tell.
  if (comment.hiddenAt || comment.withdrawnAt) return null;

  const parent = comment.parent;
  const parentRef = parent ? formatCommentRef(c.number, parent.seq) : null;
  const thread = threadOf(c, { parentCommentId: parent?.id ?? null });

  // The parent's author hears about the reply first (and so once: the dedupe key is per
  // follower), whatever their mode for new comments.
  let replyTo: Recipient | null = null;
  if (parent && parentRef && parent.author.id !== comment.author.id) {
    const follower = await ensureFollowerOfUser(parent.author, now);
    if (follower.notifyReplies && follower.confirmedAt && !follower.unsubscribedAllAt) {
      replyTo = {
        followerId: follower.id,
        email: follower.email,
        userId: follower.userId,
        locale: mailLocale(follower),
        reason: { kind: "reply", ref: parentRef },
        list: { kind: "all" },
      };
    }
  }
  const replyNotice = replyTo && parentRef ? { followerId: replyTo.followerId, parentRef } : null;

  return {
    recipients: [single(replyTo), followersOfConsultation(c, { commentMode: "immediate" })],
    mail: (recipient, footer) => {
      const { locale } = recipient;
      const consultation = mailConsultation(c, locale);
      const quoted = mailComment(comment, { slug: c.slug, ref: event.payload.ref }, locale);
      return {
        thread,
        // Replying in a mail client posts a reply to this comment as this recipient (docs/decisions/033).
        replyTo: replyAddress({ commentId: comment.id, followerId: recipient.followerId, now }),
        content:
          recipient.followerId === replyNotice?.followerId
            ? commentReplyEmail({
                consultation,
                comment: quoted,
                parent: { ref: replyNotice.parentRef, url: commentUrl(c.slug, replyNotice.parentRef, locale) },
                footer,
              })
            : newCommentEmail({ consultation, comment: quoted, parentRef, footer }),
      };
    },
  };
};

/** SQLITE_BUSY from Prisma (P1008): another process held the write lock past the busy timeout, or a deferred transaction's snapshot went stale. */
function isBusy(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === "P1008" || (typeof e?.message === "string" && /SQLITE_BUSY|database is locked/.test(e.message));
}

/** Runs a short Prisma transaction again (up to 5 times) when SQLite answers busy. */
async function retryWhenBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isBusy(error) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
