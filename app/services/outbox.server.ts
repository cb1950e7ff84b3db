// The transactional outbox. A request never sends mail: it calls enqueueMail() inside the same
// transaction as the change that caused the mail, and the worker (worker.server.ts) delivers
// queued rows with retries, backoff and a dead-letter state. The unique dedupeKey is what makes
// "never the same message twice to the same recipient" hold, however often an event is replayed.
import crypto from "node:crypto";
import { db, type Db, isUniqueViolation } from "./db.server";
import { env } from "./env.server";
import { assertHeaderSafe, assertHeadersSafe, assertSingleRecipient, getTransport } from "./mail-transport.server";

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "retrying", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** How long a worker owns a claimed message before another worker may take it over. */
export const CLAIM_LOCK_MS = 2 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 60 * 60_000;
const LAST_ERROR_MAX = 500;
const SEND_CONCURRENCY = 5;

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
  if (!msg.dedupeKey) throw new Error("enqueueMail needs a dedupeKey");
  assertSingleRecipient(msg.to, "to");
  assertHeaderSafe(msg.subject, "subject");
  const headers = assertHeadersSafe(msg.headers ?? {});
  const messageId = msg.messageId ? normaliseMessageId(msg.messageId) : newMessageId();

  const existing = await tx.outboxMessage.findUnique({ where: { dedupeKey: msg.dedupeKey }, select: { id: true } });
  if (existing) return { queued: false };
  try {
    await tx.outboxMessage.create({
      data: {
        dedupeKey: msg.dedupeKey,
        toAddress: msg.to,
        subject: msg.subject,
        textBody: msg.text,
        htmlBody: msg.html,
        headersJson: JSON.stringify(headers),
        messageId,
        status: "queued",
      },
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

/**
 * Queues many messages at once (notification fan-out): the same checks as enqueueMail, one
 * query for the dedupe keys already queued and one multi-row insert for the rest, so a chunk
 * of hundreds costs a few statements instead of two per message. Messages whose dedupeKey is
 * already queued (or repeated in `msgs`) are skipped. Returns how many were queued.
 */
export async function enqueueMails(tx: Db, msgs: OutgoingMail[]): Promise<{ queued: number }> {
  const rows = new Map<string, { dedupeKey: string; toAddress: string; subject: string; textBody: string; htmlBody: string; headersJson: string; messageId: string; status: string }>();
  for (const msg of msgs) {
    if (!msg.dedupeKey) throw new Error("enqueueMail needs a dedupeKey");
    assertSingleRecipient(msg.to, "to");
    assertHeaderSafe(msg.subject, "subject");
    const headers = assertHeadersSafe(msg.headers ?? {});
    if (rows.has(msg.dedupeKey)) continue;
    rows.set(msg.dedupeKey, {
      dedupeKey: msg.dedupeKey,
      toAddress: msg.to,
      subject: msg.subject,
      textBody: msg.text,
      htmlBody: msg.html,
      headersJson: JSON.stringify(headers),
      messageId: msg.messageId ? normaliseMessageId(msg.messageId) : newMessageId(),
      status: "queued",
    });
  }
  if (rows.size === 0) return { queued: 0 };
  const existing = await tx.outboxMessage.findMany({ where: { dedupeKey: { in: [...rows.keys()] } }, select: { dedupeKey: true } });
  for (const { dedupeKey } of existing) rows.delete(dedupeKey);
  if (rows.size === 0) return { queued: 0 };
  const { count } = await tx.outboxMessage.createMany({ data: [...rows.values()] });
  return { queued: count };
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

function claimableWhere(now: Date) {
  return {
    OR: [
      {
        status: { in: ["queued", "retrying"] },
        nextAttemptAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      // A worker that crashed mid-send leaves its rows in "sending"; once the lock expires they
      // are taken over (at-least-once: the SMTP server may already have accepted one of them).
      { status: "sending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    ],
  };
}

/**
 * Claims up to `limit` due messages and sends them. `now` is the worker's clock (tests pass a
 * later one to skip backoff waits); sentAt and the next try are measured from it.
 */
export async function deliverDueMessages({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<{
  sent: number;
  failed: number;
  dead: number;
}> {
  const result = { sent: 0, failed: 0, dead: 0 };
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));

  const candidates = await db().outboxMessage.findMany({
    where: claimableWhere(now),
    orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }],
    take: limit,
    select: { id: true },
  });
  if (candidates.length === 0) return result;

  // Each claim is a conditional UPDATE: it succeeds only while the row is still claimable, so
  // of two workers racing for a row exactly one gets count 1. One transaction, one commit.
  const lockedUntil = new Date(now.getTime() + CLAIM_LOCK_MS);
  const claims = await db().$transaction(
    candidates.map(({ id }) =>
      db().outboxMessage.updateMany({
        where: { id, ...claimableWhere(now) },
        data: { status: "sending", lockedUntil },
      }),
    ),
  );
  const won = candidates.filter((_, i) => claims[i].count === 1).map((c) => c.id);
  if (won.length === 0) return result;

  const messages = await db().outboxMessage.findMany({
    where: { id: { in: won } },
    orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }],
  });
  const transport = getTransport();
  const from = env().MAIL_FROM;
  const maxAttempts = env().MAIL_MAX_ATTEMPTS;

  const deliverOne = async (message: (typeof messages)[number]) => {
    const mine = { id: message.id, status: "sending", lockedUntil };
    // Past half the lock, hand the rest back rather than risk a second worker taking them over
    // while we are still sending.
    if (Date.now() - started > CLAIM_LOCK_MS / 2) {
      await db().outboxMessage.updateMany({
        where: mine,
        data: { status: message.attempts > 0 ? "retrying" : "queued", lockedUntil: null },
      });
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
      });
    } catch (error) {
      const attempts = message.attempts + 1;
      const isDead = attempts >= maxAttempts;
      await db().outboxMessage.updateMany({
        where: mine,
        data: {
          attempts,
          lastError: describeError(error),
          lockedUntil: null,
          status: isDead ? "dead" : "retrying",
          ...(isDead ? {} : { nextAttemptAt: new Date(clock().getTime() + backoffMs(attempts)) }),
        },
      });
      if (isDead) result.dead++;
      else result.failed++;
      return;
    }
    // Recorded per message, straight away: a crash later in the batch does not resend this one.
    await db().outboxMessage.updateMany({
      where: { id: message.id, status: "sending" },
      data: { status: "sent", sentAt: clock(), lockedUntil: null, lastError: null },
    });
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
export async function listOutbox({
  status,
  page = 1,
  pageSize = 50,
}: { status?: string; page?: number; pageSize?: number } = {}): Promise<{
  messages: OutboxListItem[];
  total: number;
  counts: Record<OutboxStatus, number>;
}> {
  const size = Math.min(Math.max(Math.trunc(pageSize) || 50, 1), 200);
  const current = Math.max(Math.trunc(page) || 1, 1);
  const where = status && (OUTBOX_STATUSES as readonly string[]).includes(status) ? { status } : {};
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
    if ((OUTBOX_STATUSES as readonly string[]).includes(row.status)) counts[row.status as OutboxStatus] = row._count._all;
  }
  return { messages, total, counts };
}
