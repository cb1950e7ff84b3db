/**
 * Notification fan-out (docs/decisions/008, 011). Requests and the scheduler write one
 * NotificationEvent per thing that happened (events/record.server.ts); the worker calls
 * processNotificationEvents(), which claims events, decodes each with the events' union
 * (events/payloads.ts), asks its type's handler (events/registry.server.ts) who should hear about
 * it and what they read, and queues one outbox message per recipient, in chunks, each chunk in
 * one transaction. The daily digest is built here too (sendDailyDigests, called by the scheduler).
 *
 * Exactly once:
 * - an event is claimed with a conditional update on lockedUntil, so two workers never expand
 *   the same event at the same time; the lock is renewed after every chunk;
 * - a worker that dies mid-expansion leaves its lock behind; once it expires another worker
 *   takes the event over and expands it again from the start, and the outbox's unique dedupe
 *   key `<eventId>:<followerId>` turns every message already queued into a no-op;
 * - the event is marked processed only after its last chunk.
 * Nobody is told about their own action (the event's actorId).
 */
import { db, type Db, isUniqueViolation, sqlTransaction } from "~/services/db.server";
import { manageUrl, unsubscribeUrl } from "~/features/following/tokens.server";
import { digestMessageId, eventMessageId, listHeaders, mailHost } from "~/services/mail-headers.server";
import { enqueueMail, enqueueMailsDirect, type OutgoingMail } from "~/services/outbox.server";
import { formatCommentRef } from "~/features/comments/reference";
import { dailyDigestEmail, type DigestGroup } from "../../../emails/daily-digest";
import type { NotificationFooter } from "../../../emails/notification";
import { parseStoredEvent, type StoredEvent, type StoredEventRow } from "./events/payloads";
import { loadEventConsultation, mailComment, mailConsultation } from "./events/handler.server";
import { handlerFor } from "./events/registry.server";
import { mailLocale, reachable, type Recipient } from "./events/recipients.server";
import { contentLanguage } from "./mail-language.server";
import { suppressedAddresses } from "~/features/email/bounces.server";

// ------------------------------------------------------------------------------ vocabulary

/** How long a worker owns a claimed event; renewed after every chunk. */
export const EVENT_LOCK_MS = 5 * 60_000;
/** Recipients queued per transaction: short enough not to hold up requests, long enough to be fast. */
export const EXPANSION_CHUNK = 100;
const TX = { maxWait: 15_000, timeout: 60_000 };
const DAY_MS = 86_400_000;

function footerFor(r: Recipient): NotificationFooter {
  const list = r.list.kind === "consultation" ? r.list.consultationId : "all";
  return {
    reason: r.reason,
    email: r.email,
    manageUrl: manageUrl(r.followerId, r.locale),
    unsubscribeUrl: unsubscribeUrl(r.followerId, list, r.locale),
    unsubscribe: r.list.kind === "consultation" ? { kind: "consultation", consultationNumber: r.list.consultationNumber } : { kind: "all" },
    locale: r.locale,
  };
}

// ------------------------------------------------------------------------------ processing

const claimable = (at: Date) => ({ processedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] });

class LostClaim extends Error {}

/**
 * `failed`: events that could not be expanded. One the events' union refuses is set aside for
 * good (logged and marked processed: retrying cannot mend it); any other failure is retried
 * when its lock expires.
 */
export type ProcessResult = { processed: number; queued: number; failed: number };

/**
 * Claims up to `batchSize` unprocessed events (oldest first) and expands each into outbox
 * messages. `now` is the worker's clock (tests pass a later one to let locks expire).
 * `afterChunk` is for tests: it runs after each committed chunk (throwing there simulates a
 * worker killed mid-expansion).
 */
