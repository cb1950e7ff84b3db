/**
 * Notification fan-out (docs/decisions/008). Requests and the scheduler write one
 * NotificationEvent per thing that happened; the worker calls processNotificationEvents(), which
 * claims events, resolves who should hear about each one and queues one outbox message per
 * recipient, in chunks, each chunk in one transaction. The daily digest is built here too
 * (sendDailyDigests, called by the scheduler).
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
import { ensureUserFollower, followOnComment } from "./following.server";
import { db, type Db, directTransaction, isUniqueViolation } from "~/services/db.server";
import { absoluteUrl } from "~/services/env.server";
import { manageUrl, unsubscribeUrl } from "~/features/following/tokens.server";
import { consultationThreadHeaders, digestMessageId, eventMessageId, listHeaders, mailHost, type ThreadHeaders } from "~/services/mail-headers.server";
import { enqueueMail, enqueueMailsDirect, type OutgoingMail } from "~/services/outbox.server";
import { CATEGORY_LABELS, labelOf } from "~/features/consultations/fields";
import { formatCommentRef } from "~/features/comments/reference";
import { consultationPublishedEmail } from "../../../emails/consultation-published";
import { planRevisedEmail } from "../../../emails/plan-revised";
import { newCommentEmail } from "../../../emails/new-comment";
import { commentReplyEmail } from "../../../emails/comment-reply";
import { closingSoonEmail } from "../../../emails/closing-soon";
import { plannedReminders } from "~/features/consultations/closing-reminders";
import { closingChangeKind } from "~/features/consultations/closing-change";
import { closingChangedEmail } from "../../../emails/closing-changed";
import { periodClosedEmail } from "../../../emails/period-closed";
import { consultationWithdrawnEmail } from "../../../emails/consultation-withdrawn";
import { dugRecordedEmail } from "../../../emails/dug-recorded";
import { dugReviewOpenedEmail } from "../../../emails/dug-review-opened";
import { dugReminderEmail } from "../../../emails/dug-reminder";
import { dugRuleMetEmail } from "../../../emails/dug-rule-met";
import { dugEventRecipients, type DugRecipient } from "~/features/dug/review.server";
import { statementPublishedEmail } from "../../../emails/statement-published";
import { dispositionsByAuthor } from "~/features/statement/statement.server";
import { dailyDigestEmail, type DigestGroup } from "../../../emails/daily-digest";
import type { MailComment, MailConsultation, NotificationFooter, NotificationReason, RenderedMail } from "../../../emails/notification";
import { shownName } from "~/models/names";

// ------------------------------------------------------------------------------ vocabulary

/** How long a worker owns a claimed event; renewed after every chunk. */
export const EVENT_LOCK_MS = 5 * 60_000;
/** Recipients queued per transaction: short enough not to hold up requests, long enough to be fast. */
export const EXPANSION_CHUNK = 100;
const TX = { maxWait: 15_000, timeout: 60_000 };
const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------ followers

type FollowerRow = {
  id: string;
  email: string;
  userId: string | null;
  confirmedAt: Date | null;
  unsubscribedAllAt: Date | null;
  commentMode: string;
  notifyReplies: boolean;
  autoFollowOnComment: boolean;
};
const followerSelect = {
  id: true,
  email: true,
  userId: true,
  confirmedAt: true,
  unsubscribedAllAt: true,
  commentMode: true,
  notifyReplies: true,
  autoFollowOnComment: true,
} as const;

/** Who may receive notifications at all. */
const reachable = { confirmedAt: { not: null }, unsubscribedAllAt: null } as const;

/** The Follower row of a user (created and confirmed when missing, see ensureUserFollower). */
async function ensureFollowerOfUser(user: { id: string }, now: Date): Promise<FollowerRow> {
  const id = await ensureUserFollower({ userId: user.id, now });
  return db().follower.findUniqueOrThrow({ where: { id }, select: followerSelect });
}

// ------------------------------------------------------------------------------ recipients

type Recipient = {
  followerId: string;
  email: string;
  userId: string | null;
  reason: NotificationReason;
  /** What the unsubscribe link of this mail stops. */
  list: { kind: "consultation"; consultationId: string; consultationNumber: number } | { kind: "all" };
};

/** Pages of recipients; each page is queued in one transaction. */
type RecipientSource = (pageSize: number) => AsyncGenerator<Recipient[]>;

