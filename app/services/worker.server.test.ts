import { db } from "./db.server";
import { enqueueMail } from "./outbox.server";
import { registerWorkerTask, runWorkerTick, startWorker, unregisterWorkerTask } from "./worker.server";

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(() => {
  unregisterWorkerTask("test:counter");
  unregisterWorkerTask("test:broken");
  vi.restoreAllMocks();
});

test("the worker runs registered tasks with the tick's time, survives a failing task and delivers mail", async () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const seen: Date[] = [];
  registerWorkerTask("test:broken", async () => {
    throw new Error("boom");
  });
  registerWorkerTask("test:counter", async (now) => {
    seen.push(now);
  });
  await enqueueMail(db(), {
    dedupeKey: "worker-test",
    to: "bob@example.org",
    subject: "Hello",
    text: "Hello",
    html: "<p>Hello</p>",
  });

  const worker = startWorker({ intervalMs: 10 });
  try {
    await until(() => seen.length >= 3);
    await until(async () => (await db().outboxMessage.findFirst({ where: { status: "sent" } })) !== null);
  } finally {
    await worker.stop();
  }
  expect(seen.every((d) => d instanceof Date)).toBe(true);
  expect(errors).toHaveBeenCalledWith(expect.stringContaining('"test:broken"'), expect.any(Error));

  // Stopped means stopped: no more ticks.
  const count = seen.length;
  await new Promise((r) => setTimeout(r, 50));
  expect(seen.length).toBe(count);
});

test("runWorkerTick passes its time to every task", async () => {
  const at = new Date("2030-01-01T00:00:00Z");
  let got: Date | undefined;
  registerWorkerTask("test:counter", async (now) => {
    got = now;
  });
  await runWorkerTick(at);
  expect(got).toEqual(at);
});

test("mail queued by a long task goes out while the task is still running", async () => {
  let sentWhileRunning = false;
  registerWorkerTask("test:counter", async () => {
    await enqueueMail(db(), { dedupeKey: "worker-long-task", to: "carol@example.org", subject: "Early", text: "Early", html: "<p>Early</p>" });
    // A fan-out to thousands keeps queueing for seconds; what it queued first must not wait for it.
    const end = Date.now() + 5_000;
    while (Date.now() < end && !sentWhileRunning) {
      sentWhileRunning = (await db().outboxMessage.findFirst({ where: { dedupeKey: "worker-long-task", status: "sent" } })) !== null;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  const { delivered } = await runWorkerTick();
  expect(sentWhileRunning).toBe(true);
  expect(delivered).toBe(1);
});
