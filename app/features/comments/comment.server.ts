/**
 * Comments on a consultation: posting (threads of any depth, sections of the plan, on behalf of an
 * organisation), editing within a window, withdrawal, moderation (hide / restore / flags),
 * threaded pages, permalinks, edit history and exports.
 *
 * Rules live here, not in routes; input arrives checked by the forms' schemas (validation.ts).
 * Refusals are returned as `Refused`; mutations check their preconditions inside their
 * transaction (SQLite runs one write transaction at a time), so two racing requests cannot both
 * pass a check. Who may do what is decided by app/models/permissions.ts.
 */
import { db, type Db, directRead, directTransaction, isUniqueViolation } from "~/services/db.server";
import type { DirectConnection } from "~/services/sqlite-isolation.server";
import { memoPublic } from "~/services/public-memo.server";
import type { PageHtml } from "~/components/server-html";
import { renderMarkdown, storedHeadings, type Heading } from "~/services/markdown.server";
import { countRateLimitHits } from "~/services/rate-limit.server";
import { dateFrom, newId, sqliteDateTime } from "~/services/sql.server";
import { Refusal, denied, inTransaction as inTx, rateLimited, refused, type Refused } from "~/models/refusal.server";
import { can, type Actor } from "~/models/permissions";
import { auditDirect, recordAudit } from "~/models/audit.server";
import { recordEventDirect } from "~/features/following/events/record.server";
import { consultationStatus, STATUS_SELECT, type StatusDates } from "~/features/consultations/status";
import { EDIT_WINDOW_MINUTES, formatCommentRef, type ThreadSort } from "./reference";
import { formatUtc } from "~/models/time";
import { NOUNS, plural } from "~/models/plural";
import { shownName } from "~/models/names";

// ---------------------------------------------------------------------------------------------
// Shared types and helpers

export type CommentViewer = { id?: string | null; isStaff: boolean };
export type CommentState = "visible" | "hidden" | "withdrawn";

/** Shown for an account that has not chosen a display name yet. */

const EDIT_WINDOW_MS = EDIT_WINDOW_MINUTES * 60_000;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

/** Per-user and per-IP posting limits. */
export const COMMENT_RATE_LIMITS = {
  userPerMinute: 10,
  userPerDay: 100,
  ipPerMinute: 30,
} as const;

/** The status dates of a row read with raw SQL. */
function statusDatesOf(row: { [K in keyof StatusDates]: Date | string | null }): StatusDates {
  return {
    publishedAt: dateFrom(row.publishedAt),
    opensAt: dateFrom(row.opensAt),
    closesAt: dateFrom(row.closesAt),
    withdrawnAt: dateFrom(row.withdrawnAt),
    concludedAt: dateFrom(row.concludedAt),
  };
}

const inTransaction = <T>(fn: (tx: Db) => Promise<T>) => inTx(fn, TRANSACTION_OPTIONS);

function authorName(user: { displayName: string | null }): string {
  return shownName(user.displayName);
}

function stateOf(c: { hiddenAt: Date | null; withdrawnAt: Date | null }): CommentState {
  if (c.withdrawnAt) return "withdrawn";
  if (c.hiddenAt) return "hidden";
  return "visible";
}

function closedMessage(closesAt: Date): string {
  return `The comment period closed on ${formatUtc(closesAt)}. Your text has not been lost: copy it if you want to keep it.`;
}

/**
 * Why a comment cannot be posted now, or null. IFM staff replies are also accepted after the
 * period has closed (status closed or concluded).
 */
function postingRefusal(c: StatusDates, now: Date, staffReply: boolean): Refused | null {
  const status = consultationStatus(c, now);
  switch (status) {
    case "open":
      return null;
    case "draft":
      return refused(404, "Consultation not found.");
    case "withdrawn":
      return refused(403, "This consultation was withdrawn.");
    case "upcoming":
      return refused(403, `Comments open on ${formatUtc(c.opensAt!)}.`);
    case "closed":
    case "concluded":
      return staffReply ? null : refused(403, closedMessage(c.closesAt!));
  }
}

type EditableComment = {
  createdAt: Date;
  hiddenAt: Date | null;
  withdrawnAt: Date | null;
  isIfmReply: boolean;
};

/** Why its author cannot edit the comment now, or null (shared by editComment and canEdit). */
function editRefusal(comment: EditableComment, consultation: StatusDates, now: Date): Refused | null {
  if (comment.withdrawnAt) return refused(409, "This comment was withdrawn and can no longer be edited.");
  if (comment.hiddenAt) return refused(409, "This comment was hidden by the IFM and can no longer be edited.");
  if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
    return refused(403, `Comments can be edited for ${plural(EDIT_WINDOW_MINUTES, NOUNS.minute)} after posting; that time has passed for this one.`);
  }
  const status = consultationStatus(consultation, now);
  if (status === "open") return null;
  if (comment.isIfmReply && (status === "closed" || status === "concluded")) return null;
  if (status === "withdrawn") return refused(403, "This consultation was withdrawn.");
  return refused(403, `The comment period closed on ${formatUtc(consultation.closesAt!)}; comments can no longer be edited.`);
}

