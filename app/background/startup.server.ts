import { ensureDataFolders } from "~/services/data-folders.server";
import { db, tuneDatabase } from "~/services/db.server";
import { env } from "~/services/env.server";
import { registerWorkerTask, startWorker, type WorkerTask } from "~/services/worker.server";
import { pruneRateLimits } from "~/services/rate-limit.server";
import { everyInterval, runScheduler, SCHEDULER_INTERVAL_MS } from "./scheduler.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { processInboundMessages } from "~/features/email/inbound.server";
import { startTextExtraction } from "~/features/attachments/text-jobs.server";
import { seedDemoData } from "../../prisma/seed";

/**
 * Runs when a server process starts (after the migrations): makes sure the folders it writes to
 * exist, tunes SQLite and — in the first process only (`loadDemoData`) — loads the demo data into
 * a new database unless DEMO_DATA=off.
 */
export async function startup({ loadDemoData = true }: { loadDemoData?: boolean } = {}) {
  ensureDataFolders(env());
  await tuneDatabase();
  if (loadDemoData && env().DEMO_DATA === "on" && (await db().user.count()) === 0 && (await seedDemoData(db()))) {
    console.log("New database: demo data loaded (DEMO_DATA=off prevents this).");
  }
}

/**
 * The background worker: on every tick the scheduler (time-based events and daily digests, at
 * most every SCHEDULER_INTERVAL_MS), then the notification fan-out (events → outbox), then mail
 * delivery. The standalone worker (scripts/worker.ts) starts the same.
 */
export function startBackground() {
  registerBackgroundTasks();
  return startWorker({ intervalMs: WORKER_POLL_MS });
}

/** The tasks of every worker tick, in their order; returns their names. */
export function registerBackgroundTasks(): string[] {
  const tasks: [string, WorkerTask][] = [
    ["scheduler", everyInterval(SCHEDULER_INTERVAL_MS, (now) => runScheduler({ now }))],
    ["notifications", (now) => drain(now, async (at) => handled(await processNotificationEvents({ now: at })))],
    ["inbound mail", (now) => drain(now, async (at) => handled(await processInboundMessages({ now: at })))],
    ["attachment-text", startTextExtraction],
    ["rate-limit pruning", everyInterval(RATE_LIMIT_PRUNE_MS, (now) => pruneRateLimits(now))],
  ];
  for (const [name, fn] of tasks) registerWorkerTask(name, fn);
  return tasks.map(([name]) => name);
}

const handled = ({ processed, failed }: { processed: number; failed: number }) => processed + failed;

/**
 * Batch after batch for up to two seconds while batches find work (`batch` returns how many items
 * it handled), so a queue of events or received mail does not wait a poll interval per batch; two
 * workers draining the same queue share it, each claim being its own.
 */
async function drain(now: Date, batch: (now: Date) => Promise<number>) {
  const started = Date.now();
  while (Date.now() - started < 2_000) {
    if ((await batch(new Date(now.getTime() + (Date.now() - started)))) === 0) return;
  }
}

/**
 * How often an idle worker looks for new events and due mail. An idle tick is two indexed
 * queries (well under a millisecond of CPU), so polling four times a second costs little and a
 * reply notification leaves within a quarter of a second instead of up to a second.
 */
const WORKER_POLL_MS = 250;

/** Expired rate-limit counters are deleted once an hour (they are a day old by then). */
const RATE_LIMIT_PRUNE_MS = 60 * 60_000;