function followersOfConsultation(consultation: { id: string; number: number }, { commentMode }: { commentMode?: "immediate" | "daily" } = {}): RecipientSource {
  return async function* (pageSize) {
    let after = "";
    for (;;) {
      // Driven from the consultation's subscriptions (index consultationId, followerId), not from
      // every follower: a comment on a consultation few follow must not scan all followers.
      const subscriptions = await db().subscription.findMany({
        where: {
          consultationId: consultation.id,
          scope: "consultation",
          followerId: { gt: after },
          follower: { ...reachable, ...(commentMode ? { commentMode } : {}) },
        },
        orderBy: { followerId: "asc" },
        take: pageSize,
        select: { follower: { select: { id: true, email: true, userId: true } } },
      });
      const page = subscriptions.map((s) => s.follower);
      if (page.length === 0) return;
      after = page[page.length - 1].id;
      yield page.map((f) => ({
        followerId: f.id,
        email: f.email,
        userId: f.userId,
        reason: { kind: "follows-consultation", consultationNumber: consultation.number },
        list: { kind: "consultation", consultationId: consultation.id, consultationNumber: consultation.number },
      }));
      if (page.length < pageSize) return;
    }
  };
}

export function parseCategories(csv: string): string[] {
  return csv
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Followers of "every new consultation" whose categories (none = all) include `category`. */
function followersOfNewConsultations(category: string): RecipientSource {
  return async function* (pageSize) {
    let after = "";
    for (;;) {
      const page = await db().subscription.findMany({
        where: { scope: "all_new", id: { gt: after }, follower: reachable },
        orderBy: { id: "asc" },
        take: pageSize,
        select: { id: true, categoriesCsv: true, follower: { select: { id: true, email: true, userId: true } } },
      });
      if (page.length === 0) return;
      after = page[page.length - 1].id;
      const matching = page.filter((s) => {
        const categories = parseCategories(s.categoriesCsv);
        return categories.length === 0 || categories.includes(category);
      });
      yield matching.map((s) => ({
        followerId: s.follower.id,
        email: s.follower.email,
        userId: s.follower.userId,
        reason: { kind: "follows-new", categories: parseCategories(s.categoriesCsv).map((c) => labelOf(CATEGORY_LABELS, c)) },
        list: { kind: "all" },
      }));
      if (page.length < pageSize) return;
    }
  };
}

/** Everyone with a comment (not withdrawn) on the consultation; their Follower is created if missing. */
function commentersOf(consultation: { id: string; number: number }, now: Date): RecipientSource {
  return async function* (pageSize) {
    const authors = await db().comment.findMany({
      where: { consultationId: consultation.id, withdrawnAt: null },
      distinct: ["authorId"],
      orderBy: { authorId: "asc" },
      select: { author: { select: { id: true, email: true } } },
    });
    for (let i = 0; i < authors.length; i += pageSize) {
      const page: Recipient[] = [];
      for (const { author } of authors.slice(i, i + pageSize)) {
        const follower = await ensureFollowerOfUser(author, now);
        if (follower.unsubscribedAllAt || !follower.confirmedAt) continue;
        page.push({
          followerId: follower.id,
          email: follower.email,
          userId: follower.userId,
          reason: { kind: "commented", consultationNumber: consultation.number },
          list: { kind: "all" },
        });
      }
      yield page;
    }
  };
}

function single(recipient: Recipient | null): RecipientSource {
  return async function* () {
    if (recipient) yield [recipient];
  };
}

// ------------------------------------------------------------------------------ event plans

type EventRow = {
  id: string;
  type: string;
  consultationId: string | null;
  subjectId: string | null;
  actorId: string | null;
  payloadJson: string;
  createdAt: Date;
};

type ConsultationRow = NonNullable<Awaited<ReturnType<typeof loadConsultation>>>;

function loadConsultation(id: string) {
  return db().consultation.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      summary: true,
      category: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      withdrawnAt: true,
      withdrawnReason: true,
      concludedAt: true,
      commentCount: true,
    },
  });
}

/** One mail for one recipient: the rendered parts and the thread it belongs to. */
type Render = (footer: NotificationFooter) => RenderedMail;
type Plan = { sources: RecipientSource[]; thread: ThreadHeaders; render: Render; mailFor?: (r: Recipient) => { thread: ThreadHeaders; render: Render } };
const NOTHING = null;