export async function processNotificationEvents({
  now = new Date(),
  batchSize = 10,
  chunkSize = EXPANSION_CHUNK,
  afterChunk,
}: {
  now?: Date;
  batchSize?: number;
  chunkSize?: number;
  afterChunk?: (info: { eventId: string; queued: number }) => void | Promise<void>;
} = {}): Promise<ProcessResult> {
  const result: ProcessResult = { processed: 0, queued: 0, failed: 0 };
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  // A few random milliseconds make every claim's lock value its own, so "still mine" checks on
  // lockedUntil cannot confuse two workers.
  const newLock = () => new Date(clock().getTime() + EVENT_LOCK_MS + Math.floor(Math.random() * 1000));

  const candidates = await db().notificationEvent.findMany({
    where: claimable(now),
    orderBy: { createdAt: "asc" },
    take: batchSize,
    select: { id: true },
  });

  for (const { id } of candidates) {
    let lock = newLock();
    const { count } = await db().notificationEvent.updateMany({ where: { id, ...claimable(now) }, data: { lockedUntil: lock } });
    if (count !== 1) continue; // another worker has it

    try {
      const row: StoredEventRow = await db().notificationEvent.findUniqueOrThrow({
        where: { id },
        select: { id: true, type: true, consultationId: true, subjectId: true, actorId: true, payloadJson: true, createdAt: true },
      });
      const parsed = parseStoredEvent(row);
      if (!parsed.ok) {
        console.error(`[notifications] event ${id} (${row.type}) set aside, nothing sent: ${parsed.problem}`);
        await db().notificationEvent.updateMany({ where: { id, lockedUntil: lock, processedAt: null }, data: { processedAt: clock(), lockedUntil: null } });
        result.failed++;
        continue;
      }
      const event = parsed.event;
      const renew = async () => {
        const next = newLock();
        const { count: mine } = await db().notificationEvent.updateMany({ where: { id, lockedUntil: lock, processedAt: null }, data: { lockedUntil: next } });
        if (mine !== 1) throw new LostClaim(`event ${id} was taken over by another worker`);
        lock = next;
      };
      result.queued += await expandEvent(event, { now: clock(), chunkSize, renew, afterChunk });
      const { count: done } = await db().notificationEvent.updateMany({
        where: { id, lockedUntil: lock, processedAt: null },
        data: { processedAt: clock(), lockedUntil: null },
      });
      if (done === 1) result.processed++;
    } catch (error) {
      // The lock stays: the event is retried when it expires (a natural backoff), and any
      // message already queued is skipped then by its dedupe key.
      result.failed++;
      if (!(error instanceof LostClaim)) console.error(`[notifications] event ${id} failed:`, error);
    }
  }
  return result;
}

async function expandEvent(
  event: StoredEvent,
  {
    now,
    chunkSize,
    renew,
    afterChunk,
  }: {
    now: Date;
    chunkSize: number;
    renew: () => Promise<void>;
    afterChunk?: (info: { eventId: string; queued: number }) => void | Promise<void>;
  },
): Promise<number> {
  if (!event.consultationId) return 0;
  const consultation = await loadEventConsultation(event.consultationId);
  if (!consultation) return 0;
  const plan = await handlerFor(event.type)(event, consultation, now);
  if (!plan) return 0;

  const actor = event.actorId ? await db().user.findUnique({ where: { id: event.actorId }, select: { id: true, email: true } }) : null;
  const isActor = (r: Recipient) => !!actor && (r.userId === actor.id || r.email.toLowerCase() === actor.email.toLowerCase());

  let queued = 0;
  for (const source of plan.recipients) {
    for await (const page of source(chunkSize)) {
      const stopped = await suppressedAddresses(page.map((r) => r.email));
      const recipients = page.filter((r) => !isActor(r) && !stopped.has(r.email.toLowerCase()));
      if (recipients.length > 0) {
        const mails = recipients.map((r) => {
          const footer = footerFor(r);
          const { thread, content, replyTo } = plan.mail(r, footer);
          const { subject, text, html } = content;
          return {
            dedupeKey: `${event.id}:${r.followerId}`,
            to: r.email,
            subject,
            text,
            html,
            headers: {
              ...thread.headers,
              ...listHeaders({ unsubscribeUrl: footer.unsubscribeUrl }),
              ...(replyTo ? { "Reply-To": replyTo } : {}),
              ...contentLanguage(r.locale),
            },
            messageId: eventMessageId(event.id, r.followerId),
          };
        });
        queued += await queueChunk(mails);
      }
      await renew();
      await afterChunk?.({ eventId: event.id, queued });
    }
  }
  return queued;
}

/**
 * Queues one chunk in one write transaction of the typed SQL layer (on SQLite it takes the write
 * lock when it begins, waiting for a request's write in another process instead of failing with
 * SQLITE_BUSY). A message whose dedupe key is already queued — by another worker, or by this
 * event's earlier, interrupted expansion — is skipped by the unique index, on either database.
 */
async function queueChunk(mails: OutgoingMail[]): Promise<number> {
  return (await sqlTransaction((sql) => enqueueMailsDirect(sql, mails))).queued;
}

// ------------------------------------------------------------------------------ daily digest

/** Midnight UTC of `at`'s day. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Comments per consultation shown in one digest; the rest are counted with a link. */
export const DIGEST_MAX_PER_CONSULTATION = 100;
/** After a long pause, a digest reaches back this far at most. */
const DIGEST_MAX_LOOKBACK_MS = 7 * DAY_MS;

/**
 * Once per UTC day, from midnight UTC on: every confirmed follower in daily mode gets one mail
 * with the visible comments of the previous day(s) (since their last digest) on the
 * consultations they follow, grouped by consultation, except their own. The job key
 * `digest:<followerId>:<day>` makes it once per day whichever worker gets there first;
 * lastDigestAt moves to midnight even when there was nothing to send.
 */
