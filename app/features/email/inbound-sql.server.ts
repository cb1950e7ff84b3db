// The SQL of inbound processing, run on the direct connection (docs/decisions/016 and 035): the
// claim of a batch, the lookups of a mail's target and author, and the record of its outcome, each
// inside the caller's transaction. Prisma's query builder cost more per mail than all the parsing
// and checking together. Values are stored as Prisma stores them (sql.server.ts).
//
// The statements are plain SQL that PostgreSQL also runs (RETURNING, ON CONFLICT … DO NOTHING,
// savepoints). Two differ there, because SQLite's single write lock is what makes them safe here:
// the claim's sub-select needs FOR UPDATE SKIP LOCKED (two workers could select the same rows),
// and the check that a claim still holds needs FOR UPDATE (a takeover must wait for the holder).
import { dateFrom, newId, sqliteDateTime } from "~/services/sql.server";
import type { DirectConnection } from "~/services/sqlite-isolation.server";
import type { InboundStatus } from "./inbound-status";

export type ClaimedMessage = {
  id: string;
  raw: Buffer;
  mailFrom: string;
  rcptTo: string;
  remoteIp: string | null;
  helo: string | null;
  attempts: number;
};

const CLAIMABLE = `("status" = 'received' AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)) OR ("status" = 'processing' AND "lockedUntil" < ?)`;

const SQL = {
  // PostgreSQL: "… ORDER BY "receivedAt" LIMIT ? FOR UPDATE SKIP LOCKED)".
  claim: `UPDATE "InboundMessage" SET "status" = 'processing', "lockedUntil" = ?
    WHERE "id" IN (SELECT "id" FROM "InboundMessage" WHERE ${CLAIMABLE} ORDER BY "receivedAt" LIMIT ?)
    RETURNING "id", "raw", "mailFrom", "rcptTo", "remoteIp", "helo", "attempts", "receivedAt"`,
  // PostgreSQL: "… FOR UPDATE".
  ownsClaim: `SELECT 1 AS "held" FROM "InboundMessage" WHERE "id" = ? AND "lockedUntil" = ?`,
  recordOutcome: `UPDATE "InboundMessage" SET "status" = ?, "outcome" = ?, "commentId" = ?, "authJson" = ?, "messageId" = ?, "fromAddress" = ?,
      "subject" = ?, "processedAt" = ?, "lockedUntil" = ?
    WHERE "id" = ? AND "lockedUntil" = ?`,
  recordFailure: `UPDATE "InboundMessage" SET "status" = ?, "attempts" = ?, "lockedUntil" = ?, "outcome" = ? WHERE "id" = ? AND "lockedUntil" = ?`,
  followerById: `SELECT "id", "email", "userId" FROM "Follower" WHERE "id" = ?`,
  followerByEmail: `SELECT "id", "confirmedAt" FROM "Follower" WHERE "email" = ?`,
  commentWithConsultation: `SELECT c."id", c."seq", k."id" AS "consultationId", k."number", k."slug", k."title"
    FROM "Comment" c JOIN "Consultation" k ON k."id" = c."consultationId" WHERE c."id" = ?`,
  consultationByNumber: `SELECT "id", "number", "slug", "title", "publishedAt" FROM "Consultation" WHERE "number" = ?`,
  userById: `SELECT "id", "displayName" FROM "User" WHERE "id" = ?`,
  userIdByEmail: `SELECT "id" FROM "User" WHERE "email" = ?`,
  languagesOfAddress: `SELECT (SELECT "language" FROM "User" WHERE "email" = ?) AS "user", (SELECT "language" FROM "Follower" WHERE "email" = ?) AS "follower"`,
  insertUser: `INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("email") DO NOTHING`,
  roles: `SELECT "role" FROM "UserRole" WHERE "userId" = ?`,
  organisations: `SELECT o."name" FROM "Membership" m JOIN "Organisation" o ON o."id" = m."organisationId" WHERE m."userId" = ? AND m."revokedAt" IS NULL`,
  linkFollower: `UPDATE "Follower" SET "userId" = ? WHERE "id" = ? AND "userId" IS NULL`,
  byEmailOfComment: `SELECT "inboundMessageId" FROM "CommentByEmail" WHERE "commentId" = ?`,
  insertByEmail: `INSERT INTO "CommentByEmail" ("commentId", "inboundMessageId", "decision", "authJson", "createdAt") VALUES (?, ?, ?, ?, ?)`,
};

/**
 * Claims up to `limit` claimable messages (oldest first) for this worker until `lockedUntil`, in
 * one statement: a message is claimed by one worker, and its lock value is this claim's own.
 */
export function claimInboundBatch(sql: DirectConnection, { now, lockedUntil, limit }: { now: Date; lockedUntil: Date; limit: number }): ClaimedMessage[] {
  const at = sqliteDateTime(now);
  const rows = sql.statement(SQL.claim).all(sqliteDateTime(lockedUntil), at, at, limit) as (Omit<ClaimedMessage, "attempts"> & {
    attempts: bigint;
    receivedAt: string;
  })[];
  // RETURNING gives no order: oldest first, as received.
  rows.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1));
  return rows.map(({ receivedAt: _, attempts, ...row }) => ({ ...row, attempts: Number(attempts) }));
}