const consultationPath = (slug: string) => `/consultations/${encodeURIComponent(slug)}`;
const mailConsultation = (c: ConsultationRow): MailConsultation => ({ number: c.number, title: c.title, url: absoluteUrl(consultationPath(c.slug)) });

function payloadOf(event: EventRow): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(event.payloadJson || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);
const date = (v: unknown): Date | null => {
  if (typeof v !== "string" && !(v instanceof Date)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
/** A site path from a payload (later features say where their page is); never another origin. */
const sitePath = (v: unknown, fallback: string) => (typeof v === "string" && /^\/(?!\/)[^\s\\]*$/.test(v) ? v : fallback);

const thread = (c: ConsultationRow, isFirst: boolean, parentCommentId?: string | null) =>
  consultationThreadHeaders({ consultation: { id: c.id, number: c.number, title: c.title }, isFirst, parentCommentId });

/** Decides who hears about an event and what they read; null when nobody should. */
async function planFor(event: EventRow, c: ConsultationRow, now: Date): Promise<Plan | null> {
  const payload = payloadOf(event);
  const mc = mailConsultation(c);
  const followers = followersOfConsultation(c);

  switch (event.type) {
    case "consultation.published":
    case "consultation.opened": {
      if (c.withdrawnAt || !c.opensAt || !c.closesAt) return NOTHING;
      const kind = event.type === "consultation.published" ? "published" : "opened";
      const data = { ...mc, summary: c.summary, categoryLabel: labelOf(CATEGORY_LABELS, c.category), opensAt: c.opensAt, closesAt: c.closesAt };
      return {
        // Nobody can follow a draft, so a publication goes to "every new consultation" only; by
        // the opening, people may follow the consultation itself as well.
        sources: kind === "published" ? [followersOfNewConsultations(c.category)] : [followers, followersOfNewConsultations(c.category)],
        thread: thread(c, kind === "published"),
        render: (footer) => consultationPublishedEmail({ kind, consultation: data, now: event.createdAt, footer }),
      };
    }

    case "consultation.revised": {
      const version = int(payload.version);
      if (!version) return NOTHING;
      const plan = await db().planVersion.findUnique({
        where: { consultationId_number: { consultationId: c.id, number: version } },
        select: { changeSummary: true },
      });
      const diffUrl = absoluteUrl(`${consultationPath(c.slug)}/diff?from=${Math.max(1, version - 1)}&to=${version}`);
      return {
        sources: [followers],
        thread: thread(c, false),
        render: (footer) =>
          planRevisedEmail({ consultation: mc, version, changeSummary: str(payload.changeSummary) ?? plan?.changeSummary ?? "", diffUrl, footer }),
      };
    }

    case "consultation.extended":
    case "consultation.shortened": {
      const change = await db().closingExtension.findFirst({
        where: { consultationId: c.id, createdAt: { lte: event.createdAt } },
        orderBy: { createdAt: "desc" },
        select: { previousClosesAt: true, newClosesAt: true, reason: true },
      });
      const closesAt = date(payload.closesAt) ?? change?.newClosesAt ?? c.closesAt;
      if (!closesAt) return NOTHING;
      const reason = str(payload.reason) ?? change?.reason ?? "";
      const previousClosesAt = date(payload.previousClosesAt) ?? change?.previousClosesAt ?? null;
      const kind = previousClosesAt
        ? closingChangeKind({ previousClosesAt, newClosesAt: closesAt })
        : event.type === "consultation.shortened"
          ? "shortened"
          : "extended";
      // What reminders follow, by the scheduler's own rule, while this is still the closing.
      const current = !c.withdrawnAt && c.opensAt && c.closesAt?.getTime() === closesAt.getTime();
      const planned = current ? plannedReminders({ opensAt: c.opensAt!, closesAt, noticesAt: [event.createdAt], sent: [] }) : [];
      const reminders = current ? (planned[0] ? { at: planned[0].at, count: planned.length } : null) : undefined;
      return {
        sources: [followers],
        thread: thread(c, false),
        render: (footer) => closingChangedEmail({ consultation: mc, kind, previousClosesAt, closesAt, reason, reminders, footer }),
      };
    }

    case "consultation.withdrawn": {
      const reason = str(payload.reason) ?? c.withdrawnReason ?? "";
      return { sources: [followers], thread: thread(c, false), render: (footer) => consultationWithdrawnEmail({ consultation: mc, reason, footer }) };
    }

    case "consultation.closing-soon": {
      const closesAt = date(payload.closesAt) ?? c.closesAt;
      // A reminder made stale by a change of the closing or a withdrawal before it went out says nothing true.
      if (!closesAt || !c.closesAt || c.withdrawnAt || c.closesAt.getTime() !== closesAt.getTime()) return NOTHING;
      // The scheduler wrote what comes next; a reminder written before it did (a 7-day one) had one more to come.
      const nextAt = "nextReminderAt" in payload ? date(payload.nextReminderAt) : int(payload.days) === 7 ? new Date(closesAt.getTime() - DAY_MS) : null;
      const next = nextAt ? { at: nextAt, count: int(payload.remindersAfter) ?? 1 } : null;
      return {
        sources: [followers],
        thread: thread(c, false),
        render: (footer) => closingSoonEmail({ consultation: mc, closesAt, at: event.createdAt, next, footer }),
      };
    }

    case "consultation.closed": {
      const closedAt = date(payload.closesAt) ?? c.closesAt;
      if (!closedAt || !c.closesAt || c.withdrawnAt || c.closesAt.getTime() !== closedAt.getTime()) return NOTHING;
      const commentCount = c.commentCount;
      return { sources: [followers], thread: thread(c, false), render: (footer) => periodClosedEmail({ consultation: mc, closedAt, commentCount, footer }) };
    }

    case "comment.created":
      return commentPlan(event, c, mc, payload, now);

    case "dug.recorded": {
      const url = absoluteUrl(sitePath(payload.path, consultationPath(c.slug)));
      return {
        sources: [followers, commentersOf(c, now)],
        thread: thread(c, false),
        render: (footer) =>
          dugRecordedEmail({
            consultation: mc,
            outcome: str(payload.outcome),
            round: int(payload.round),
            planVersion: int(payload.planVersion),
            summary: str(payload.summary),
            url,
            footer,
          }),
      };
    }

    case "dug.review-opened":
    case "dug.reminder":
    case "dug.rule-met":
      return dugSeatPlan(event, c, mc, payload, now);

    case "statement.published": {
      const url = absoluteUrl(sitePath(payload.path, consultationPath(c.slug)));
      // Each commenter's mail names the disposition of their own comments in this revision.
      const own = event.subjectId
        ? await dispositionsByAuthor({ revisionId: event.subjectId })
        : new Map<string, { ref: string; label: string; path: string }[]>();
      const render = (mine: { ref: string; label: string; path: string }[] | undefined) => (footer: NotificationFooter) =>
        statementPublishedEmail({
          consultation: mc,
          revision: int(payload.revision),
          erratum: str(payload.erratum),
          summary: str(payload.summary),
          url,
          yourComments: mine?.map((m) => ({ ref: m.ref, disposition: m.label, url: absoluteUrl(m.path) })),
          footer,
        });
      const statementThread = thread(c, false);
      return {
        sources: [followers, commentersOf(c, now)],
        thread: statementThread,
        render: render(undefined),
        mailFor: (r) => ({ thread: statementThread, render: render(r.userId ? own.get(r.userId) : undefined) }),
      };
    }

    default:
      console.warn(`[notifications] unknown event type "${event.type}" (${event.id}): nothing sent`);
      return NOTHING;
  }
}

async function commentPlan(event: EventRow, c: ConsultationRow, mc: MailConsultation, payload: Record<string, unknown>, now: Date): Promise<Plan | null> {
  if (!event.subjectId) return NOTHING;
  const comment = await db().comment.findUnique({
    where: { id: event.subjectId },
    select: {
      id: true,
      seq: true,
      parentId: true,
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
  if (!comment) return NOTHING;

  // Auto-follow: commenting follows the consultation unless the author turned that off (or
  // unsubscribed from everything).
  await retryWhenBusy(() => db().$transaction((tx) => followOnComment(tx, { userId: comment.author.id, consultationId: c.id, now })));

  // Hidden or withdrawn before the worker got to it: nothing to tell.
  if (comment.hiddenAt || comment.withdrawnAt) return NOTHING;

  const ref = str(payload.ref) ?? formatCommentRef(c.number, comment.seq);
  const permalink = (r: string) => absoluteUrl(`${consultationPath(c.slug)}/comments/${encodeURIComponent(r)}`);
  const mailComment: MailComment = {
    ref,
    authorName: shownName(comment.author.displayName),
    organisationName: comment.organisation?.name ?? null,
    isIfmReply: comment.isIfmReply,
    createdAt: comment.createdAt,
    sectionTitle: comment.sectionTitle,
    bodyMd: comment.bodyMd,
    bodyHtml: comment.bodyHtml,
    url: permalink(ref),
  };
  const parent = comment.parent;
  const parentRef = parent ? formatCommentRef(c.number, parent.seq) : null;
  const commentThread = thread(c, false, parent?.id ?? null);

  // The parent's author hears about the reply first (and so once: the dedupe key is per
  // follower), whatever their mode for new comments.
  let replyTo: Recipient | null = null;
  if (parent && parentRef && parent.author.id !== comment.author.id) {
    const follower = await ensureFollowerOfUser(parent.author, now);
    if (follower.notifyReplies && follower.confirmedAt && !follower.unsubscribedAllAt) {
      replyTo = { followerId: follower.id, email: follower.email, userId: follower.userId, reason: { kind: "reply", ref: parentRef }, list: { kind: "all" } };
    }
  }
  const replyRecipient = replyTo?.followerId;
  const parentInfo = parent && parentRef ? { ref: parentRef, url: permalink(parentRef) } : null;

  return {
    sources: [single(replyTo), followersOfConsultation(c, { commentMode: "immediate" })],
    thread: commentThread,
    render: (footer) => newCommentEmail({ consultation: mc, comment: mailComment, parentRef, footer }),
    mailFor: (r) =>
      r.followerId === replyRecipient && parentInfo
        ? { thread: commentThread, render: (footer) => commentReplyEmail({ consultation: mc, comment: mailComment, parent: parentInfo, footer }) }
        : { thread: commentThread, render: (footer) => newCommentEmail({ consultation: mc, comment: mailComment, parentRef, footer }) },
  };
}

/** DUG duties (docs/decisions/013): the seat holders the event concerns, each with their role. */
async function dugSeatPlan(event: EventRow, c: ConsultationRow, mc: MailConsultation, payload: Record<string, unknown>, now: Date): Promise<Plan | null> {
  if (!event.subjectId) return NOTHING;
  const seatHolders = await dugEventRecipients({ type: event.type, reviewId: event.subjectId, now });
  if (seatHolders.length === 0) return NOTHING;
  const roleOf = new Map<string, DugRecipient["role"]>();
  const source: RecipientSource = async function* () {
    const page: Recipient[] = [];
    for (const holder of seatHolders) {
      const follower = await ensureFollowerOfUser({ id: holder.userId }, now);
      if (follower.unsubscribedAllAt || !follower.confirmedAt) continue;
      roleOf.set(follower.id, holder.role);
      page.push({ followerId: follower.id, email: follower.email, userId: follower.userId, reason: { kind: "dug", role: holder.role }, list: { kind: "all" } });
    }
    yield page;
  };
  const url = absoluteUrl(`${consultationPath(c.slug)}/dug`);
  const round = int(payload.round) ?? 1;
  const planVersion = int(payload.planVersion) ?? 1;
  const deadline = date(payload.deadline) ?? now;
  const memberRole = (r: Recipient) => (roleOf.get(r.followerId) === "liaison" ? "liaison" : "voting member");
  const render =
    (r: Recipient): Render =>
    (footer) => {
      if (event.type === "dug.review-opened")
        return dugReviewOpenedEmail({ consultation: mc, round, planVersion, deadline, superseded: int(payload.superseded), role: memberRole(r), url, footer });
      if (event.type === "dug.reminder") return dugReminderEmail({ consultation: mc, round, deadline, role: memberRole(r), url, footer });
      return dugRuleMetEmail({ consultation: mc, round, planVersion, url, footer });
    };
  const dugThread = thread(c, false);
  return {
    sources: [source],
    thread: dugThread,
    render: (footer) => dugRuleMetEmail({ consultation: mc, round, planVersion, url, footer }),
    mailFor: (r) => ({ thread: dugThread, render: render(r) }),
  };
}

function footerFor(r: Recipient): NotificationFooter {
  const list = r.list.kind === "consultation" ? r.list.consultationId : "all";
  return {
    reason: r.reason,
    email: r.email,
    manageUrl: manageUrl(r.followerId),
    unsubscribeUrl: unsubscribeUrl(r.followerId, list),
    unsubscribe: r.list.kind === "consultation" ? { kind: "consultation", consultationNumber: r.list.consultationNumber } : { kind: "all" },
  };
}

// ------------------------------------------------------------------------------ processing

const claimable = (at: Date) => ({ processedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] });

class LostClaim extends Error {}

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
      const event = await db().notificationEvent.findUniqueOrThrow({
        where: { id },
        select: { id: true, type: true, consultationId: true, subjectId: true, actorId: true, payloadJson: true, createdAt: true },
      });
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
  event: EventRow,
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
  const consultation = await loadConsultation(event.consultationId);
  if (!consultation) return 0;
  const plan = await planFor(event, consultation, now);
  if (!plan) return 0;

  const actor = event.actorId ? await db().user.findUnique({ where: { id: event.actorId }, select: { id: true, email: true } }) : null;
  const isActor = (r: Recipient) => !!actor && (r.userId === actor.id || r.email.toLowerCase() === actor.email.toLowerCase());

  let queued = 0;
  for (const source of plan.sources) {
    for await (const page of source(chunkSize)) {
      const recipients = page.filter((r) => !isActor(r));
      if (recipients.length > 0) {
        const mails = recipients.map((r) => {
          const { thread, render } = plan.mailFor?.(r) ?? plan;
          const footer = footerFor(r);
          const { subject, text, html } = render(footer);
          return {
            dedupeKey: `${event.id}:${r.followerId}`,
            to: r.email,
            subject,
            text,
            html,
            headers: { ...thread.headers, ...listHeaders({ unsubscribeUrl: footer.unsubscribeUrl }) },
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
 * Queues one chunk in one write transaction on the direct connection (BEGIN IMMEDIATE: it waits
 * for a request's write in another process instead of failing with SQLITE_BUSY, as a deferred
 * Prisma transaction that read first would). A message whose dedupe key is already queued —
 * by another worker, or by this event's earlier, interrupted expansion — is skipped by the
 * unique index.
 */
async function queueChunk(mails: OutgoingMail[]): Promise<number> {
  return (await directTransaction((sql) => enqueueMailsDirect(sql, mails))).queued;
}

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
      select: { id: true, email: true, userId: true, lastDigestAt: true },
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
  follower: { id: string; email: string; userId: string | null; lastDigestAt: Date | null },
  { cutoff, day }: { cutoff: Date; day: string },
): Promise<boolean> {
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
  if (comments.length === 0) {
    await advance(db());
    return false;
  }

  const groups = new Map<string, DigestGroup>();
  for (const comment of comments) {
    const c = comment.consultation;
    let group = groups.get(c.id);
    if (!group) {
      group = { consultation: { number: c.number, title: c.title, url: absoluteUrl(consultationPath(c.slug)) }, comments: [], more: 0 };
      groups.set(c.id, group);
    }
    if (group.comments.length >= DIGEST_MAX_PER_CONSULTATION) {
      group.more = (group.more ?? 0) + 1;
      continue;
    }
    const ref = formatCommentRef(c.number, comment.seq);
    group.comments.push({
      ref,
      authorName: shownName(comment.author.displayName),
      organisationName: comment.organisation?.name ?? null,
      isIfmReply: comment.isIfmReply,
      createdAt: comment.createdAt,
      sectionTitle: comment.sectionTitle,
      bodyMd: comment.bodyMd,
      bodyHtml: comment.bodyHtml,
      url: absoluteUrl(`${consultationPath(c.slug)}/comments/${encodeURIComponent(ref)}`),
    });
  }
  const ordered = [...groups.values()].sort((a, b) => a.consultation.number - b.consultation.number);

  const footer: NotificationFooter = {
    reason: { kind: "digest" },
    email: follower.email,
    manageUrl: manageUrl(follower.id),
    unsubscribeUrl: unsubscribeUrl(follower.id, "all"),
    unsubscribe: { kind: "all" },
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
        headers: { "List-Id": `<daily-digest.${mailHost()}>`, ...listHeaders({ unsubscribeUrl: footer.unsubscribeUrl }) },
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
