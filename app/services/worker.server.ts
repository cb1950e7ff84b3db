// The background worker: one loop per process that runs the registered tasks (notification
// fan-out, scheduled closings, …) and delivers due mail, during the tasks and after them. Ticks
// never overlap: the next tick is scheduled only when the current one has finished.
import { closeTransport } from "./mail-transport.server";
import { deliverDueMessages } from "./outbox.server";

export type WorkerTask = (now: Date) => Promise<unknown>;

const tasks = new Map<string, WorkerTask>();

/** Adds (or replaces) a task run on every tick, before mail delivery, with the tick's time. */
export function registerWorkerTask(name: string, fn: WorkerTask): void {
  tasks.set(name, fn);
}

/** For tests. */
export function unregisterWorkerTask(name: string): void {
  tasks.delete(name);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One delivery batch; an error is logged, not thrown (the next tick tries again). */
async function deliverBatch(now: Date, limit: number): Promise<{ sent: number; handled: number; failed: boolean }> {
  try {
    const { sent, failed, dead } = await deliverDueMessages({ now, limit });
    return { sent, handled: sent + failed + dead, failed: false };
  } catch (error) {
    console.error("[worker] mail delivery failed:", error);
    return { sent: 0, handled: 0, failed: true };
  }
}

/**
 * Runs every task (a failing task is logged and skipped) and delivers due mail. Delivery runs
 * while the tasks do: a fan-out to thousands of followers queues its mail chunk by chunk, and
 * the first chunks go out while the rest is being queued. A last batch follows the tasks, so
 * mail a task queued is picked up in the same tick.
 */
export async function runWorkerTick(now: Date = new Date()): Promise<{ delivered: number; busy: boolean }> {
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  // A claim covers a few hundred milliseconds of sending; the next tick follows at once while busy.
  const limit = 200;

  let tasksDone = false;
  const tasksRun = (async () => {
    for (const [name, fn] of tasks) {
      try {
        await fn(now);
      } catch (error) {
        console.error(`[worker] task "${name}" failed:`, error);
      }
    }
  })().finally(() => {
    tasksDone = true;
  });

  let delivered = 0;
  while (!tasksDone) {
    const batch = await deliverBatch(clock(), limit);
    delivered += batch.sent;
    // Nothing due (or the database failed): wait for the tasks, or for more mail to be queued.
    if (batch.handled === 0 && !tasksDone) await Promise.race([tasksRun, sleep(batch.failed ? 1_000 : 100)]);
  }
  await tasksRun;
  const last = await deliverBatch(clock(), limit);
  return { delivered: delivered + last.sent, busy: last.handled >= limit };
}

export function startWorker({ intervalMs = 1000 }: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> | undefined;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      current = tick();
    }, delay);
  };

  const tick = async () => {
    let busy = false;
    try {
      ({ busy } = await runWorkerTick(new Date()));
    } catch (error) {
      console.error("[worker] tick failed:", error);
    }
    // A full batch means more is waiting: go again at once instead of after the interval.
    schedule(busy ? 0 : intervalMs);
  };

  schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
      await closeTransport();
    },
  };
}
