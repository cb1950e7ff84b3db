import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { postComment } from "~/features/comments/comment.server";
import { processInboundMessages } from "~/features/email/inbound.server";
import { db } from "~/services/db.server";
import { resetEnvCache } from "~/services/env.server";
import { storeInboundMessage } from "~/services/inbound-store.server";
import { replyAddress } from "~/services/mail-addresses.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { createUser } from "../factories";
import { mailFixture } from "../mail-fixtures";

// How a batch of stored replies is processed: claimed in one statement, prepared ahead, each
// mail written in its own transaction. Mails are stored as the receiver stores them; DNS answers
// come from an empty fixtures file (no domain publishes DMARC).

let dnsDir: string;

beforeEach(() => {
  dnsDir = fs.mkdtempSync(path.join(os.tmpdir(), "dns-fixtures-"));
  fs.writeFileSync(path.join(dnsDir, "dns.json"), JSON.stringify({ TXT: {} }));
  process.env.MAIL_DNS_FIXTURES = path.join(dnsDir, "dns.json");
  resetEnvCache();
});

afterEach(() => {
  delete process.env.MAIL_DNS_FIXTURES;
  resetEnvCache();
  fs.rmSync(dnsDir, { recursive: true, force: true });
});

/** A comment and `count` confirmed followers, each with a stored reply to their own reply address. */
async function queuedReplies(count: number) {
  const { consultation } = await createConsultation();
  const author = await createUser({ displayName: "Hanna Lindqvist" });
  const parent = await postComment({ consultationId: consultation.id, author, bodyMd: "The plan.", idempotencyKey: randomUUID(), ip: "198.51.100.7" });
  if (!parent.ok) throw new Error(parent.message);
  const followers = [];
  for (let i = 0; i < count; i++) {
    const email = `batch-${randomUUID().slice(0, 8)}@registry${i}.example`;
    const follower = await db().follower.create({ data: { email, confirmedAt: new Date(Date.now() - DAY) } });
    const to = replyAddress({ commentId: parent.comment.id, followerId: follower.id });
    const raw = mailFixture("gmail", { from: email, to, messageId: `<${randomUUID()}@registry${i}.example>`, body: `Reply ${i}: we support the plan.` });
    const [inboundId] = await storeInboundMessage({ raw, via: "smtp", mailFrom: email, rcptTo: [to], remoteIp: "192.0.2.25", helo: "mx.registry.example" });
    followers.push({ ...follower, inboundId });
  }
  return { parent: parent.comment, followers };
}

const repliesBy = async (parentId: string) =>
  (await db().comment.findMany({ where: { parentId }, select: { author: { select: { email: true } } } })).map((c) => c.author.email).sort();
const receiptsTo = async (emails: string[]) =>
  (await db().outboxMessage.findMany({ where: { dedupeKey: { startsWith: "inbound-answer:" }, toAddress: { in: emails } }, select: { toAddress: true } }))
    .map((m) => m.toAddress)
    .sort();

/**
 * Makes the database refuse to queue any mail to `email` (a trigger, in each database's own
 * dialect) until the returned function is called.
 */