/** Does this worker's claim still hold (it has not expired and been taken over)? */
export function holdsClaim(sql: DirectConnection, id: string, lockedUntil: Date): boolean {
  return !!sql.statement(SQL.ownsClaim).get(id, sqliteDateTime(lockedUntil));
}

export type OutcomeRow = {
  status: InboundStatus;
  outcome: string;
  commentId: string | null;
  authJson: string;
  messageId: string | null;
  fromAddress: string | null;
  subject: string | null;
  processedAt: Date;
  lockedUntil: Date | null;
};

export function recordInboundOutcome(sql: DirectConnection, id: string, claim: Date, row: OutcomeRow): boolean {
  const { changes } = sql
    .statement(SQL.recordOutcome)
    .run(
      row.status,
      row.outcome,
      row.commentId,
      row.authJson,
      row.messageId,
      row.fromAddress,
      row.subject,
      sqliteDateTime(row.processedAt),
      row.lockedUntil && sqliteDateTime(row.lockedUntil),
      id,
      sqliteDateTime(claim),
    );
  return changes === 1;
}

export function recordInboundFailure(
  sql: DirectConnection,
  id: string,
  claim: Date,
  row: { status: InboundStatus; attempts: number; lockedUntil: Date | null; outcome: string },
): void {
  sql.statement(SQL.recordFailure).run(row.status, row.attempts, row.lockedUntil && sqliteDateTime(row.lockedUntil), row.outcome, id, sqliteDateTime(claim));
}

export function followerById(sql: DirectConnection, id: string) {
  return (sql.statement(SQL.followerById).get(id) as { id: string; email: string; userId: string | null } | undefined) ?? null;
}

export function followerByEmail(sql: DirectConnection, email: string) {
  const row = sql.statement(SQL.followerByEmail).get(email) as { id: string; confirmedAt: string | null } | undefined;
  return row ? { id: row.id, confirmedAt: dateFrom(row.confirmedAt) } : null;
}

export type TargetConsultation = { id: string; number: number; slug: string; title: string };

/** A comment and the consultation it belongs to. */
export function commentWithConsultation(sql: DirectConnection, id: string): { id: string; seq: number; consultation: TargetConsultation } | null {
  const row = sql.statement(SQL.commentWithConsultation).get(id) as
    { id: string; seq: bigint; consultationId: string; number: bigint; slug: string; title: string } | undefined;
  if (!row) return null;
  return { id: row.id, seq: Number(row.seq), consultation: { id: row.consultationId, number: Number(row.number), slug: row.slug, title: row.title } };
}

export function consultationByNumber(sql: DirectConnection, number: number): (TargetConsultation & { publishedAt: Date | null }) | null {
  const row = sql.statement(SQL.consultationByNumber).get(number) as
    { id: string; number: bigint; slug: string; title: string; publishedAt: string | null } | undefined;
  return row ? { id: row.id, number: Number(row.number), slug: row.slug, title: row.title, publishedAt: dateFrom(row.publishedAt) } : null;
}

export function userIdByEmail(sql: DirectConnection, email: string): string | null {
  return (sql.statement(SQL.userIdByEmail).get(email) as { id: string } | undefined)?.id ?? null;
}

/** The languages an address has chosen: its account's setting, and its following's (the page it followed from). */
export function languagesOfAddress(sql: DirectConnection, email: string): { user: string | null; follower: string | null } {
  const row = sql.statement(SQL.languagesOfAddress).get(email, email) as { user: string | null; follower: string | null } | undefined;
  return { user: row?.user ?? null, follower: row?.follower ?? null };
}

/** The account with this address, made now if there is none; `created` says which. */
export function userForEmail(sql: DirectConnection, email: string, now: Date): { id: string; created: boolean } {
  const { changes } = sql.statement(SQL.insertUser).run(newId(now.getTime()), email, sqliteDateTime(now));
  return { id: userIdByEmail(sql, email)!, created: changes === 1 };
}

/** What posting needs of an account: its name, roles and the organisations it represents. */
export function authorById(sql: DirectConnection, id: string) {
  const user = sql.statement(SQL.userById).get(id) as { id: string; displayName: string | null } | undefined;
  if (!user) throw new Error(`No user ${id}`);
  return {
    id: user.id,
    displayName: user.displayName,
    roles: (sql.statement(SQL.roles).all(id) as { role: string }[]).map((r) => r.role),
    organisations: (sql.statement(SQL.organisations).all(id) as { name: string }[]).map((o) => o.name),
  };
}

/** Links a follower without an account to the one its address now has. */
export function linkFollower(sql: DirectConnection, followerId: string, userId: string): void {
  sql.statement(SQL.linkFollower).run(userId, followerId);
}

/** The received message a comment was posted from, if it came by mail. */
export function inboundMessageOfComment(sql: DirectConnection, commentId: string): string | null {
  return (sql.statement(SQL.byEmailOfComment).get(commentId) as { inboundMessageId: string } | undefined)?.inboundMessageId ?? null;
}

export function recordCommentByEmail(
  sql: DirectConnection,
  row: { commentId: string; inboundMessageId: string; decision: string; authJson: string },
  now: Date,
): void {
  sql.statement(SQL.insertByEmail).run(row.commentId, row.inboundMessageId, row.decision, row.authJson, sqliteDateTime(now));
}