const statusSelect = STATUS_SELECT;

// ---------------------------------------------------------------------------------------------
// Posting

/** A comment as the form's schema (commentPostSchema) gave it: the body trimmed and within its limits. */
export type PostCommentInput = {
  consultationId: string;
  author: Actor;
  bodyMd: string;
  /** The comment replied to; absent for a new thread. */
  parentId?: string | null;
  /** Heading id of a section of the current plan version. */
  sectionId?: string | null;
  /** Organisation id: posting on behalf of an organisation the author is verified for. */
  onBehalfOf?: string | null;
  idempotencyKey: string;
  ip: string;
  now?: Date;
};

export type PostedComment = { id: string; ref: string; seq: number; threadId: string | null };
export type PostCommentResult = { ok: true; comment: PostedComment; duplicate: boolean } | Refused;

/**
 * Posts a comment or a reply. A second submission with the same idempotency key returns the
 * first comment (`duplicate: true`) and writes nothing.
 *
 * Posting is the busiest write, so its SQL runs directly on the connection in one synchronous
 * transaction (see docs/performance.md): nothing can change between the checks and the insert,
 * and a refusal after the rate limits keeps the counted hit.
 */
export async function postComment({
  consultationId,
  author,
  bodyMd,
  parentId,
  sectionId,
  onBehalfOf,
  idempotencyKey,
  ip,
  now = new Date(),
}: PostCommentInput): Promise<PostCommentResult> {
  const notAllowed = denied(author, "comment.post");
  if (notAllowed) return notAllowed;
  const bodyHtml = renderMarkdown(bodyMd, { headingIds: false }).html;
  const staffReply = can(author, "comment.reply-as-ifm") && !!parentId;
  const limits = [
    { key: `comment:user:${author.id}:minute`, limit: COMMENT_RATE_LIMITS.userPerMinute, windowSeconds: 60 },
    { key: `comment:user:${author.id}:day`, limit: COMMENT_RATE_LIMITS.userPerDay, windowSeconds: 86_400 },
    { key: `comment:ip:${ip}:minute`, limit: COMMENT_RATE_LIMITS.ipPerMinute, windowSeconds: 60 },
  ];

  // BEGIN IMMEDIATE takes the write lock before the idempotency check, so no other process can
  // insert the same key between the check and the insert: one comment per key, always.
  return directTransaction((sql) => insertComment(sql));

  function insertComment(sql: DirectConnection): PostCommentResult {
    // A double submit: answer with the comment the first submission created.
    const earlier = findByIdempotencyKey(sql, idempotencyKey, author.id, consultationId);
    if (earlier) return earlier;

    const consultation = sql.statement(SQL.consultationForPosting).get(consultationId) as
      (StatusRow & { number: bigint; versionId: string | null; headingsJson: string | null }) | undefined;
    if (!consultation || !consultation.versionId) return refused(404, "Consultation not found.");
    const closed = postingRefusal(statusDatesOf(consultation), now, staffReply);
    if (closed) return closed;

    const limit = countRateLimitHits(sql, limits, now);
    if (!limit.allowed) return rateLimited(limit.retryAfterSeconds);

    let section: Heading | null = null;
    if (sectionId) {
      section = storedHeadings(consultation.headingsJson).find((h) => h.id === sectionId) ?? null;
      if (!section) return refused(400, "That section does not exist in the current plan.", "sectionId");
    }
    if (onBehalfOf && !sql.statement(SQL.membership).get(author.id, onBehalfOf)) {
      return refused(403, "You are not a verified representative of that organisation.", "onBehalfOf");
    }

    let parent: { id: string; depth: number; threadId: string | null } | null = null;
    if (parentId) {
      const found = sql.statement(SQL.parent).get(parentId) as
        { id: string; consultationId: string; depth: bigint; threadId: string | null; hiddenAt: string | null; withdrawnAt: string | null } | undefined;
      if (!found || found.consultationId !== consultationId) {
        return refused(404, "The comment you are replying to does not exist in this consultation.", "parentRef");
      }
      if (found.withdrawnAt) return refused(409, "The comment you are replying to was withdrawn by its author.", "parentRef");
      if (found.hiddenAt) return refused(409, "The comment you are replying to was hidden by the IFM; replies to it are closed.", "parentRef");
      parent = { id: found.id, depth: Number(found.depth), threadId: found.threadId };
    }

    const { commentSeq } = sql.statement(SQL.nextSeq).get(consultationId) as { commentSeq: bigint };
    const seq = Number(commentSeq);
    const ref = formatCommentRef(Number(consultation.number), seq);
    const threadId = parent ? (parent.threadId ?? parent.id) : null;
    const id = newId(now.getTime());
    const at = sqliteDateTime(now);
    sql
      .statement(SQL.insertComment)
      .run(
        id,
        consultationId,
        seq,
        parent?.id ?? null,
        threadId,
        parent ? parent.depth + 1 : 0,
        author.id,
        onBehalfOf || null,
        consultation.versionId,
        section?.id ?? null,
        section?.text ?? null,
        bodyMd,
        bodyHtml,
        staffReply ? 1 : 0,
        idempotencyKey,
        at,
        at,
      );
    if (threadId) sql.statement(SQL.touchThread).run(at, threadId);
    recordEventDirect(sql, {
      type: "comment.created",
      subjectId: id,
      payload: { ref, parentId: parent?.id ?? null },
      consultationId,
      actorId: author.id,
      createdAt: now,
    });
    auditDirect(
      sql,
      { actorId: author.id, action: "comment.create", subjectType: "comment", subjectId: id, consultationId, isPublic: false, data: { ref } },
      now,
    );
    return { ok: true, comment: { id, ref, seq, threadId }, duplicate: false };
  }
}

