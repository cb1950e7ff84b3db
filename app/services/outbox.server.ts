// The transactional outbox. A request never sends mail: it calls enqueueMail() inside the same
// transaction as the change that caused the mail, and the worker (worker.server.ts) delivers
// queued rows with retries, backoff and a dead-letter state. The unique dedupeKey is what makes
// "never the same message twice to the same recipient" hold, however often an event is replayed.
import crypto from "node:crypto";
import { db, type Db, isUniqueViolation, sqlTransaction } from "./db.server";
import { env } from "./env.server";
import { bounceAddress } from "./mail-addresses.server";
import { assertHeaderSafe, assertHeadersSafe, assertSingleRecipient, getTransport } from "./mail-transport.server";
import { newId } from "./sql.server";
import type { SqlSession } from "./sql/session";
import { column, statement } from "./sql/statement";
import { isOutboxStatus, OUTBOX_STATUSES, type OutboxStatus } from "~/services/outbox-status";

/** How long a worker owns a claimed message before another worker may take it over. */
export const CLAIM_LOCK_MS = 2 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60_000;
const LAST_ERROR_MAX = 500;
/** Messages in flight at once: as many as the SMTP pool has connections (mail-transport.server.ts). */
export const SEND_CONCURRENCY = 32;

export type OutgoingMail = {
  /** One message per event and recipient, e.g. `comment-published:<commentId>:<userId>`. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** `<id@host>`; generated from APP_URL's host when not given. */
  messageId?: string;
};

/**
 * Queues one message in the caller's transaction (or directly, given db()). A second call with
 * the same dedupeKey changes nothing and returns { queued: false }. Throws when the recipient,
 * subject or a custom header could inject header lines.
 */
export async function enqueueMail(tx: Db, msg: OutgoingMail): Promise<{ queued: boolean }> {
  const row = outboxRow(msg);
  const existing = await tx.outboxMessage.findUnique({ where: { dedupeKey: msg.dedupeKey }, select: { id: true } });
  if (existing) return { queued: false };
  try {
    await tx.outboxMessage.create({
      data: row,
      select: { id: true },
    });
    return { queued: true };
  } catch (error) {
    // Another writer inserted the same dedupeKey between our check and our insert.
    if (isUniqueViolation(error)) {
      const winner = await tx.outboxMessage.findUnique({ where: { dedupeKey: msg.dedupeKey }, select: { id: true } });
      if (winner) return { queued: false };
    }
    throw error;
  }
}

type OutboxRow = {
  dedupeKey: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  headersJson: string;
  messageId: string;
  status: string;
};

/** The checks of enqueueMail for many messages; one row per dedupeKey (the first wins). */
function outboxRows(msgs: OutgoingMail[]): Map<string, OutboxRow> {
  const rows = new Map<string, OutboxRow>();
  for (const msg of msgs) {
    const row = outboxRow(msg);
    if (!rows.has(row.dedupeKey)) rows.set(row.dedupeKey, row);
  }
  return rows;
}

/** A queued row for one message; throws when its recipient, subject or a header could inject header lines. */
function outboxRow(msg: OutgoingMail): OutboxRow {
  if (!msg.dedupeKey) throw new Error("enqueueMail needs a dedupeKey");
  assertSingleRecipient(msg.to, "to");
  assertHeaderSafe(msg.subject, "subject");
  return {
    dedupeKey: msg.dedupeKey,
    toAddress: msg.to,
    subject: msg.subject,
    textBody: msg.text,
    htmlBody: msg.html,
    headersJson: JSON.stringify(assertHeadersSafe(msg.headers ?? {})),
    messageId: msg.messageId ? normaliseMessageId(msg.messageId) : newMessageId(),
    status: "queued",
  };
}

const insertQueued = statement<
  [
    id: string,
    dedupeKey: string,
    toAddress: string,
    subject: string,
    textBody: string,
    htmlBody: string,
    headersJson: string,
    messageId: string,
    nextAttemptAt: Date,
    createdAt: Date,
  ]
>()(`INSERT INTO "OutboxMessage" ("id", "dedupeKey", "toAddress", "subject", "textBody", "htmlBody", "headersJson", "messageId",
    "status", "attempts", "nextAttemptAt", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
  ON CONFLICT ("dedupeKey") DO NOTHING`);

/**
 * enqueueMails inside the caller's transaction of the typed SQL layer (sqlTransaction: on SQLite
 * it waits for another process's write instead of failing): the same checks, one prepared insert
 * per message, and a dedupeKey already queued is skipped by the unique index (ON CONFLICT DO
 * NOTHING, on both databases; on PostgreSQL an insert racing another transaction's waits for it),
 * so a replayed chunk queues nothing twice. For the notification fan-out, where Prisma's per-query
 * cost and its deferred transactions were the bottleneck. Returns how many were queued.
 */
