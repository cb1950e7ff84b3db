// The background worker: one loop per process that runs the registered tasks (notification
// fan-out, scheduled closings, …) and then delivers due mail. Runs never overlap: the next tick
// is scheduled only when the current one has finished.
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

/** Runs every task, then delivers due mail, once. A failing task is logged and skipped. */
export async function runWorkerTick(now: Date = new Date()): Promise<{ delivered: number; busy: boolean }> {
  for (const [name, fn] of tasks) {
    try {
      await fn(now);
    } catch (error) {
      console.error(`[worker] task "${name}" failed:`, error);
    }
  }
  const limit = 50;
  try {
    const { sent, failed, dead } = await deliverDueMessages({ now, limit });
    const handled = sent + failed + dead;
    return { delivered: sent, busy: handled >= limit };
  } catch (error) {
    console.error("[worker] mail delivery failed:", error);
    return { delivered: 0, busy: false };
  }
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
