/**
 * Comments on a consultation: posting (threads of any depth, sections of the plan, on behalf of an
 * organisation), editing within a window, withdrawal, and the rules the other comment modules
 * share. Moderation is in moderation.server.ts, reading in threads.server.ts, the downloads in
 * comment-export.server.ts.
 *
 * Rules live here, not in routes; input arrives checked by the forms' schemas (validation.ts).
 * Refusals are returned as `Refused`; mutations check their preconditions inside their
 * transaction, so two racing requests cannot both pass a check. Posting locks the consultation
 * first (lockConsultation), which holds on SQLite and PostgreSQL alike; editing and withdrawing
 * (Prisma transactions) still rely on SQLite running one write transaction at a time. Who may do
 * what is decided by app/models/permissions.ts.
 */
import { type Db, lockRow, sqlTransaction } from "~/services/db.server";
import type { SqlSession } from "~/services/sql/session";
import { column, statement } from "~/services/sql/statement";
import { renderMarkdown, storedHeadings, type Heading } from "~/services/markdown.server";
import { countRateLimitHits } from "~/services/rate-limit.server";
import { newId } from "~/services/sql.server";
import { Refusal, denied, inTransaction as inTx, rateLimited, refused, type Refused } from "~/models/refusal.server";
import { can, type Actor } from "~/models/permissions";
import { auditDirect, recordAudit } from "~/models/audit.server";
import { recordEventDirect } from "~/features/following/events/record.server";
import { consultationStatus, STATUS_SELECT, type StatusDates } from "~/features/consultations/status";
import { EDIT_WINDOW_MINUTES, formatCommentRef } from "./reference";
import { formatUtcIn } from "~/models/time";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { shownName } from "~/models/names";
import { commentQuotaRefusal, type NewAttachment } from "~/features/attachments/attachment.server";
import type { AttachmentLimits } from "~/features/attachments/rules";
import { detectCommentLanguage } from "~/features/translations/comment-language";

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

export const inTransaction = <T>(fn: (tx: Db) => Promise<T>) => inTx(fn, TRANSACTION_OPTIONS);

export function authorName(user: { displayName: string | null }): string {
  return shownName(user.displayName);
}

export function stateOf(c: { hiddenAt: Date | null; withdrawnAt: Date | null }): CommentState {
  if (c.withdrawnAt) return "withdrawn";
  if (c.hiddenAt) return "hidden";
  return "visible";
}

/** A refusal's message in the reader's language (English for callers that give none, like mail). */
export function refusalText(locale: Locale, id: MessageId, values?: Record<string, string | number>): string {
  return translate(locale, id, values);
}

/**
 * Why a comment cannot be posted now, or null. IFM staff replies are also accepted after the
 * period has closed (status closed or concluded).
 */
function postingRefusal(c: StatusDates, now: Date, staffReply: boolean, locale: Locale): Refused | null {
  const status = consultationStatus(c, now);
  switch (status) {
    case "open":
      return null;
    case "draft":
      return refused(404, refusalText(locale, "comments.refusal.consultationNotFound"));
    case "withdrawn":
      return refused(403, refusalText(locale, "comments.refusal.consultationWithdrawn"));
    case "upcoming":
      return refused(403, refusalText(locale, "comments.refusal.notYetOpen", { date: formatUtcIn(c.opensAt!, locale) }));
    case "closed":
    case "concluded":
      return staffReply ? null : refused(403, refusalText(locale, "comments.refusal.periodClosed", { date: formatUtcIn(c.closesAt!, locale) }));
  }
}

type EditableComment = {
  createdAt: Date;
  hiddenAt: Date | null;
  withdrawnAt: Date | null;
  isIfmReply: boolean;
};

/** Why its author cannot edit the comment now, or null (shared by editComment and canEdit). */
export function editRefusal(comment: EditableComment, consultation: StatusDates, now: Date, locale: Locale = DEFAULT_LOCALE): Refused | null {
  if (comment.withdrawnAt) return refused(409, refusalText(locale, "comments.refusal.editWithdrawn"));
  if (comment.hiddenAt) return refused(409, refusalText(locale, "comments.refusal.editHidden"));
  if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
    return refused(403, refusalText(locale, "comments.refusal.editTooLate", { minutes: EDIT_WINDOW_MINUTES }));
  }
  const status = consultationStatus(consultation, now);
  if (status === "open") return null;
  if (comment.isIfmReply && (status === "closed" || status === "concluded")) return null;
  if (status === "withdrawn") return refused(403, refusalText(locale, "comments.refusal.consultationWithdrawn"));
  return refused(403, refusalText(locale, "comments.refusal.editClosed", { date: formatUtcIn(consultation.closesAt!, locale) }));
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
  /** The language the author said it is written in; absent: detected from the text. */
  language?: Locale | null;
  /** The language of the page (or mail) it was written from: what a text too short to tell is taken to be in. */
  pageLocale?: Locale;
  idempotencyKey: string;
  ip: string;
  now?: Date;
  /** The language of the refusals (English unless given). */
  locale?: Locale;
  /** Files recorded with the comment (already in the store: see withStoredAttachments), and the quotas they count against. */
  attachments?: { files: readonly NewAttachment[]; limits: AttachmentLimits };
};

