// The SQL of inbound processing, as typed statements (docs/decisions/016, 035 and 055): the claim
// of a batch, the lookups of a mail's target and author, and the record of its outcome, each inside
// the caller's transaction. Prisma's query builder cost more per mail than all the parsing and
// checking together.
//
// The statements are one text for SQLite and PostgreSQL but two. On SQLite the transaction holds
// the one write lock, which orders every writer; on PostgreSQL, at READ COMMITTED, the claim's
// sub-select ends FOR UPDATE SKIP LOCKED (two workers never select the same rows) and the check
// that a claim still holds is FOR UPDATE (a takeover waits for the holder's transaction to end).
import { newId } from "~/services/sql.server";
import type { SqlSession } from "~/services/sql/session";
import { column, statement } from "~/services/sql/statement";
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

const CLAIMABLE = `("status" = 'received' AND ("lockedUntil" IS NULL OR "lockedUntil" < @now)) OR ("status" = 'processing' AND "lockedUntil" < @now)`;
const CLAIM = (lock: string) => `UPDATE "InboundMessage" SET "status" = 'processing', "lockedUntil" = @lockedUntil
    WHERE "id" IN (SELECT "id" FROM "InboundMessage" WHERE ${CLAIMABLE} ORDER BY "receivedAt" LIMIT @limit${lock})
    RETURNING "id", "raw", "mailFrom", "rcptTo", "remoteIp", "helo", "attempts", "receivedAt"`;
const OWNS_CLAIM = `SELECT 1 AS "held" FROM "InboundMessage" WHERE "id" = ? AND "lockedUntil" = ?`;

const SQL = {
  claim: statement<{ lockedUntil: Date; now: Date; limit: number }>()(
    { sqlite: CLAIM(""), postgres: CLAIM(" FOR UPDATE SKIP LOCKED") },
    {
      id: column.text,
      raw: column.bytes,
      mailFrom: column.text,
      rcptTo: column.text,
      remoteIp: column.nullable(column.text),
      helo: column.nullable(column.text),
      attempts: column.int,
      receivedAt: column.date,
    },
  ),
  ownsClaim: statement<[id: string, lockedUntil: Date]>()({ sqlite: OWNS_CLAIM, postgres: `${OWNS_CLAIM} FOR UPDATE` }, { held: column.int }),
  recordOutcome: statement<
    [
      status: string,
      outcome: string,
      commentId: string | null,
      authJson: string,
      messageId: string | null,
      fromAddress: string | null,
      subject: string | null,
      processedAt: Date,
      lockedUntil: Date | null,
      id: string,
      claim: Date,
    ]
  >()(
    `UPDATE "InboundMessage" SET "status" = ?, "outcome" = ?, "commentId" = ?, "authJson" = ?, "messageId" = ?, "fromAddress" = ?,
      "subject" = ?, "processedAt" = ?, "lockedUntil" = ?
    WHERE "id" = ? AND "lockedUntil" = ?`,
  ),
  recordFailure: statement<[status: string, attempts: number, lockedUntil: Date | null, outcome: string, id: string, claim: Date]>()(
    `UPDATE "InboundMessage" SET "status" = ?, "attempts" = ?, "lockedUntil" = ?, "outcome" = ? WHERE "id" = ? AND "lockedUntil" = ?`,
  ),
  followerById: statement<[id: string]>()(`SELECT "id", "email", "userId" FROM "Follower" WHERE "id" = ?`, {
    id: column.text,
    email: column.text,
    userId: column.nullable(column.text),
  }),
  followerByEmail: statement<[email: string]>()(`SELECT "id", "confirmedAt" FROM "Follower" WHERE "email" = ?`, {
    id: column.text,
    confirmedAt: column.nullable(column.date),
  }),
  commentWithConsultation: statement<[id: string]>()(
    `SELECT c."id", c."seq", k."id" AS "consultationId", k."number", k."slug", k."title"
    FROM "Comment" c JOIN "Consultation" k ON k."id" = c."consultationId" WHERE c."id" = ?`,
    { id: column.text, seq: column.int, consultationId: column.text, number: column.int, slug: column.text, title: column.text },
  ),
  consultationByNumber: statement<[number: number]>()(`SELECT "id", "number", "slug", "title", "publishedAt" FROM "Consultation" WHERE "number" = ?`, {
    id: column.text,
    number: column.int,
    slug: column.text,
    title: column.text,
    publishedAt: column.nullable(column.date),
  }),
  userById: statement<[id: string]>()(`SELECT "id", "displayName" FROM "User" WHERE "id" = ?`, {
    id: column.text,
    displayName: column.nullable(column.text),
  }),
  userIdByEmail: statement<[email: string]>()(`SELECT "id" FROM "User" WHERE "email" = ?`, { id: column.text }),
  languagesOfAddress: statement<[userEmail: string, followerEmail: string]>()(
    `SELECT (SELECT "language" FROM "User" WHERE "email" = ?) AS "user", (SELECT "language" FROM "Follower" WHERE "email" = ?) AS "follower"`,
    { user: column.nullable(column.text), follower: column.nullable(column.text) },
  ),
  insertUser: statement<[id: string, email: string, createdAt: Date]>()(
    `INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("email") DO NOTHING`,
  ),
  roles: statement<[userId: string]>()(`SELECT "role" FROM "UserRole" WHERE "userId" = ?`, { role: column.text }),
  organisations: statement<[userId: string]>()(
    `SELECT o."name" FROM "Membership" m JOIN "Organisation" o ON o."id" = m."organisationId" WHERE m."userId" = ? AND m."revokedAt" IS NULL`,
    { name: column.text },
  ),
  linkFollower: statement<[userId: string, followerId: string]>()(`UPDATE "Follower" SET "userId" = ? WHERE "id" = ? AND "userId" IS NULL`),
  byEmailOfComment: statement<[commentId: string]>()(`SELECT "inboundMessageId" FROM "CommentByEmail" WHERE "commentId" = ?`, {
    inboundMessageId: column.text,
  }),
  insertByEmail: statement<[commentId: string, inboundMessageId: string, decision: string, authJson: string, createdAt: Date]>()(
    `INSERT INTO "CommentByEmail" ("commentId", "inboundMessageId", "decision", "authJson", "createdAt") VALUES (?, ?, ?, ?, ?)`,
  ),
};

