// The scheduler inside the worker: turns the passage of time into notification events and
// daily digests, working only from the database, so it catches up after downtime and any
// number of workers may run it.
//
// Each time-based event happens once thanks to a ScheduledJob key, inserted in the same
// transaction as the NotificationEvent it stands for; a key that already exists (another
// worker, an earlier run) means "already done". Keys of closing reminders and of the closing
// include the closing time, so an extension makes new reminders possible:
//   opened:<id>                      the comment period of a consultation published ahead opened
//   closing-7d:<id>:<closesAt ISO>   7 days before the closing (sent while 1–7 days are left)
//   closing-1d:<id>:<closesAt ISO>   1 day before (sent while the period is still open)
//   closed:<id>:<closesAt ISO>       the period has closed
//   digest:<followerId>:<YYYY-MM-DD> the daily digest (app/models/notifications.server.ts)
//   dug-48h:<reviewId>:<deadline>    DUG review reminder; dug-lapsed:<reviewId> its lapse
//                                    (app/models/dug-review.server.ts, runDugJobs)
import { db, isUniqueViolation } from "./db.server";
import { sendDailyDigests } from "~/models/notifications.server";
import { runDugJobs } from "~/models/dug-review.server";

const DAY_MS = 86_400_000;
/** How far back a missed opening or closing is still announced after downtime. */
export const CATCH_UP_MS = 7 * DAY_MS;
/** How often the worker runs the scheduler (it is cheap, but once a second is pointless). */
export const SCHEDULER_INTERVAL_MS = 15_000;
const TX = { maxWait: 15_000, timeout: 30_000 };

type Job = { key: string; consultationId: string; type: string; payload: Record<string, unknown> };

export type SchedulerResult = { opened: number; closingSoon: number; closed: number; digests: number; dugReminders: number; dugLapsed: number };

/** The jobs due at `now`, done or not. */
async function dueJobs(now: Date): Promise<Job[]> {
  const candidates = await db().consultation.findMany({
    where: {
      publishedAt: { not: null },
      withdrawnAt: null,
      concludedAt: null,
      closesAt: { gte: new Date(now.getTime() - CATCH_UP_MS) },
    },
    select: { id: true, publishedAt: true, opensAt: true, closesAt: true },
  });
  const jobs: Job[] = [];
  const t = now.getTime();
  for (const c of candidates) {
    if (!c.publishedAt || !c.opensAt || !c.closesAt) continue;
    const opens = c.opensAt.getTime();
    const closes = c.closesAt.getTime();
    const closesIso = c.closesAt.toISOString();
    const isOpen = opens <= t && t < closes;

    // Only consultations that were upcoming when published: the publication mail of one that
    // opened at once already said it is open.
    if (isOpen && opens > c.publishedAt.getTime() && t - opens <= CATCH_UP_MS) {
      jobs.push({ key: `opened:${c.id}`, consultationId: c.id, type: "consultation.opened", payload: { opensAt: c.opensAt.toISOString() } });
    }
    if (isOpen) {
      const left = closes - t;
      // After downtime only the reminder that is still true goes out: within the last day the
      // 7-day one is skipped; a reminder whose period has closed is never sent.
      if (left <= DAY_MS) {
        jobs.push({ key: `closing-1d:${c.id}:${closesIso}`, consultationId: c.id, type: "consultation.closing-soon", payload: { days: 1, closesAt: closesIso } });
      } else if (left <= 7 * DAY_MS) {
        jobs.push({ key: `closing-7d:${c.id}:${closesIso}`, consultationId: c.id, type: "consultation.closing-soon", payload: { days: 7, closesAt: closesIso } });
      }
    }
    if (closes <= t) {
      jobs.push({ key: `closed:${c.id}:${closesIso}`, consultationId: c.id, type: "consultation.closed", payload: { closesAt: closesIso } });
    }
  }
  return jobs;
}

/** Inserts the job's key and its event together; false when the key existed already. */
async function runOnce(job: Job, now: Date): Promise<boolean> {
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.scheduledJob.findUnique({ where: { key: job.key }, select: { key: true } })) return false;
      await tx.scheduledJob.create({ data: { key: job.key, consultationId: job.consultationId, doneAt: now } });
      await tx.notificationEvent.create({
        data: { type: job.type, consultationId: job.consultationId, payloadJson: JSON.stringify(job.payload), createdAt: now },
        select: { id: true },
      });
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
    const done = new Set(
      (await db().scheduledJob.findMany({ where: { key: { in: jobs.map((j) => j.key) } }, select: { key: true } })).map((j) => j.key),
    );
    for (const job of jobs) {
      if (done.has(job.key) || !(await runOnce(job, now))) continue;
      if (job.type === "consultation.opened") result.opened++;
      else if (job.type === "consultation.closing-soon") result.closingSoon++;
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