type StatusRow = { [K in keyof StatusDates]: string | null };

// The statements of the posting path, prepared once per connection.
const SQL = {
  byIdempotencyKey: `SELECT c."id", c."seq", c."threadId", c."authorId", c."consultationId", k."number"
    FROM "Comment" c JOIN "Consultation" k ON k."id" = c."consultationId" WHERE c."idempotencyKey" = ?`,
  consultationForPosting: `SELECT c."number", c."publishedAt", c."opensAt", c."closesAt", c."withdrawnAt", c."concludedAt",
      v."id" AS "versionId", v."headingsJson"
    FROM "Consultation" c
    LEFT JOIN "PlanVersion" v ON v."id" = (
      SELECT "id" FROM "PlanVersion" WHERE "consultationId" = c."id" AND "publishedAt" IS NOT NULL ORDER BY "number" DESC LIMIT 1)
    WHERE c."id" = ?`,
  membership: `SELECT "id" FROM "Membership" WHERE "userId" = ? AND "organisationId" = ? AND "revokedAt" IS NULL`,
  parent: `SELECT "id", "consultationId", "depth", "threadId", "hiddenAt", "withdrawnAt" FROM "Comment" WHERE "id" = ?`,
  nextSeq: `UPDATE "Consultation" SET "commentSeq" = "commentSeq" + 1, "commentCount" = "commentCount" + 1 WHERE "id" = ? RETURNING "commentSeq"`,
  insertComment: `INSERT INTO "Comment" ("id", "consultationId", "seq", "parentId", "threadId", "depth", "authorId", "organisationId",
      "planVersionId", "sectionId", "sectionTitle", "bodyMd", "bodyHtml", "isIfmReply", "idempotencyKey", "createdAt", "lastActivityAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  touchThread: `UPDATE "Comment" SET "lastActivityAt" = ? WHERE "id" = ?`,
};

function findByIdempotencyKey(sql: DirectConnection, key: string, authorId: string, consultationId: string): PostCommentResult | null {
  const found = sql.statement(SQL.byIdempotencyKey).get(key) as
    { id: string; seq: bigint; threadId: string | null; authorId: string; consultationId: string; number: bigint } | undefined;
  if (!found) return null;
  if (found.authorId !== authorId || found.consultationId !== consultationId) {
    return refused(409, "This form was already used. Reload the page and post again (copy your text first).", "idempotencyKey");
  }
  const seq = Number(found.seq);
  return { ok: true, comment: { id: found.id, ref: formatCommentRef(Number(found.number), seq), seq, threadId: found.threadId }, duplicate: true };
}

// ---------------------------------------------------------------------------------------------
// Editing and withdrawing (authors)

export type EditCommentResult = { ok: true; ref: string; changed: boolean } | Refused;

/**
 * The author edits their comment within EDIT_WINDOW_MINUTES of posting, while the period is
 * open (IFM replies also after it closed). The previous text is kept as a revision.
 */
export async function editComment({
  commentId,
  actor,
  bodyMd,
  now = new Date(),
}: {
  commentId: string;
  actor: Actor;
  /** As commentEditSchema gave it: trimmed and within its limits. */
  bodyMd: string;
  now?: Date;
}): Promise<EditCommentResult> {
  return inTransaction(async (tx): Promise<EditCommentResult> => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: {
        id: true,
        seq: true,
        consultationId: true,
        authorId: true,
        bodyMd: true,
        bodyHtml: true,
        createdAt: true,
        editedAt: true,
        hiddenAt: true,
        withdrawnAt: true,
        isIfmReply: true,
        consultation: { select: { number: true, ...statusSelect } },
      },
    });
    if (!c) throw new Refusal(refused(404, "That comment was not found."));
    const notNow = denied(actor, "comment.edit-own", { authorId: c.authorId }) ?? editRefusal(c, c.consultation, now);
    if (notNow) throw new Refusal(notNow);
    const ref = formatCommentRef(c.consultation.number, c.seq);
    if (bodyMd === c.bodyMd) return { ok: true, ref, changed: false };

    await tx.commentRevision.create({
      data: { commentId: c.id, bodyMd: c.bodyMd, bodyHtml: c.bodyHtml, createdAt: c.editedAt ?? c.createdAt },
      select: { id: true },
    });
    await tx.comment.update({
      where: { id: c.id },
      data: { bodyMd, bodyHtml: renderMarkdown(bodyMd, { headingIds: false }).html, editedAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.edit",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: false,
      data: { ref },
    });
    return { ok: true, ref, changed: true };
  });
}

export type CommentRefResult = { ok: true; ref: string } | Refused;

/**
 * The author withdraws their comment: it becomes a tombstone for everyone (the text stays in the
 * database but is never shown). Open flags on it are resolved.
 */
export async function withdrawComment({ commentId, actor, now = new Date() }: { commentId: string; actor: Actor; now?: Date }): Promise<CommentRefResult> {
  return inTransaction(async (tx): Promise<CommentRefResult> => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, authorId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, "That comment was not found."));
    const notTheirs = denied(actor, "comment.withdraw-own", { authorId: c.authorId });
    if (notTheirs) throw new Refusal(notTheirs);
    if (c.withdrawnAt) throw new Refusal(refused(409, "You have already withdrawn this comment."));
    const ref = formatCommentRef(c.consultation.number, c.seq);

    await tx.comment.update({ where: { id: c.id }, data: { withdrawnAt: now }, select: { id: true } });
    if (!c.hiddenAt) {
      await tx.consultation.update({ where: { id: c.consultationId }, data: { commentCount: { decrement: 1 } }, select: { id: true } });
    }
    await tx.commentFlag.updateMany({ where: { commentId: c.id, resolvedAt: null }, data: { resolvedAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.withdraw",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: true,
      data: { ref },
    });
    return { ok: true, ref };
  });
}

// ---------------------------------------------------------------------------------------------
// Moderation (IFM staff) and flags (any signed-in user)

/** IFM staff hide a comment with a reason: the public sees a tombstone, staff still see the text. */
export async function hideComment({
  commentId,
  actor,
  reason,
  now = new Date(),
}: {
  commentId: string;
  actor: Actor;
  /** As commentHideSchema gave it: trimmed, 5 to 500 characters. */
  reason: string;
  now?: Date;
}): Promise<CommentRefResult> {
  const notAllowed = denied(actor, "comment.hide");
  if (notAllowed) return notAllowed;

  return inTransaction(async (tx): Promise<CommentRefResult> => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, "That comment was not found."));
    if (c.withdrawnAt) throw new Refusal(refused(409, "This comment was withdrawn by its author; there is nothing to hide."));
    if (c.hiddenAt) throw new Refusal(refused(409, "This comment is already hidden."));
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
}: {
  commentId: string;
  actor: Actor;
  /** As commentRestoreSchema gave it: trimmed, at most 500 characters; absent when left blank. */
  reason?: string | null;
  now?: Date;
}): Promise<CommentRefResult> {
  const notAllowed = denied(actor, "comment.restore");
  if (notAllowed) return notAllowed;

  return inTransaction(async (tx): Promise<CommentRefResult> => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, "That comment was not found."));
    if (!c.hiddenAt) throw new Refusal(refused(409, "This comment is not hidden."));
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
}: {
  commentId: string;
  actor: Actor;
  /** As commentFlagSchema gave it: trimmed, 5 to 500 characters. */
  reason: string;
  now?: Date;
}): Promise<FlagCommentResult> {
  const userId = actor.id;
  try {
    return await inTransaction(async (tx): Promise<FlagCommentResult> => {
      const c = await tx.comment.findUnique({
        where: { id: commentId },
        select: { id: true, seq: true, consultationId: true, authorId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
      });
      if (!c) throw new Refusal(refused(404, "That comment was not found."));
      const theirOwn = denied(actor, "comment.flag", { authorId: c.authorId });
      if (theirOwn) throw new Refusal(theirOwn);
      if (c.withdrawnAt) throw new Refusal(refused(409, "This comment was withdrawn by its author."));
      if (c.hiddenAt) throw new Refusal(refused(409, "This comment is already hidden by the IFM."));
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
}: {
  commentId: string;
  actor: Actor;
  now?: Date;
}): Promise<{ ok: true; ref: string; dismissed: number } | Refused> {
  const notAllowed = denied(actor, "comment.dismiss-flags");
  if (notAllowed) return notAllowed;
  return inTransaction(async (tx) => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, "That comment was not found."));
    const ref = formatCommentRef(c.consultation.number, c.seq);
    const { count } = await tx.commentFlag.updateMany({ where: { commentId: c.id, resolvedAt: null }, data: { resolvedAt: now } });
    if (count === 0) throw new Refusal(refused(409, "There are no open flags on this comment."));
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

// ---------------------------------------------------------------------------------------------
// Reading: threads, subtrees, permalinks, edit history

export type CommentNode = {
  id: string;
  ref: string;
  seq: number;
  depth: number;
  createdAt: Date;
  editedAt: Date | null;
  author: { id: string; displayName: string };
  organisation: { name: string; kind: string; tlds: string[] } | null;
  isIfmReply: boolean;
  section: { id: string; title: string } | null;
  planVersionNumber: number;
  /** Null for withdrawn comments, and for hidden ones unless the viewer is IFM staff. */
  bodyHtml: string | null;
  state: CommentState;
  /** Set when hidden: shown in the public tombstone "hidden by the IFM: <reason>". */
  hiddenReason: string | null;
  canEdit: boolean;
  isOwn: boolean;
  /** Earlier texts the viewer may see (0 when the text itself is not shown to them). */
  revisionsCount: number;
  replies: CommentNode[];
};

// The thread queries run on the direct connection: a page of threads is read on every
// consultation page a signed-in reader opens (see docs/performance.md).
const NODE_COLUMNS = `
  c."id", c."seq", c."parentId", c."threadId", c."depth", c."createdAt", c."editedAt", c."authorId", c."isIfmReply",
  c."sectionId", c."sectionTitle", c."planVersionId", c."bodyHtml", c."hiddenAt", c."hiddenReason", c."withdrawnAt",
  u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
  CASE WHEN o."id" IS NULL THEN NULL ELSE
    (SELECT json_group_array(t."name") FROM (SELECT "name" FROM "Tld" WHERE "organisationId" = o."id" ORDER BY "name") t) END AS "orgTlds",
  (SELECT count(*) FROM "CommentRevision" r WHERE r."commentId" = c."id") AS "revisions"
  FROM "Comment" c JOIN "User" u ON u."id" = c."authorId" LEFT JOIN "Organisation" o ON o."id" = c."organisationId"`;

const THREAD_SQL = {
  context: `SELECT "number", "publishedAt", "opensAt", "closesAt", "withdrawnAt", "concludedAt",
      (SELECT json_group_array(json_object('id', v."id", 'number', v."number", 'published', v."publishedAt" IS NOT NULL, 'headingsJson', v."headingsJson"))
       FROM (SELECT * FROM "PlanVersion" WHERE "consultationId" = k."id" ORDER BY "number" DESC) v) AS "versions"
    FROM "Consultation" k WHERE k."id" = ?`,
  countTops: `SELECT count(*) AS "n" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`,
  topsNewest: `SELECT ${NODE_COLUMNS} WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" DESC, c."seq" DESC LIMIT ? OFFSET ?`,
  topsOldest: `SELECT ${NODE_COLUMNS} WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" ASC, c."seq" ASC LIMIT ? OFFSET ?`,
  topsForSections: `SELECT "id", "seq", "sectionId", "sectionTitle", "createdAt" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`,
  byIds: `SELECT ${NODE_COLUMNS} WHERE c."id" IN (SELECT "value" FROM json_each(?))`,
  replies: `SELECT ${NODE_COLUMNS} WHERE c."threadId" IN (SELECT "value" FROM json_each(?)) ORDER BY c."createdAt", c."seq"`,
  subtree: `SELECT ${NODE_COLUMNS} WHERE c."id" = @root OR c."threadId" = @root ORDER BY c."createdAt", c."seq"`,
};