export async function sendDailyDigests({
  now = new Date(),
  batchSize = 200,
  budgetMs = 20_000,
}: { now?: Date; batchSize?: number; budgetMs?: number } = {}): Promise<{
  sent: number;
  checked: number;
}> {
  const cutoff = startOfUtcDay(now);
  const day = isoDay(new Date(cutoff.getTime() - DAY_MS)); // the day the comments are from
  const started = Date.now();
  const result = { sent: 0, checked: 0 };
  let after = "";
  while (Date.now() - started < budgetMs) {
    const due = await db().follower.findMany({
      where: { ...reachable, commentMode: "daily", id: { gt: after }, OR: [{ lastDigestAt: null }, { lastDigestAt: { lt: cutoff } }] },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, email: true, userId: true, lastDigestAt: true, language: true, user: { select: { language: true } } },
    });
    if (due.length === 0) break;
    after = due[due.length - 1].id;
    for (const follower of due) {
      result.checked++;
      if (await digestFor(follower, { cutoff, day })) result.sent++;
    }
    if (due.length < batchSize) break;
  }
  return result;
}

async function digestFor(
  follower: { id: string; email: string; userId: string | null; lastDigestAt: Date | null; language: string | null; user: { language: string | null } | null },
  { cutoff, day }: { cutoff: Date; day: string },
): Promise<boolean> {
  const locale = mailLocale(follower);
  const floor = cutoff.getTime() - DIGEST_MAX_LOOKBACK_MS;
  const since = new Date(Math.max(follower.lastDigestAt?.getTime() ?? cutoff.getTime() - DAY_MS, floor));
  const advance = (tx: Db) => tx.follower.updateMany({ where: { id: follower.id, lastDigestAt: follower.lastDigestAt }, data: { lastDigestAt: cutoff } });

  const comments = await db().comment.findMany({
    where: {
      createdAt: { gte: since, lt: cutoff },
      hiddenAt: null,
      withdrawnAt: null,
      ...(follower.userId ? { authorId: { not: follower.userId } } : {}),
      consultation: { subscriptions: { some: { followerId: follower.id, scope: "consultation" } } },
    },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
    select: {
      seq: true,
      bodyMd: true,
      bodyHtml: true,
      createdAt: true,
      isIfmReply: true,
      sectionTitle: true,
      author: { select: { displayName: true } },
      organisation: { select: { name: true } },
      consultation: { select: { id: true, number: true, slug: true, title: true } },
    },
  });
  if (comments.length === 0 || (await suppressedAddresses([follower.email])).size > 0) {
    await advance(db());
    return false;
  }

  const groups = new Map<string, DigestGroup>();
  for (const comment of comments) {
    const c = comment.consultation;
    let group = groups.get(c.id);
    if (!group) {
      group = { consultation: mailConsultation(c, locale), comments: [], more: 0 };
      groups.set(c.id, group);
    }
    if (group.comments.length >= DIGEST_MAX_PER_CONSULTATION) {
      group.more = (group.more ?? 0) + 1;
      continue;
    }
    group.comments.push(mailComment(comment, { slug: c.slug, ref: formatCommentRef(c.number, comment.seq) }, locale));
  }
  const ordered = [...groups.values()].sort((a, b) => a.consultation.number - b.consultation.number);

  const footer: NotificationFooter = {
    reason: { kind: "digest" },
    email: follower.email,
    manageUrl: manageUrl(follower.id, locale),
    unsubscribeUrl: unsubscribeUrl(follower.id, "all", locale),
    unsubscribe: { kind: "all" },
    locale,
  };
  const { subject, text, html } = dailyDigestEmail({ day, groups: ordered, footer });
  const key = `digest:${follower.id}:${day}`;

  try {
    return await db().$transaction(async (tx) => {
      if (await tx.scheduledJob.findUnique({ where: { key }, select: { key: true } })) {
        await advance(tx);
        return false;
      }
      await tx.scheduledJob.create({ data: { key, doneAt: new Date() } });
      const { queued } = await enqueueMail(tx, {
        dedupeKey: key,
        to: follower.email,
        subject,
        text,
        html,
        headers: { "List-Id": `<daily-digest.${mailHost()}>`, ...listHeaders({ unsubscribeUrl: footer.unsubscribeUrl }), ...contentLanguage(locale) },
        messageId: digestMessageId(follower.id, day),
      });
      await advance(tx);
      return queued;
    }, TX);
  } catch (error) {
    if (isUniqueViolation(error)) return false; // another worker sent it
    throw error;
  }
}