/**
 * Claims up to `limit` claimable messages (oldest first) for this worker until `lockedUntil`, in
 * one statement: a message is claimed by one worker, and its lock value is this claim's own.
 */
export async function claimInboundBatch(
  sql: SqlSession,
  { now, lockedUntil, limit }: { now: Date; lockedUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  const rows = await sql.all(SQL.claim, { lockedUntil, now, limit });
  // RETURNING gives no order: oldest first, as received.
  rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : 1));
  return rows.map(({ receivedAt: _, ...row }) => row);
}

/** Does this worker's claim still hold (it has not expired and been taken over)? */
export async function holdsClaim(sql: SqlSession, id: string, lockedUntil: Date): Promise<boolean> {
  return !!(await sql.get(SQL.ownsClaim, [id, lockedUntil]));
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

export async function recordInboundOutcome(sql: SqlSession, id: string, claim: Date, row: OutcomeRow): Promise<boolean> {
  const changes = await sql.run(SQL.recordOutcome, [
    row.status,
    row.outcome,
    row.commentId,
    row.authJson,
    row.messageId,
    row.fromAddress,
    row.subject,
    row.processedAt,
    row.lockedUntil,
    id,
    claim,
  ]);
  return changes === 1;
}

export async function recordInboundFailure(
  sql: SqlSession,
  id: string,
  claim: Date,
  row: { status: InboundStatus; attempts: number; lockedUntil: Date | null; outcome: string },
): Promise<void> {
  await sql.run(SQL.recordFailure, [row.status, row.attempts, row.lockedUntil, row.outcome, id, claim]);
}

export async function followerById(sql: SqlSession, id: string) {
  return (await sql.get(SQL.followerById, [id])) ?? null;
}

export async function followerByEmail(sql: SqlSession, email: string) {
  return (await sql.get(SQL.followerByEmail, [email])) ?? null;
}

export type TargetConsultation = { id: string; number: number; slug: string; title: string };

/** A comment and the consultation it belongs to. */
export async function commentWithConsultation(sql: SqlSession, id: string): Promise<{ id: string; seq: number; consultation: TargetConsultation } | null> {
  const row = await sql.get(SQL.commentWithConsultation, [id]);
  if (!row) return null;
  return { id: row.id, seq: row.seq, consultation: { id: row.consultationId, number: row.number, slug: row.slug, title: row.title } };
}

export async function consultationByNumber(sql: SqlSession, number: number): Promise<(TargetConsultation & { publishedAt: Date | null }) | null> {
  return (await sql.get(SQL.consultationByNumber, [number])) ?? null;
}

export async function userIdByEmail(sql: SqlSession, email: string): Promise<string | null> {
  return (await sql.get(SQL.userIdByEmail, [email]))?.id ?? null;
}

/** The languages an address has chosen: its account's setting, and its following's (the page it followed from). */
export async function languagesOfAddress(sql: SqlSession, email: string): Promise<{ user: string | null; follower: string | null }> {
  const row = await sql.get(SQL.languagesOfAddress, [email, email]);
  return { user: row?.user ?? null, follower: row?.follower ?? null };
}

/** The account with this address, made now if there is none; `created` says which. */
export async function userForEmail(sql: SqlSession, email: string, now: Date): Promise<{ id: string; created: boolean }> {
  const changes = await sql.run(SQL.insertUser, [newId(now.getTime()), email, now]);
  return { id: (await userIdByEmail(sql, email))!, created: changes === 1 };
}

/** What posting needs of an account: its name, roles and the organisations it represents. */
export async function authorById(sql: SqlSession, id: string) {
  const user = await sql.get(SQL.userById, [id]);
  if (!user) throw new Error(`No user ${id}`);
  return {
    id: user.id,
    displayName: user.displayName,
    roles: (await sql.all(SQL.roles, [id])).map((r) => r.role),
    organisations: (await sql.all(SQL.organisations, [id])).map((o) => o.name),
  };
}

/** Links a follower without an account to the one its address now has. */
export async function linkFollower(sql: SqlSession, followerId: string, userId: string): Promise<void> {
  await sql.run(SQL.linkFollower, [userId, followerId]);
}

/** The received message a comment was posted from, if it came by mail. */
export async function inboundMessageOfComment(sql: SqlSession, commentId: string): Promise<string | null> {
  return (await sql.get(SQL.byEmailOfComment, [commentId]))?.inboundMessageId ?? null;
}

export async function recordCommentByEmail(
  sql: SqlSession,
  row: { commentId: string; inboundMessageId: string; decision: string; authJson: string },
  now: Date,
): Promise<void> {
  await sql.run(SQL.insertByEmail, [row.commentId, row.inboundMessageId, row.decision, row.authJson, now]);
}