type RawNodeRow = {
  id: string;
  seq: bigint;
  parentId: string | null;
  threadId: string | null;
  depth: bigint;
  createdAt: string;
  editedAt: string | null;
  authorId: string;
  isIfmReply: bigint;
  sectionId: string | null;
  sectionTitle: string | null;
  planVersionId: string;
  bodyHtml: string;
  hiddenAt: string | null;
  hiddenReason: string | null;
  withdrawnAt: string | null;
  authorName: string | null;
  orgName: string | null;
  orgKind: string | null;
  orgTlds: string | null;
  revisions: bigint;
};

function nodeRowFrom(r: RawNodeRow): NodeRow {
  return {
    id: r.id,
    seq: Number(r.seq),
    parentId: r.parentId,
    threadId: r.threadId,
    depth: Number(r.depth),
    createdAt: dateFrom(r.createdAt)!,
    editedAt: dateFrom(r.editedAt),
    authorId: r.authorId,
    isIfmReply: r.isIfmReply === 1n,
    sectionId: r.sectionId,
    sectionTitle: r.sectionTitle,
    planVersionId: r.planVersionId,
    bodyHtml: r.bodyHtml,
    hiddenAt: dateFrom(r.hiddenAt),
    hiddenReason: r.hiddenReason,
    withdrawnAt: dateFrom(r.withdrawnAt),
    author: { displayName: r.authorName },
    organisation: r.orgName ? { name: r.orgName, kind: r.orgKind ?? "", tlds: (JSON.parse(r.orgTlds ?? "[]") as string[]).map((name) => ({ name })) } : null,
    _count: { revisions: Number(r.revisions) },
  };
}

