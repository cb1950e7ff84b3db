// The notification fan-out when another process writes at the same time: the web server posts
// comments while the worker (a separate process, `npm run worker`) expands an event. SQLite lets
// one writer at a time; the worker must wait its turn, never fail the event (which would leave it
// locked for EVENT_LOCK_MS) and never queue a mail twice.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { postComment } from "~/features/comments/comment.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { db } from "~/services/db.server";
import { env } from "~/services/env.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { createConsultation } from "../comment-fixtures";
import { createUser } from "../factories";
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

/**
 * Another process takes SQLite's write lock (BEGIN IMMEDIATE, one write) and commits after
 * `holdMs`; resolves once the lock is held, with a promise of the process's end.
 */
async function writerHoldingTheLock(consultationId: string, holdMs: number): Promise<{ done: Promise<number | null> }> {
  const file = env().DATABASE_URL.replace(/^file:/, "");
  const script = `
    const Database = require("better-sqlite3");
    const d = new Database(${JSON.stringify(file)}, { timeout: 10000 });
    d.prepare("BEGIN IMMEDIATE").run();
    d.prepare('UPDATE "Consultation" SET "commentCount" = "commentCount" WHERE "id" = ?').run(${JSON.stringify(consultationId)});
    process.stdout.write("locked\\n");
    setTimeout(() => { d.prepare("COMMIT").run(); d.close(); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const done = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`the writer exited (${code}) before taking the lock`)));
  });
  return { done };
}

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
      writer ??= await writerHoldingTheLock(consultation.id, 300);
    },
  });
  expect(await writer!.done).toBe(0);
  expect(result).toEqual({ processed: 1, queued: 30, failed: 0 });
  expect(await db().outboxMessage.count()).toBe(30);

  for (let i = 0; i < 5; i++) if ((await deliverDueMessages({ limit: 200 })).sent === 0) break;
  for (const email of followers) expect(smtp.to(email)).toHaveLength(1);
  expect(smtp.received).toHaveLength(30);
});