async function refuseMailTo(email: string): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL?.startsWith("postgres")) {
    await db().$executeRawUnsafe(
      `CREATE FUNCTION "test_refuse_receipt"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$`,
    );
    await db().$executeRawUnsafe(
      `CREATE TRIGGER "test_refuse_receipt" BEFORE INSERT ON "OutboxMessage" FOR EACH ROW WHEN (NEW."toAddress" = '${email}') EXECUTE FUNCTION "test_refuse_receipt"()`,
    );
    return async () => {
      await db().$executeRawUnsafe(`DROP TRIGGER "test_refuse_receipt" ON "OutboxMessage"`);
      await db().$executeRawUnsafe(`DROP FUNCTION "test_refuse_receipt"()`);
    };
  }
  await db().$executeRawUnsafe(
    `CREATE TRIGGER "test_refuse_receipt" BEFORE INSERT ON "OutboxMessage" WHEN NEW."toAddress" = '${email}' BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END`,
  );
  return async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER "test_refuse_receipt"`);
  };
}

test("a mail of a batch that fails after its comment was written is rolled back alone: the others post once each, and it posts once when tried again", async () => {
  const { parent, followers } = await queuedReplies(4);
  const failing = followers[1];
  const emails = followers.map((f) => f.email);
  // The receipt of one mail cannot be queued: its comment, account and outcome roll back with it.
  const allowAgain = await refuseMailTo(failing.email);
  const now = new Date();
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    expect(await processInboundMessages({ now })).toEqual({ processed: 3, failed: 1 });
  } finally {
    await allowAgain();
    errors.mockRestore();
  }
  expect(await repliesBy(parent.id)).toEqual(emails.filter((e) => e !== failing.email).sort());
  expect(await receiptsTo(emails)).toEqual(emails.filter((e) => e !== failing.email).sort());
  const row = await db().inboundMessage.findUniqueOrThrow({ where: { id: failing.inboundId } });
  expect(row).toMatchObject({ status: "received", attempts: 1, commentId: null });
  expect(row.outcome).toMatch(/^Processing failed: outbox unavailable/);
  expect(row.lockedUntil?.getTime()).toBe(now.getTime() + 60_000);
  expect(await db().user.count({ where: { email: failing.email } })).toBe(0);

  // Not before its backoff has passed; then once.
  expect(await processInboundMessages({ now: new Date(now.getTime() + 30_000) })).toEqual({ processed: 0, failed: 0 });
  expect(await processInboundMessages({ now: new Date(now.getTime() + 61_000) })).toEqual({ processed: 1, failed: 0 });
  expect(await processInboundMessages({ now: new Date(now.getTime() + 62_000) })).toEqual({ processed: 0, failed: 0 });
  expect(await repliesBy(parent.id)).toEqual([...emails].sort());
  expect(await receiptsTo(emails)).toEqual([...emails].sort());
  expect((await db().inboundMessage.findUniqueOrThrow({ where: { id: failing.inboundId } })).status).toBe("posted");
});

test("two workers processing at the same time claim different mails, and each mail posts once", async () => {
  const { parent, followers } = await queuedReplies(6);
  const now = new Date();
  const [a, b] = await Promise.all([processInboundMessages({ now, batchSize: 3 }), processInboundMessages({ now, batchSize: 3 })]);
  expect(a).toEqual({ processed: 3, failed: 0 });
  expect(b).toEqual({ processed: 3, failed: 0 });
  expect(await repliesBy(parent.id)).toEqual(followers.map((f) => f.email).sort());
  const statuses = await db().inboundMessage.findMany({ where: { id: { in: followers.map((f) => f.inboundId) } }, select: { status: true } });
  expect(statuses.map((s) => s.status)).toEqual(Array(6).fill("posted"));
});

test("a mail whose worker stopped while it held the claim is taken over once the lease has expired, not before", async () => {
  const { parent, followers } = await queuedReplies(1);
  const now = new Date();
  // A worker claimed it and stopped: the claim holds for its lease.
  await db().inboundMessage.update({ where: { id: followers[0].inboundId }, data: { status: "processing", lockedUntil: new Date(now.getTime() + 60_000) } });
  expect(await processInboundMessages({ now })).toEqual({ processed: 0, failed: 0 });
  expect(await repliesBy(parent.id)).toEqual([]);
  expect(await processInboundMessages({ now: new Date(now.getTime() + 61_000) })).toEqual({ processed: 1, failed: 0 });
  expect(await repliesBy(parent.id)).toEqual([followers[0].email]);
});

test("the mails of a batch are written in the order they were received", async () => {
  const { parent, followers } = await queuedReplies(5);
  await processInboundMessages({ batchSize: 5 });
  const replies = await db().comment.findMany({ where: { parentId: parent.id }, orderBy: { seq: "asc" }, select: { author: { select: { email: true } } } });
  expect(replies.map((r) => r.author.email)).toEqual(followers.map((f) => f.email));
});