function readNodes(sql: DirectConnection, statement: string, ...params: unknown[]): NodeRow[] {
  return (sql.statement(statement).all(...params) as RawNodeRow[]).map(nodeRowFrom);
}

type NodeRow = {
  id: string;
  seq: number;
  parentId: string | null;
  threadId: string | null;
  depth: number;
  createdAt: Date;
  editedAt: Date | null;
  authorId: string;
  isIfmReply: boolean;
  sectionId: string | null;
  sectionTitle: string | null;
  planVersionId: string;
  bodyHtml: string;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  withdrawnAt: Date | null;
  author: { displayName: string | null };
  organisation: { name: string; kind: string; tlds: { name: string }[] } | null;
  _count: { revisions: number };
};

type ThreadContext = {
  number: number;
  dates: StatusDates;
  versionNumbers: Map<string, number>;
  /** Headings of the current published plan version. */
  headings: Heading[];
};

function loadThreadContext(sql: DirectConnection, consultationId: string): ThreadContext | null {
  const c = sql.statement(THREAD_SQL.context).get(consultationId) as (StatusRow & { number: bigint; versions: string }) | undefined;
  if (!c) return null;
  const versions = JSON.parse(c.versions) as { id: string; number: number; published: 0 | 1; headingsJson: string | null }[];
  const current = versions.find((v) => v.published);
  return {
    number: Number(c.number),
    dates: statusDatesOf(c),
    versionNumbers: new Map(versions.map((v) => [v.id, v.number])),
    headings: storedHeadings(current?.headingsJson),
  };
}

