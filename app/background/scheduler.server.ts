// The scheduler inside the worker: turns the passage of time into notification events and
// daily digests, working only from the database, so it catches up after downtime and any
// number of workers may run it.
//
// Each time-based event happens once thanks to a ScheduledJob key, inserted in the same
// transaction as the NotificationEvent it stands for; a key that already exists (another
// worker, an earlier run) means "already done". Keys of closing reminders and of the closing
// include the closing time, so a change of the closing makes new reminders possible:
//   opened:<id>                      the comment period of a consultation published ahead opened
//   closing-7d:<id>:<closesAt ISO>   the week reminder, closing-1d:… the day reminder, when the
//                                    rule in app/models/closing-reminders.ts says they are due
//   closed:<id>:<closesAt ISO>       the period has closed
//   digest:<followerId>:<YYYY-MM-DD> the daily digest (app/models/notifications.server.ts)
//   dug-48h:<reviewId>:<deadline>    DUG review reminder; dug-lapsed:<reviewId> its lapse
//                                    (app/models/dug-review.server.ts, runDugJobs)
import { db, isUniqueViolation, type Db } from "~/services/db.server";
import { sendDailyDigests } from "~/features/following/notifications.server";
import { runDugJobs } from "~/features/dug/review-jobs.server";
import { dueReminder, type DueReminder, type ReminderKind, type ReminderState } from "~/features/consultations/closing-reminders";
import type { EventOfType } from "~/features/following/events/payloads";
import { recordEvent } from "~/features/following/events/record.server";

const DAY_MS = 86_400_000;
/** How far back a missed opening or closing is still announced after downtime. */
export const CATCH_UP_MS = 7 * DAY_MS;
/** How often the worker runs the scheduler (it is cheap, but once a second is pointless). */
export const SCHEDULER_INTERVAL_MS = 15_000;
const TX = { maxWait: 15_000, timeout: 30_000 };

type Job = {
  key: string;
  consultationId: string;
  event: EventOfType<"consultation.opened" | "consultation.closing-soon" | "consultation.closed">;
  /** Checked again inside the job's transaction, on what other workers may have written meanwhile. */
  stillDue?: (tx: Db) => Promise<boolean>;
};

export type SchedulerResult = { opened: number; closingSoon: number; closed: number; digests: number; dugReminders: number; dugLapsed: number };

type Period = { id: string; publishedAt: Date; opensAt: Date; closesAt: Date };

/** Published, not withdrawn or concluded, whose closing is at most CATCH_UP_MS ago. */
async function periodsToWatch(client: Db, now: Date, id?: string): Promise<Period[]> {
  const rows = await client.consultation.findMany({
    where: {
      ...(id ? { id } : {}),
      publishedAt: { not: null },
      withdrawnAt: null,
      concludedAt: null,
      closesAt: { gte: new Date(now.getTime() - CATCH_UP_MS) },
    },
    select: { id: true, publishedAt: true, opensAt: true, closesAt: true },
  });
  return rows.flatMap((c) =>
    c.publishedAt && c.opensAt && c.closesAt ? [{ id: c.id, publishedAt: c.publishedAt, opensAt: c.opensAt, closesAt: c.closesAt }] : [],
  );
}

const REMINDER_KEY: Record<ReminderKind, string> = { week: "closing-7d", day: "closing-1d" };
const REMINDER_KEY_PATTERN = /^closing-(7d|1d):[^:]+:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)/;

/**
 * What the followers of each period were told, and when: the input of the reminder rule. The
 * opening of `openingNow` is announced in this run, so it counts as a notice at `now`.
 */
async function reminderStates(client: Db, periods: Period[], now: Date, openingNow: ReadonlySet<string> = new Set()): Promise<Map<string, ReminderState>> {
  const ids = periods.map((p) => p.id);
  const [jobs, changes] = await Promise.all([
    client.scheduledJob.findMany({ where: { consultationId: { in: ids } }, select: { key: true, consultationId: true, doneAt: true } }),
    client.closingExtension.findMany({
      where: { consultationId: { in: ids } },
      orderBy: { createdAt: "asc" },
      select: { consultationId: true, createdAt: true },
    }),
  ]);
  const states = new Map<string, ReminderState>();
  for (const p of periods) {
    const changedAt = changes.filter((c) => c.consultationId === p.id).map((c) => c.createdAt);
    const noticesAt = [p.publishedAt, ...changedAt, ...(openingNow.has(p.id) ? [now] : [])];
    const sent: ReminderKind[] = [];
    for (const job of jobs) {
      if (job.consultationId !== p.id) continue;
      if (job.key === `opened:${p.id}`) noticesAt.push(job.doneAt);
      const reminder = REMINDER_KEY_PATTERN.exec(job.key);
      if (!reminder) continue;
      noticesAt.push(job.doneAt);
      if (reminder[2] === p.closesAt.toISOString()) sent.push(reminder[1] === "7d" ? "week" : "day");
    }
    states.set(p.id, { opensAt: p.opensAt, closesAt: p.closesAt, noticesAt, sent });
  }
  return states;
}

