// The notification fan-out when another process writes at the same time: the web server posts
// comments while the worker (a separate process, `npm run worker`) expands an event. SQLite lets
// one writer at a time; the worker must wait its turn, never fail the event (which would leave it
// locked for EVENT_LOCK_MS) and never queue a mail twice.
import { randomUUID } from "node:crypto";
import { postComment } from "~/features/comments/comment.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { db } from "~/services/db.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { createConsultation } from "../comment-fixtures";
import { createUser } from "../factories";
import { anotherProcessWriting } from "../other-process";
import { TestSmtp, useSmtpUrl } from "../smtp";

let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await new TestSmtp().start();
  await useSmtpUrl(smtp.url);
});

afterEach(async () => {
  await closeTransport();
  await smtp.stop();
  await useSmtpUrl(undefined);
});

test("a fan-out chunk waits while another process holds the write lock, then queues every mail once", { timeout: 60_000 }, async () => {
  const { consultation } = await createConsultation();
  const followers = Array.from({ length: 30 }, (_, i) => `fan-out-${i}-${randomUUID().slice(0, 6)}@example.net`);
  for (const email of followers) {
    await db().follower.create({
      data: { email, confirmedAt: new Date(Date.now() - 86_400_000), subscriptions: { create: { scope: "consultation", consultationId: consultation.id } } },
    });
  }
  const author = await createUser({ displayName: "Poster" });
  const posted = await postComment({
    consultationId: consultation.id,
    author: { id: author.id, roles: [] },
    bodyMd: "To everyone, while the server is busy.",
    parentId: null,
    idempotencyKey: randomUUID(),
    ip: "198.51.100.7",
  });
  expect(posted.ok).toBe(true);

  // After the first chunk of 10, a request in another process writes for 300 ms: the next chunk
  // must wait for it (and its read snapshot must not go stale in between).
  let writer: { done: Promise<number | null> } | undefined;
  const result = await processNotificationEvents({
    chunkSize: 10,
    afterChunk: async () => {
      writer ??= await anotherProcessWriting('UPDATE "Consultation" SET "commentCount" = "commentCount" WHERE "id" = ?', [consultation.id], 300);
    },
  });
  expect(await writer!.done).toBe(0);
  expect(result).toEqual({ processed: 1, queued: 30, failed: 0 });
  expect(await db().outboxMessage.count()).toBe(30);

  for (let i = 0; i < 5; i++) if ((await deliverDueMessages({ limit: 200 })).sent === 0) break;
  for (const email of followers) expect(smtp.to(email)).toHaveLength(1);
  expect(smtp.received).toHaveLength(30);
});