function toNode(row: NodeRow, ctx: ThreadContext, viewer: CommentViewer, now: Date): CommentNode {
  const state = stateOf(row);
  const isOwn = !!viewer.id && viewer.id === row.authorId;
  const textShown = state === "visible" || (state === "hidden" && viewer.isStaff);
  return {
    id: row.id,
    ref: formatCommentRef(ctx.number, row.seq),
    seq: row.seq,
    depth: row.depth,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    author: { id: row.authorId, displayName: authorName(row.author) },
    organisation: row.organisation ? { name: row.organisation.name, kind: row.organisation.kind, tlds: row.organisation.tlds.map((t) => t.name) } : null,
    isIfmReply: row.isIfmReply,
    section: row.sectionId ? { id: row.sectionId, title: row.sectionTitle ?? row.sectionId } : null,
    planVersionNumber: ctx.versionNumbers.get(row.planVersionId) ?? 0,
    bodyHtml: textShown ? row.bodyHtml : null,
    state,
    hiddenReason: state === "hidden" ? row.hiddenReason : null,
    canEdit: isOwn && state === "visible" && editRefusal(row, ctx.dates, now) === null,
    isOwn,
    revisionsCount: textShown ? row._count.revisions : 0,
    replies: [],
  };
}

/** Builds nodes and nests them; `rows` sorted by creation. Returns the node map. */
function buildTree(rows: NodeRow[], ctx: ThreadContext, viewer: CommentViewer, now: Date): Map<string, CommentNode> {
  const nodes = new Map<string, CommentNode>();
  for (const row of rows) nodes.set(row.id, toNode(row, ctx, viewer, now));
  for (const row of rows) {
    if (!row.parentId) continue;
    const parent = nodes.get(row.parentId) ?? (row.threadId ? nodes.get(row.threadId) : undefined);
    parent?.replies.push(nodes.get(row.id)!);
  }
  return nodes;
}

/** A comment node whose text is given to the page as `PageHtml` (see htmlOnce). */
export type PageCommentNode = Omit<CommentNode, "bodyHtml" | "replies"> & { bodyHtml: PageHtml | null; replies: PageCommentNode[] };

/** The nodes with each shown text passed through `once`: sent in the document only, when it is one. */
export function withTextsOnce(nodes: CommentNode[], once: (html: string) => PageHtml): PageCommentNode[] {
  return nodes.map((n) => ({ ...n, bodyHtml: n.bodyHtml === null ? null : once(n.bodyHtml), replies: withTextsOnce(n.replies, once) }));
}