export type PostedComment = { id: string; ref: string; seq: number; threadId: string | null };
export type PostCommentResult = { ok: true; comment: PostedComment; duplicate: boolean } | Refused;

/**
 * Posts a comment or a reply. A second submission with the same idempotency key returns the
 * first comment (`duplicate: true`) and writes nothing.
 *
 * Posting is the busiest write, so its SQL runs as typed statements in one transaction (see
 * docs/performance.md) that locks the consultation before its checks: nothing can change between
 * the checks and the insert, and a refusal after the rate limits keeps the counted hit.
 */
export async function postComment(input: PostCommentInput): Promise<PostCommentResult> {
  const bodyHtml = commentHtml(input.bodyMd);
  return sqlTransaction((sql) => postCommentDirect(sql, { ...input, bodyHtml }));
}

/** The stored HTML of a comment's markdown (rendered once, before the write transaction). */
export function commentHtml(bodyMd: string): string {
  return renderMarkdown(bodyMd, { headingIds: false }).html;
}

/**
 * postComment inside the caller's transaction of the typed SQL layer, for a caller whose other
 * writes must commit or roll back with the comment (a comment by mail and its receipt). `bodyHtml`
 * is commentHtml(bodyMd).
 */
export async function postCommentDirect(
  sql: SqlSession,
  {
    consultationId,
    author,
    bodyMd,
    bodyHtml,
    parentId,
    sectionId,
    onBehalfOf,
    language,
    pageLocale = DEFAULT_LOCALE,
    idempotencyKey,
    ip,
    now = new Date(),
    locale = DEFAULT_LOCALE,
    attachments,
  }: PostCommentInput & { bodyHtml: string },
): Promise<PostCommentResult> {
  const notAllowed = denied(author, "comment.post", undefined, locale);
  if (notAllowed) return notAllowed;
  const staffReply = can(author, "comment.reply-as-ifm") && !!parentId;
  const limits = [
    { key: `comment:user:${author.id}:minute`, limit: COMMENT_RATE_LIMITS.userPerMinute, windowSeconds: 60 },
    { key: `comment:user:${author.id}:day`, limit: COMMENT_RATE_LIMITS.userPerDay, windowSeconds: 86_400 },
    { key: `comment:ip:${ip}:minute`, limit: COMMENT_RATE_LIMITS.ipPerMinute, windowSeconds: 60 },
  ];
  // The consultation's comments are this transaction's until it ends (on SQLite it holds the one
  // write lock already; PostgreSQL locks the consultation's row): of two submits of one form, the
  // second waits here, then finds the first's comment. One comment per key, always; and the
  // sequence number below is read and written by one poster at a time.
  await sql.lockConsultation(consultationId);
  // A double submit: answer with the comment the first submission created.
  const earlier = await findByIdempotencyKey(sql, idempotencyKey, author.id, consultationId, locale);
  if (earlier) return earlier;

  const consultation = await sql.get(SQL.consultationForPosting, [consultationId]);
  if (!consultation || !consultation.versionId) return refused(404, refusalText(locale, "comments.refusal.consultationNotFound"));
  const closed = postingRefusal(consultation, now, staffReply, locale);
  if (closed) return closed;

  const limit = await countRateLimitHits(sql, limits, now);
  if (!limit.allowed) return rateLimited(limit.retryAfterSeconds, locale);

  let section: Heading | null = null;
  if (sectionId) {
    section = storedHeadings(consultation.headingsJson).find((h) => h.id === sectionId) ?? null;
    if (!section) return refused(400, refusalText(locale, "comments.refusal.noSuchSection"), "sectionId");
  }
  if (onBehalfOf && !(await sql.get(SQL.membership, [author.id, onBehalfOf]))) {
    return refused(403, refusalText(locale, "comments.refusal.notRepresentative"), "onBehalfOf");
  }

  let parent: { id: string; depth: number; threadId: string | null } | null = null;
  if (parentId) {
    const found = await sql.get(SQL.parent, [parentId]);
    if (!found || found.consultationId !== consultationId) {
      return refused(404, refusalText(locale, "comments.refusal.parentNotInConsultation"), "parentRef");
    }
    if (found.withdrawnAt) return refused(409, refusalText(locale, "comments.refusal.parentWithdrawn"), "parentRef");
    if (found.hiddenAt) return refused(409, refusalText(locale, "comments.refusal.parentHidden"), "parentRef");
    parent = { id: found.id, depth: found.depth, threadId: found.threadId };
  }

  const files = attachments?.files ?? [];
  if (files.length) {
    const usage = (await sql.get(SQL.attachmentUsage, [author.id, new Date(now.getTime() - 86_400_000), consultationId]))!;
    const over = commentQuotaRefusal(usage, { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) }, attachments!.limits, locale);
    if (over) return refused(429, over, "attachments");
  }

  const { commentSeq: seq } = (await sql.get(SQL.nextSeq, [consultationId]))!;
  const ref = formatCommentRef(consultation.number, seq);
  const threadId = parent ? (parent.threadId ?? parent.id) : null;
  const id = newId(now.getTime());
  await sql.run(SQL.insertComment, [
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
    language ?? detectCommentLanguage(bodyMd, pageLocale),
    staffReply,
    idempotencyKey,
    now,
    now,
  ]);
  for (const f of files) {
    await sql.run(SQL.insertAttachment, [
      f.id,
      id,
      consultationId,
      f.position,
      f.fileName,
      f.mediaType,
      f.size,
      f.sha256,
      f.storageKey,
      f.activeContent,
      author.id,
      now,
    ]);
  }
  if (threadId) await sql.run(SQL.touchThread, [now, threadId]);
  await recordEventDirect(sql, {
    type: "comment.created",
    subjectId: id,
    payload: { ref, parentId: parent?.id ?? null },
    consultationId,
    actorId: author.id,
    createdAt: now,
  });
  await auditDirect(
    sql,
    {
      actorId: author.id,
      action: "comment.create",
      subjectType: "comment",
      subjectId: id,
      consultationId,
      isPublic: false,
      data: files.length ? { ref, attachments: files.map((f) => ({ fileName: f.fileName, sha256: f.sha256 })) } : { ref },
    },
    now,
  );
  return { ok: true, comment: { id, ref, seq, threadId }, duplicate: false };
}