export async function enqueueMailsDirect(sql: SqlSession, msgs: OutgoingMail[], now = new Date()): Promise<{ queued: number }> {
  const rows = outboxRows(msgs);
  let queued = 0;
  for (const r of rows.values()) {
    queued += await sql.run(insertQueued, [
      newId(now.getTime()),
      r.dedupeKey,
      r.toAddress,
      r.subject,
      r.textBody,
      r.htmlBody,
      r.headersJson,
      r.messageId,
      now,
      now,
    ]);
  }
  return { queued };
}

function newMessageId(): string {
  const host = new URL(env().APP_URL).hostname || "localhost";
  return `<${crypto.randomUUID()}@${host}>`;
}

function normaliseMessageId(value: string): string {
  assertHeaderSafe(value, "messageId");
  const bare = value.trim().replace(/^<|>$/g, "");
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) throw new Error("messageId must look like <id@host>");
  return `<${bare}>`;
}

// ------------------------------------------------------------------------------ delivery

/** Delay before the next try after `attempts` failed tries: 30 s, 1 min, 2 min, … capped at 6 h, +0–10 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
  return Math.round(base * (1 + 0.1 * random()));
}

// A message is claimable when it is due and not locked, or when a worker that crashed mid-send
// left it in "sending" and its lock expired (at-least-once: the SMTP server may already have
// accepted it).
const CLAIMABLE = `(("status" IN ('queued', 'retrying') AND "nextAttemptAt" <= @now AND ("lockedUntil" IS NULL OR "lockedUntil" < @now))
    OR ("status" = 'sending' AND ("lockedUntil" IS NULL OR "lockedUntil" < @now)))`;

const CLAIM = (lock: string) => `UPDATE "OutboxMessage" SET "status" = 'sending', "lockedUntil" = @lockedUntil
    WHERE "id" IN (SELECT "id" FROM "OutboxMessage" WHERE ${CLAIMABLE} ORDER BY "nextAttemptAt", "createdAt" LIMIT @limit${lock})
    RETURNING "id", "toAddress", "subject", "textBody", "htmlBody", "headersJson", "messageId", "attempts", "nextAttemptAt", "createdAt"`;

const delivery = {
  // The selection and the update are one atomic step: on SQLite the transaction holds the one
  // write lock; on PostgreSQL the sub-select locks the rows it picks and skips those another
  // worker's claim has locked. Of two workers, neither gets a row the other got.
  claim: statement<{ lockedUntil: Date; now: Date; limit: number }>()(
    { sqlite: CLAIM(""), postgres: CLAIM(" FOR UPDATE SKIP LOCKED") },
    {
      id: column.text,
      toAddress: column.text,
      subject: column.text,
      textBody: column.text,
      htmlBody: column.text,
      headersJson: column.text,
      messageId: column.text,
      attempts: column.int,
      nextAttemptAt: column.date,
      createdAt: column.date,
    },
  ),
  sent: statement<[sentAt: Date, id: string]>()(
    `UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ?, "lockedUntil" = NULL, "lastError" = NULL WHERE "id" = ? AND "status" = 'sending'`,
  ),
  failed: statement<[attempts: number, lastError: string, status: string, nextAttemptAt: Date | null, id: string, lockedUntil: Date]>()(
    `UPDATE "OutboxMessage" SET "attempts" = ?, "lastError" = ?, "lockedUntil" = NULL, "status" = ?, "nextAttemptAt" = coalesce(?, "nextAttemptAt")
    WHERE "id" = ? AND "status" = 'sending' AND "lockedUntil" = ?`,
  ),
  handBack: statement<[status: string, id: string, lockedUntil: Date]>()(
    `UPDATE "OutboxMessage" SET "status" = ?, "lockedUntil" = NULL WHERE "id" = ? AND "status" = 'sending' AND "lockedUntil" = ?`,
  ),
};

/** A claimed message: what was queued, less the columns only the queue reads, and its delivery state. */
type ClaimedRow = Omit<OutboxRow, "dedupeKey" | "status"> & {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
};

/**
 * Claims up to `limit` due messages and sends them. `now` is the worker's clock (tests pass a
 * later one to skip backoff waits); sentAt and the next try are measured from it.
 *
 * The claim, and the record of each result, run as typed SQL in their own short write
 * transactions (sqlTransaction): a Prisma query costs about 0.6 ms of CPU, which at hundreds of
 * messages a second was most of the worker's time.
 */