export type ThreadsPage = { threads: CommentNode[]; totalThreads: number; pageCount: number; page: number };

/**
 * One page of threads: top-level comments (newest first, oldest first, or in the order of the
 * plan's sections with comments on no section last) with all their replies nested, oldest first.
 * Two queries for the comments however many there are: the page of top-level comments, then
 * every comment of those threads (by the threadId index).
 */
export async function getThreadsPage({
  consultationId,
  sort = "newest",
  page = 1,
  pageSize = 20,
  viewer,
  now = new Date(),
}: {
  consultationId: string;
  sort?: ThreadSort;
  page?: number;
  pageSize?: number;
  viewer: CommentViewer;
  now?: Date;
}): Promise<ThreadsPage> {
  const size = Math.max(1, Math.min(100, Math.floor(pageSize) || 20));
  const rows = await threadRows(consultationId, sort, page, size);
  if (!rows) return { threads: [], totalThreads: 0, pageCount: 1, page: 1 };
  // The rows are shared by every reader; what each may see and do is worked out here.
  const nodes = buildTree([...rows.tops, ...rows.replies], rows.ctx, viewer, now);
  return { threads: rows.tops.map((t) => nodes.get(t.id)!), totalThreads: rows.totalThreads, pageCount: rows.pageCount, page: rows.page };
}

type ThreadRows = { ctx: ThreadContext; tops: NodeRow[]; replies: NodeRow[]; totalThreads: number; pageCount: number; page: number };

/** The stored rows of one page of threads, the same for every reader (shared until a change). */
function threadRows(consultationId: string, sort: ThreadSort, page: number, size: number): Promise<ThreadRows | null> {
  return memoPublic(`threads:${consultationId}:${sort}:${page}:${size}`, () =>
    directRead((sql): ThreadRows | null => {
      const ctx = loadThreadContext(sql, consultationId);
      if (!ctx) return null;

      let tops: NodeRow[];
      let totalThreads: number;
      let current: number;
      let pageCount: number;
      if (sort === "section") {
        // The plan's order is not a column: sort the (small) list of top-level comments here.
        const all = (
          sql.statement(THREAD_SQL.topsForSections).all(consultationId) as {
            id: string;
            seq: bigint;
            sectionId: string | null;
            sectionTitle: string | null;
            createdAt: string;
          }[]
        ).map((c) => ({ ...c, seq: Number(c.seq), createdAt: dateFrom(c.createdAt)! }));
        totalThreads = all.length;
        pageCount = Math.max(1, Math.ceil(totalThreads / size));
        current = clampPage(page, pageCount);
        const rank = new Map(ctx.headings.map((h, i) => [h.id, i]));
        const unknownSection = ctx.headings.length; // a section of an earlier version only
        const key = (c: (typeof all)[number]) => (c.sectionId === null ? unknownSection + 1 : (rank.get(c.sectionId) ?? unknownSection));
        all.sort(
          (a, b) =>
            key(a) - key(b) || (a.sectionTitle ?? "").localeCompare(b.sectionTitle ?? "") || a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq,
        );
        const ids = all.slice((current - 1) * size, current * size).map((c) => c.id);
        const byId = new Map(readNodes(sql, THREAD_SQL.byIds, JSON.stringify(ids)).map((r) => [r.id, r]));
        tops = ids.map((id) => byId.get(id)).filter((r): r is NodeRow => !!r);
      } else {
        totalThreads = Number((sql.statement(THREAD_SQL.countTops).get(consultationId) as { n: bigint }).n);
        pageCount = Math.max(1, Math.ceil(totalThreads / size));
        current = clampPage(page, pageCount);
        tops = readNodes(sql, sort === "oldest" ? THREAD_SQL.topsOldest : THREAD_SQL.topsNewest, consultationId, size, (current - 1) * size);
      }

      const replies = tops.length ? readNodes(sql, THREAD_SQL.replies, JSON.stringify(tops.map((t) => t.id))) : [];
      return { ctx, tops, replies, totalThreads, pageCount, page: current };
    }),
  );
}

function clampPage(page: number, pageCount: number): number {
  const n = Math.floor(Number(page)) || 1;
  return Math.min(Math.max(1, n), pageCount);
}

export type CommentSubtree = {
  node: CommentNode;
  /** From the top of the thread down to the parent of `node`. */
  ancestors: { id: string; ref: string; authorName: string; state: CommentState }[];
};

