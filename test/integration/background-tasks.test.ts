// The worker's tasks as a real worker registers them: a queue of events longer than one batch is
// worked through in one tick, not one batch per poll interval.
import { registerBackgroundTasks } from "~/background/startup.server";
import { recordEvent } from "~/features/following/events/record.server";
import { db } from "~/services/db.server";
import { runWorkerTick, unregisterWorkerTask } from "~/services/worker.server";
import { createConsultation } from "../comment-fixtures";

let registered: string[] = [];

afterEach(() => {
  for (const name of registered) unregisterWorkerTask(name);
  registered = [];
});

test("one tick processes every waiting event, batch after batch, not only the first batch", async () => {
  const { consultation } = await createConsultation();
  const T0 = new Date(Date.now() - 60_000);
  // Events nobody follows: each is claimed, expanded to no one and marked processed.
  for (let i = 0; i < 35; i++) {
    await recordEvent(db(), { type: "consultation.published", payload: {}, consultationId: consultation.id, createdAt: new Date(T0.getTime() + i) });
  }
  registered = registerBackgroundTasks();
  expect(registered).toContain("notifications");

  await runWorkerTick(new Date());

  const mine = { consultationId: consultation.id, type: "consultation.published", createdAt: { lt: new Date(T0.getTime() + 35) } };
  expect(await db().notificationEvent.count({ where: { ...mine, processedAt: { not: null } } })).toBe(35);
  expect(await db().notificationEvent.count({ where: { ...mine, processedAt: null } })).toBe(0);
});