const maybeDate = column.nullable(column.date);

// The statements of the posting path.
const SQL = {
  byIdempotencyKey: statement<[idempotencyKey: string]>()(
    `SELECT c."id", c."seq", c."threadId", c."authorId", c."consultationId", k."number"
    FROM "Comment" c JOIN "Consultation" k ON k."id" = c."consultationId" WHERE c."idempotencyKey" = ?`,
    {
      id: column.text,
      seq: column.int,
      threadId: column.nullable(column.text),
      authorId: column.text,
      consultationId: column.text,
      number: column.int,
    },
  ),
  consultationForPosting: statement<[consultationId: string]>()(
    `SELECT c."number", c."publishedAt", c."opensAt", c."closesAt", c."withdrawnAt", c."concludedAt",
      v."id" AS "versionId", v."headingsJson"
    FROM "Consultation" c
    LEFT JOIN "PlanVersion" v ON v."id" = (
      SELECT "id" FROM "PlanVersion" WHERE "consultationId" = c."id" AND "publishedAt" IS NOT NULL ORDER BY "number" DESC LIMIT 1)
    WHERE c."id" = ?`,
    {
      number: column.int,
      publishedAt: maybeDate,
      opensAt: maybeDate,
      closesAt: maybeDate,
      withdrawnAt: maybeDate,
      concludedAt: maybeDate,
      versionId: column.nullable(column.text),
      headingsJson: column.nullable(column.text),
    },
  ),
  membership: statement<[userId: string, organisationId: string]>()(
    `SELECT "id" FROM "Membership" WHERE "userId" = ? AND "organisationId" = ? AND "revokedAt" IS NULL`,
    { id: column.text },
  ),
  parent: statement<[id: string]>()(`SELECT "id", "consultationId", "depth", "threadId", "hiddenAt", "withdrawnAt" FROM "Comment" WHERE "id" = ?`, {
    id: column.text,
    consultationId: column.text,
    depth: column.int,
    threadId: column.nullable(column.text),
    hiddenAt: maybeDate,
    withdrawnAt: maybeDate,
  }),
  nextSeq: statement<[consultationId: string]>()(
    `UPDATE "Consultation" SET "commentSeq" = "commentSeq" + 1, "commentCount" = "commentCount" + 1 WHERE "id" = ? RETURNING "commentSeq"`,
    { commentSeq: column.int },
  ),
  insertComment: statement<
    [
      id: string,
      consultationId: string,
      seq: number,
      parentId: string | null,
      threadId: string | null,
      depth: number,
      authorId: string,
      organisationId: string | null,
      planVersionId: string,
      sectionId: string | null,
      sectionTitle: string | null,
      bodyMd: string,
      bodyHtml: string,
      language: string,
      isIfmReply: boolean,
      idempotencyKey: string,
      createdAt: Date,
      lastActivityAt: Date,
    ]
  >()(
    `INSERT INTO "Comment" ("id", "consultationId", "seq", "parentId", "threadId", "depth", "authorId", "organisationId",
      "planVersionId", "sectionId", "sectionTitle", "bodyMd", "bodyHtml", "language", "isIfmReply", "idempotencyKey", "createdAt", "lastActivityAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  touchThread: statement<[lastActivityAt: Date, id: string]>()(`UPDATE "Comment" SET "lastActivityAt" = ? WHERE "id" = ?`),
  // The attachment quotas: the author's files of the last 24 hours, the consultation's bytes.
  attachmentUsage: statement<[uploaderId: string, since: Date, consultationId: string]>()(
    `SELECT
      (SELECT count(*) FROM "Attachment" WHERE "uploaderId" = ? AND "createdAt" > ?) AS "userToday",
      (SELECT coalesce(sum("size"), 0) FROM "Attachment" WHERE "consultationId" = ?) AS "consultationBytes"`,
    { userToday: column.int, consultationBytes: column.int },
  ),
  insertAttachment: statement<
    [
      id: string,
      commentId: string,
      consultationId: string,
      position: number,
      fileName: string,
      mediaType: string,
      size: number,
      sha256: string,
      storageKey: string,
      activeContent: boolean,
      uploaderId: string,
      createdAt: Date,
    ]
  >()(
    `INSERT INTO "Attachment" ("id", "commentId", "consultationId", "position", "fileName", "mediaType", "size", "sha256",
      "storageKey", "activeContent", "uploaderId", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
};

async function findByIdempotencyKey(sql: SqlSession, key: string, authorId: string, consultationId: string, locale: Locale): Promise<PostCommentResult | null> {
  const found = await sql.get(SQL.byIdempotencyKey, [key]);
  if (!found) return null;
  if (found.authorId !== authorId || found.consultationId !== consultationId) {
    return refused(409, refusalText(locale, "comments.refusal.formAlreadyUsed"), "idempotencyKey");
  }
  return { ok: true, comment: { id: found.id, ref: formatCommentRef(found.number, found.seq), seq: found.seq, threadId: found.threadId }, duplicate: true };
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
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  /** As commentEditSchema gave it: trimmed and within its limits. */
  bodyMd: string;
  now?: Date;
  /** The language of the refusals. */
  locale?: Locale;
}): Promise<EditCommentResult> {
  return inTransaction(async (tx): Promise<EditCommentResult> => {
    // Hiding, restoring, withdrawing and editing one comment at once wait for each other.
    await lockRow(tx, "Comment", commentId);
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
    if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
    const notNow = denied(actor, "comment.edit-own", { authorId: c.authorId }, locale) ?? editRefusal(c, c.consultation, now, locale);
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
export async function withdrawComment({
  commentId,
  actor,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  actor: Actor;
  now?: Date;
  locale?: Locale;
}): Promise<CommentRefResult> {
  return inTransaction(async (tx): Promise<CommentRefResult> => {
    // Hiding, restoring, withdrawing and editing one comment at once wait for each other.
    await lockRow(tx, "Comment", commentId);
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: { id: true, seq: true, consultationId: true, authorId: true, hiddenAt: true, withdrawnAt: true, consultation: { select: { number: true } } },
    });
    if (!c) throw new Refusal(refused(404, refusalText(locale, "comments.refusal.commentNotFound")));
    const notTheirs = denied(actor, "comment.withdraw-own", { authorId: c.authorId }, locale);
    if (notTheirs) throw new Refusal(notTheirs);
    if (c.withdrawnAt) throw new Refusal(refused(409, refusalText(locale, "comments.refusal.alreadyWithdrawn")));
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