export async function deliverDueMessages({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<{
  sent: number;
  failed: number;
  dead: number;
}> {
  const result = { sent: 0, failed: 0, dead: 0 };
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));

  const lockedUntil = new Date(now.getTime() + CLAIM_LOCK_MS);
  const claimed: ClaimedRow[] = await sqlTransaction((sql) => sql.all(delivery.claim, { now, lockedUntil, limit }));
  if (claimed.length === 0) return result;
  // RETURNING gives no order: oldest due first, as selected.
  const messages = claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());

  const transport = getTransport();
  const from = env().MAIL_FROM;
  const maxAttempts = env().MAIL_MAX_ATTEMPTS;

  const deliverOne = async (message: ClaimedRow) => {
    const previousAttempts = message.attempts;
    // Past half the lock, hand the rest back rather than risk a second worker taking them over
    // while we are still sending.
    if (Date.now() - started > CLAIM_LOCK_MS / 2) {
      await sqlTransaction((sql) => sql.run(delivery.handBack, [previousAttempts > 0 ? "retrying" : "queued", message.id, lockedUntil]));
      return;
    }
    try {
      await transport.sendMail({
        from,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
        headers: JSON.parse(message.headersJson) as Record<string, string>,
        messageId: message.messageId,
        // VERP: a bounce comes back to an address that names the recipient (docs/decisions/033).
        envelope: { from: bounceAddress(message.toAddress), to: message.toAddress },
      });
    } catch (error) {
      const attempts = previousAttempts + 1;
      const isDead = attempts >= maxAttempts;
      const next = isDead ? null : new Date(clock().getTime() + backoffMs(attempts));
      await sqlTransaction((sql) => sql.run(delivery.failed, [attempts, describeError(error), isDead ? "dead" : "retrying", next, message.id, lockedUntil]));
      if (isDead) result.dead++;
      else result.failed++;
      return;
    }
    // Recorded per message, straight away: a crash later in the batch does not resend this one.
    await sqlTransaction((sql) => sql.run(delivery.sent, [clock(), message.id]));
    result.sent++;
  };

  // As many messages in flight as the SMTP pool has connections.
  let next = 0;
  const lanes = Array.from({ length: Math.min(SEND_CONCURRENCY, messages.length) }, async () => {
    while (next < messages.length) await deliverOne(messages[next++]);
  });
  // Let every lane finish before reporting a (database) error, so no send is left half-recorded.
  const failure = (await Promise.allSettled(lanes)).find((r) => r.status === "rejected");
  if (failure) throw failure.reason;
  return result;
}

function describeError(error: unknown): string {
  const e = error as { message?: unknown; responseCode?: unknown; code?: unknown };
  const parts = [
    typeof e?.responseCode === "number" ? String(e.responseCode) : typeof e?.code === "string" ? e.code : "",
    typeof e?.message === "string" ? e.message : String(error),
  ].filter(Boolean);
  const text = parts.join(" ").replace(/\s+/g, " ").trim() || "Unknown error";
  return text.length > LAST_ERROR_MAX ? `${text.slice(0, LAST_ERROR_MAX - 1)}…` : text;
}

// ------------------------------------------------------------------------------ admin

/**
 * Puts a dead or retrying message back in the queue for an immediate try, with a fresh set of
 * attempts. Returns false for messages that are sent, in flight or unknown.
 */
export async function retryMessage({ id, now = new Date() }: { id: string; now?: Date }): Promise<boolean> {
  const { count } = await db().outboxMessage.updateMany({
    where: { id, status: { in: ["dead", "retrying"] } },
    data: { status: "queued", nextAttemptAt: now, lockedUntil: null, attempts: 0 },
  });
  return count === 1;
}

export type OutboxListItem = {
  id: string;
  toAddress: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
};

/** One page of the outbox, newest first, with the number of messages in each status. */
export async function listOutbox({ status, page = 1, pageSize = 50 }: { status?: string; page?: number; pageSize?: number } = {}): Promise<{
  messages: OutboxListItem[];
  total: number;
  counts: Record<OutboxStatus, number>;
}> {
  const size = Math.min(Math.max(Math.trunc(pageSize) || 50, 1), 200);
  const current = Math.max(Math.trunc(page) || 1, 1);
  const where = isOutboxStatus(status) ? { status } : {};
  const [messages, total, grouped] = await Promise.all([
    db().outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * size,
      take: size,
      select: {
        id: true,
        toAddress: true,
        subject: true,
        status: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
        nextAttemptAt: true,
      },
    }),
    db().outboxMessage.count({ where }),
    db().outboxMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const row of grouped) {
    if (isOutboxStatus(row.status)) counts[row.status] = row._count._all;
  }
  return { messages, total, counts };
}