function reminderJob(p: Period, due: DueReminder, now: Date): Job {
  const closesIso = p.closesAt.toISOString();
  return {
    key: `${REMINDER_KEY[due.kind]}:${p.id}:${closesIso}`,
    consultationId: p.id,
    event: {
      type: "consultation.closing-soon",
      payload: { reminder: due.kind, closesAt: p.closesAt, nextReminderAt: due.then[0]?.at ?? null, remindersAfter: due.then.length },
    },
    // Another worker may have sent a reminder (or the IFM changed the closing) since the facts
    // were read: the rule decides again on what is committed now.
    stillDue: async (tx) => {
      const [fresh] = await periodsToWatch(tx, now, p.id);
      const state = fresh && (await reminderStates(tx, [fresh], now)).get(fresh.id);
      return !!state && fresh.closesAt.getTime() === p.closesAt.getTime() && dueReminder(state, now)?.kind === due.kind;
    },
  };
}

/** The jobs due at `now`, done or not. */
async function dueJobs(now: Date): Promise<Job[]> {
  const periods = await periodsToWatch(db(), now);
  if (periods.length === 0) return [];
  const t = now.getTime();
  const isOpen = (p: Period) => p.opensAt.getTime() <= t && t < p.closesAt.getTime();
  // Only consultations that were upcoming when published: the publication mail of one that
  // opened at once already said it is open.
  const openingDue = (p: Period) => isOpen(p) && p.opensAt > p.publishedAt && t - p.opensAt.getTime() <= CATCH_UP_MS;
  const done = new Set(
    (await db().scheduledJob.findMany({ where: { key: { in: periods.map((p) => `opened:${p.id}`) } }, select: { key: true } })).map((j) => j.key),
  );
  const openingNow = new Set(periods.filter((p) => openingDue(p) && !done.has(`opened:${p.id}`)).map((p) => p.id));
  const states = await reminderStates(db(), periods.filter(isOpen), now, openingNow);

  const jobs: Job[] = [];
  for (const p of periods) {
    const closesIso = p.closesAt.toISOString();
    if (openingDue(p)) {
      jobs.push({ key: `opened:${p.id}`, consultationId: p.id, event: { type: "consultation.opened", payload: { opensAt: p.opensAt } } });
    }
    const state = states.get(p.id);
    const due = state && dueReminder(state, now);
    if (due) jobs.push(reminderJob(p, due, now));
    if (p.closesAt.getTime() <= t) {
      jobs.push({ key: `closed:${p.id}:${closesIso}`, consultationId: p.id, event: { type: "consultation.closed", payload: { closesAt: p.closesAt } } });
    }
  }
  return jobs;
}

/** Inserts the job's key and its event together; false when the key existed already. */
async function runOnce(job: Job, now: Date): Promise<boolean> {
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.scheduledJob.findUnique({ where: { key: job.key }, select: { key: true } })) return false;
      if (job.stillDue && !(await job.stillDue(tx))) return false;
      await tx.scheduledJob.create({ data: { key: job.key, consultationId: job.consultationId, doneAt: now } });
      await recordEvent(tx, { ...job.event, consultationId: job.consultationId, createdAt: now });
      return true;
    }, TX);
  } catch (error) {
    if (isUniqueViolation(error)) return false; // another worker did it between our check and insert
    throw error;
  }
}

/** One scheduler run: writes the due time-based events and sends the due daily digests. */
export async function runScheduler({ now = new Date() }: { now?: Date } = {}): Promise<SchedulerResult> {
  const result: SchedulerResult = { opened: 0, closingSoon: 0, closed: 0, digests: 0, dugReminders: 0, dugLapsed: 0 };
  const jobs = await dueJobs(now);
  if (jobs.length > 0) {
    const done = new Set((await db().scheduledJob.findMany({ where: { key: { in: jobs.map((j) => j.key) } }, select: { key: true } })).map((j) => j.key));
    for (const job of jobs) {
      if (done.has(job.key) || !(await runOnce(job, now))) continue;
      if (job.event.type === "consultation.opened") result.opened++;
      else if (job.event.type === "consultation.closing-soon") result.closingSoon++;
      else result.closed++;
    }
  }
  const dug = await runDugJobs({ now });
  result.dugReminders = dug.reminders;
  result.dugLapsed = dug.lapsed;
  result.digests = (await sendDailyDigests({ now })).sent;
  return result;
}

/** Wraps a task so it runs at most once per `intervalMs` of the worker's clock. */
export function everyInterval(intervalMs: number, fn: (now: Date) => Promise<unknown>): (now: Date) => Promise<unknown> {
  let last = -Infinity;
  return async (now) => {
    if (now.getTime() - last < intervalMs && now.getTime() >= last) return;
    last = now.getTime();
    return fn(now);
  };
}