/** A comment with all its replies, and the chain above it (permalinks, "continue this thread"). */
export async function getCommentSubtree({
  consultationId,
  commentId,
  viewer,
  now = new Date(),
}: {
  consultationId: string;
  commentId: string;
  viewer: CommentViewer;
  now?: Date;
}): Promise<CommentSubtree | null> {
  const target = await db().comment.findUnique({ where: { id: commentId }, select: { id: true, consultationId: true, threadId: true } });
  if (!target || target.consultationId !== consultationId) return null;
  const rootId = target.threadId ?? target.id;
  const loaded = await directRead((sql) => ({ ctx: loadThreadContext(sql, consultationId), rows: readNodes(sql, THREAD_SQL.subtree, { root: rootId }) }));
  const { ctx, rows } = loaded;
  if (!ctx) return null;
  const nodes = buildTree(rows, ctx, viewer, now);
  const node = nodes.get(commentId);
  if (!node) return null;
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ancestors: CommentSubtree["ancestors"] = [];
  for (let p = rowById.get(commentId)?.parentId; p; p = rowById.get(p)?.parentId) {
    const n = nodes.get(p);
    if (!n) break;
    ancestors.unshift({ id: n.id, ref: n.ref, authorName: n.author.displayName, state: n.state });
  }
  return { node, ancestors };
}

/** The id of comment "<number>-<seq>" of a consultation, or null. */
export async function findCommentByRef({ consultationId, seq }: { consultationId: string; seq: number }): Promise<string | null> {
  if (!Number.isInteger(seq) || seq < 1) return null;
  const c = await db().comment.findUnique({ where: { consultationId_seq: { consultationId, seq } }, select: { id: true } });
  return c?.id ?? null;
}

/**
 * Earlier texts of an edited comment, oldest first. Nothing for a withdrawn comment, and nothing
 * for a hidden one unless the viewer is IFM staff.
 */
export async function getCommentRevisions({
  commentId,
  viewer,
}: {
  commentId: string;
  viewer: CommentViewer;
}): Promise<{ bodyHtml: string; createdAt: Date }[]> {
  const c = await db().comment.findUnique({ where: { id: commentId }, select: { hiddenAt: true, withdrawnAt: true } });
  if (!c || c.withdrawnAt || (c.hiddenAt && !viewer.isStaff)) return [];
  return db().commentRevision.findMany({
    where: { commentId },
    orderBy: { createdAt: "asc" },
    select: { bodyHtml: true, createdAt: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Exports

export type CommentExportRow = {
  ref: string;
  author: string;
  organisation: string;
  organisationKind: string;
  section: string;
  planVersion: number;
  createdAt: string;
  editedAt: string;
  parentRef: string;
  state: CommentState;
  /** The markdown source; "" for hidden and withdrawn comments. */
  text: string;
};

export const EXPORT_COLUMNS = [
  "ref",
  "author",
  "organisation",
  "organisationKind",
  "section",
  "planVersion",
  "createdAt",
  "editedAt",
  "parentRef",
  "state",
  "text",
] as const satisfies readonly (keyof CommentExportRow)[];

/** Every comment of a consultation in reference order, for the JSON and CSV exports. */
export async function exportComments({ consultationId }: { consultationId: string }): Promise<CommentExportRow[]> {
  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: { number: true, versions: { select: { id: true, number: true } } },
  });
  if (!c) return [];
  const versionNumbers = new Map(c.versions.map((v) => [v.id, v.number]));
  const rows = await db().comment.findMany({
    where: { consultationId },
    orderBy: { seq: "asc" },
    select: {
      id: true,
      seq: true,
      parentId: true,
      planVersionId: true,
      sectionTitle: true,
      createdAt: true,
      editedAt: true,
      hiddenAt: true,
      withdrawnAt: true,
      bodyMd: true,
      author: { select: { displayName: true } },
      organisation: { select: { name: true, kind: true } },
    },
  });
  const seqById = new Map(rows.map((r) => [r.id, r.seq]));
  return rows.map((r) => {
    const state = stateOf(r);
    const parentSeq = r.parentId ? seqById.get(r.parentId) : undefined;
    return {
      ref: formatCommentRef(c.number, r.seq),
      author: authorName(r.author),
      organisation: r.organisation?.name ?? "",
      organisationKind: r.organisation?.kind ?? "",
      section: r.sectionTitle ?? "",
      planVersion: versionNumbers.get(r.planVersionId) ?? 0,
      createdAt: r.createdAt.toISOString(),
      editedAt: r.editedAt?.toISOString() ?? "",
      parentRef: parentSeq ? formatCommentRef(c.number, parentSeq) : "",
      state,
      text: state === "visible" ? r.bodyMd : "",
    };
  });
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Fields containing a comma, quote, CR or LF
 * are quoted (quotes doubled); fields a spreadsheet would read as a formula (starting with =, +,
 * -, @, tab or CR) get a leading apostrophe.
 */
export function commentsToCsv(rows: CommentExportRow[]): string {
  const lines = [EXPORT_COLUMNS.map(csvField).join(",")];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((column) => csvField(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function csvField(value: string | number): string {
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
