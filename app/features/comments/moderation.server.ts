// Moderation of comments: IFM staff hide and restore them with a reason (audited); any signed-in
// reader but the author flags one for the IFM, once; staff list the open flags and dismiss them.
import { db, isUniqueViolation, lockRow } from "~/services/db.server";
import { Refusal, denied, refused, type Refused } from "~/models/refusal.server";
import { type Actor } from "~/models/permissions";
import { recordAudit } from "~/models/audit.server";
import { formatCommentRef } from "./reference";
import { authorName, inTransaction, refusalText, type CommentRefResult } from "./comment.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

/** IFM staff hide a comment with a reason: the public sees a tombstone, staff still see the text. */
export async function hideComment({
  commentId,
  actor,
  reason,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  /** As commentHideSchema gave it: trimmed, 5 to 500 characters. */
  reason: string;
  now?: Date;
  /** The language of the refusals. */
  locale?: Locale;
}): Promise<CommentRefResult> {
  const notAllowed = denied(actor, "comment.hide", undefined, locale);
  if (notAllowed) return notAllowed;

  return inTransaction(async (tx): Promise<CommentRefResult> => {
    // Hiding, restoring, withdrawing and editing one comment at once wait for each other.
    await lockRow(tx, "Comment", commentId);
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
    if (c.withdrawnAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.hideWithdrawn")));
    if (c.hiddenAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.alreadyHidden")));
    const ref = formatCommentRef(c.consultation.number, c.seq);

    await tx.comment.update({
      where: { id: c.id },
      data: { hiddenAt: now, hiddenReason: reason, hiddenById: actor.id },
      select: { id: true },
    });
    await tx.consultation.update({ where: { id: c.consultationId }, data: { commentCount: { decrement: 1 } }, select: { id: true } });
    await tx.commentFlag.updateMany({ where: { commentId: c.id, resolvedAt: null }, data: { resolvedAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.hide",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: true,
      data: { ref, reason },
    });
    return { ok: true, ref };
  });
}

/** IFM staff restore a hidden comment (optionally saying why). */
export async function restoreComment({
  commentId,
  actor,
  reason,
  now: _now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  /** As commentRestoreSchema gave it: trimmed, at most 500 characters; absent when left blank. */
  reason?: string | null;
  now?: Date;
  locale?: Locale;
}): Promise<CommentRefResult> {
  const notAllowed = denied(actor, "comment.restore", undefined, locale);
  if (notAllowed) return notAllowed;

  return inTransaction(async (tx): Promise<CommentRefResult> => {
    // Hiding, restoring, withdrawing and editing one comment at once wait for each other.
    await lockRow(tx, "Comment", commentId);
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
    if (!c.hiddenAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.notHidden")));
    const ref = formatCommentRef(c.consultation.number, c.seq);

    await tx.comment.update({
      where: { id: c.id },
      data: { hiddenAt: null, hiddenReason: null, hiddenById: null },
      select: { id: true },
    });
    if (!c.withdrawnAt) {
      await tx.consultation.update({ where: { id: c.consultationId }, data: { commentCount: { increment: 1 } }, select: { id: true } });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.restore",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: true,
      data: { ref, reason: reason || null },
    });
    return { ok: true, ref };
  });
}

export type FlagCommentResult = { ok: true; ref: string; alreadyFlagged: boolean } | Refused;

/** A signed-in user (not the author) asks the IFM to look at a comment. One flag per user. */
export async function flagComment({
  commentId,
  actor,
  reason,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  /** As commentFlagSchema gave it: trimmed, 5 to 500 characters. */
  reason: string;
  now?: Date;
  locale?: Locale;
}): Promise<FlagCommentResult> {
  const userId = actor.id;
  try {
    return await inTransaction(async (tx): Promise<FlagCommentResult> => {
      const c = await tx.comment.findUnique({
        where: { id: commentId },
        select: { id: true, seq: true, consultationId: true, authorId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
      });
      if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
      const theirOwn = denied(actor, "comment.flag", { authorId: c.authorId }, locale);
      if (theirOwn) throw new Refusal(theirOwn);
      if (c.withdrawnAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.flagWithdrawn")));
      if (c.hiddenAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.flagHidden")));
      const ref = formatCommentRef(c.consultation.number, c.seq);

      const existing = await tx.commentFlag.findUnique({ where: { commentId_userId: { commentId: c.id, userId } }, select: { id: true } });
      if (existing) return { ok: true, ref, alreadyFlagged: true };

      await tx.commentFlag.create({ data: { commentId: c.id, userId, reason, createdAt: now }, select: { id: true } });
      await recordAudit(tx, {
        actorId: userId,
        action: "comment.flag",
        subjectType: "comment",
        subjectId: c.id,
        consultationId: c.consultationId,
        isPublic: false,
        data: { ref, reason },
      });
      return { ok: true, ref, alreadyFlagged: false };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: true, alreadyFlagged: true, ...(await refOf(commentId)) };
    throw error;
  }
}

async function refOf(commentId: string): Promise<{ ref: string }> {
  const c = await db().comment.findUnique({ where: { id: commentId }, select: { seq: true, consultation: { select: { number: true } } } });
  return { ref: c ? formatCommentRef(c.consultation.number, c.seq) : "" };
}

export type FlaggedComment = {
  id: string;
  ref: string;
  consultation: { id: string; slug: string; title: string };
  authorName: string;
  excerpt: string;
  createdAt: Date;
  hiddenAt: Date | null;
  flags: { reason: string; userName: string; createdAt: Date }[];
};

const EXCERPT_LENGTH = 300;

/** Comments with unresolved flags, oldest flag first, for the IFM moderation page. */
export async function listFlaggedComments({ consultationId }: { consultationId?: string } = {}): Promise<FlaggedComment[]> {
  const rows = await db().comment.findMany({
    where: {
      ...(consultationId ? { consultationId } : {}),
      withdrawnAt: null,
      flags: { some: { resolvedAt: null } },
    },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
    select: {
      id: true,
      seq: true,
      bodyMd: true,
      createdAt: true,
      hiddenAt: true,
      author: { select: { displayName: true } },
      consultation: { select: { id: true, number: true, slug: true, title: true } },
      flags: {
        where: { resolvedAt: null },
        orderBy: { createdAt: "asc" },
        select: { reason: true, createdAt: true, user: { select: { displayName: true } } },
      },
    },
  });
  return rows
    .map((r) => ({
      id: r.id,
      ref: formatCommentRef(r.consultation.number, r.seq),
      consultation: { id: r.consultation.id, slug: r.consultation.slug, title: r.consultation.title },
      authorName: authorName(r.author),
      excerpt: r.bodyMd.length > EXCERPT_LENGTH ? `${r.bodyMd.slice(0, EXCERPT_LENGTH).trimEnd()}…` : r.bodyMd,
      createdAt: r.createdAt,
      hiddenAt: r.hiddenAt,
      flags: r.flags.map((f) => ({ reason: f.reason, userName: authorName(f.user), createdAt: f.createdAt })),
    }))
    .sort((a, b) => a.flags[0].createdAt.getTime() - b.flags[0].createdAt.getTime());
}

/** IFM staff close the open flags on a comment without hiding it. */
export async function dismissFlags({
  commentId,
  actor,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true; ref: string; dismissed: number } | Refused> {
  const notAllowed = denied(actor, "comment.dismiss-flags", undefined, locale);
  if (notAllowed) return notAllowed;
  return inTransaction(async (tx) => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
    const ref = formatCommentRef(c.consultation.number, c.seq);
    const { count } = await tx.commentFlag.updateMany({ where: { commentId: c.id, resolvedAt: null }, data: { resolvedAt: now } });
    if (count === 0) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.noOpenFlags")));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.flags.dismiss",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: false,
      data: { ref, dismissed: count },
    });
    return { ok: true as const, ref, dismissed: count };
  });
}
