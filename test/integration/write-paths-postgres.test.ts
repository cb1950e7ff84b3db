import { execFileSync } from "node:child_process";
import pg from "pg";
import { postCommentDirect, type PostCommentInput } from "~/features/comments/comment.server";
import { claimInboundBatch, holdsClaim } from "~/features/email/inbound-sql.server";
import { enqueueMailsDirect, type OutgoingMail } from "~/services/outbox.server";
import { countRateLimitHits } from "~/services/rate-limit.server";
import { PostgresDatabase } from "~/services/sql/postgres-database.server";
import { startPostgres, type PostgresServer } from "../postgres";

// The busiest writes (posting, rate limits, the outbox, inbound claims) on PostgreSQL, where no one
// write lock orders the writers: several transactions run at once on the pool's connections.

let server: PostgresServer;
let pool: pg.Pool;
let database: PostgresDatabase;
beforeAll(async () => {
  server = await startPostgres();
  const url = server.createDatabase("writes");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  pool = new pg.Pool({ connectionString: url, max: 6 });
  database = new PostgresDatabase(pool);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

const DAY = 86_400_000;
const now = new Date("2026-12-04T12:00:00.000Z");

beforeEach(async () => {
  await pool.query(`TRUNCATE "User", "Consultation", "RateLimit", "OutboxMessage", "InboundMessage", "NotificationEvent", "AuditEvent" CASCADE`);
  await pool.query(`INSERT INTO "User" ("id", "email", "createdAt") VALUES ('u1', 'one@example.org', $1), ('u2', 'two@example.org', $1)`, [now]);
  await pool.query(
    `INSERT INTO "Consultation" ("id", "number", "slug", "title", "summary", "category", "affected", "contactName", "contactEmail", "createdById",
       "createdAt", "updatedAt", "publishedAt", "opensAt", "closesAt")
     VALUES ('k1', 7, 'k', 'K', 'S', 'dnssec', 'all', 'IFM', 'ifm@example.org', 'u1', $1, $1, $1, $1, $2)`,
    [new Date(now.getTime() - DAY), new Date(now.getTime() + 30 * DAY)],
  );
  await pool.query(
    `INSERT INTO "PlanVersion" ("id", "consultationId", "number", "bodyMd", "bodyHtml", "headingsJson", "contentHash", "createdById", "createdAt", "publishedAt")
     VALUES ('v1', 'k1', 1, '# Plan', '<h1>Plan</h1>', '[{"id":"plan","level":1,"text":"Plan"}]', 'h', 'u1', $1, $1)`,
    [new Date(now.getTime() - DAY)],
  );
});

const post = (overrides: Partial<PostCommentInput> = {}) =>
  database.transaction((sql) =>
    postCommentDirect(sql, {
      consultationId: "k1",
      author: { id: "u1", roles: [] },
      bodyMd: "A comment long enough to be one.",
      bodyHtml: "<p>A comment long enough to be one.</p>",
      idempotencyKey: "form-1",
      ip: "192.0.2.1",
      now,
      ...overrides,
    }),
  );

const count = async (table: string) => Number((await pool.query(`SELECT count(*) AS "n" FROM "${table}"`)).rows[0].n);

test("submits of one form at once give one comment: the others wait for it and find it", async () => {
  const results = await Promise.all(Array.from({ length: 4 }, () => post()));
  const posted = results.map((r) => (r.ok ? r : expect.fail(r.message)));
  expect(posted.filter((r) => !r.duplicate)).toHaveLength(1);
  expect(new Set(posted.map((r) => r.comment.id)).size).toBe(1);
  expect(posted.map((r) => r.comment.ref)).toEqual(Array(4).fill("7-1"));
  expect(await count("Comment")).toBe(1);
  expect((await pool.query(`SELECT "commentSeq", "commentCount" FROM "Consultation"`)).rows).toEqual([{ commentSeq: 1, commentCount: 1 }]);
});

test("comments posted at once are numbered one after the other, each with its event, audit record and counted hit", async () => {
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => post({ idempotencyKey: `form-${i}`, sectionId: i === 0 ? "plan" : null })));
  const seqs = results.map((r) => (r.ok ? r.comment.seq : expect.fail(r.message))).sort();
  expect(seqs).toEqual([1, 2, 3, 4, 5]);
  expect((await pool.query(`SELECT "commentSeq", "commentCount" FROM "Consultation"`)).rows).toEqual([{ commentSeq: 5, commentCount: 5 }]);
  const comments = await pool.query(`SELECT "isIfmReply", "createdAt", "sectionTitle" FROM "Comment" ORDER BY "seq"`);
  expect(comments.rows.every((c) => c.isIfmReply === false && c.createdAt.getTime() === now.getTime())).toBe(true);
  expect(comments.rows.filter((c) => c.sectionTitle === "Plan")).toHaveLength(1);
  expect(await count("NotificationEvent")).toBe(5);
  const audits = await pool.query(`SELECT "isPublic", "createdAt" FROM "AuditEvent" WHERE "action" = 'comment.create'`);
  expect(audits.rows).toHaveLength(5);
  expect(audits.rows.every((a) => a.isPublic === false && a.createdAt.getTime() === now.getTime())).toBe(true);
  expect((await pool.query(`SELECT "count" FROM "RateLimit" WHERE "key" = 'comment:user:u1:minute'`)).rows).toEqual([{ count: 5 }]);
});

test("a reply is refused under a withdrawn comment; another author's reuse of a form is refused", async () => {
  const first = await post();
  if (!first.ok) expect.fail(first.message);
  const reply = await post({ idempotencyKey: "form-2", parentId: first.comment.id });
  expect(reply).toMatchObject({ ok: true, comment: { ref: "7-2", threadId: first.comment.id } });
  expect((await pool.query(`SELECT "depth" FROM "Comment" WHERE "parentId" = $1`, [first.comment.id])).rows).toEqual([{ depth: 1 }]);
  await pool.query(`UPDATE "Comment" SET "withdrawnAt" = $1 WHERE "id" = $2`, [now, first.comment.id]);
  expect(await post({ idempotencyKey: "form-3", parentId: first.comment.id })).toMatchObject({ ok: false, status: 409, field: "parentRef" });
  expect(await post({ author: { id: "u2", roles: [] } })).toMatchObject({ ok: false, status: 409, field: "idempotencyKey" });
});

test("attachments are counted against the day's quota", async () => {
  const file = (n: number) => ({
    id: `a${n}`,
    storageKey: `key-${n}`,
    position: 1,
    fileName: `f${n}.pdf`,
    mediaType: "application/pdf" as const,
    size: 1000,
    sha256: "0".repeat(64),
    activeContent: n === 1,
    stagedPath: "/nowhere",
  });
  const limits = { maxBytes: 10_000, perUserPerDay: 1, perConsultationBytes: 100_000 };
  expect(await post({ attachments: { files: [file(1)], limits } })).toMatchObject({ ok: true });
  expect((await pool.query(`SELECT "activeContent", "size" FROM "Attachment"`)).rows).toEqual([{ activeContent: true, size: 1000 }]);
  expect(await post({ idempotencyKey: "form-2", attachments: { files: [file(2)], limits } })).toMatchObject({ ok: false, status: 429, field: "attachments" });
});

test("rate limits: hits at once are each counted; past the limit the wait is the window's rest; a window that is over starts again", async () => {
  const limit = [{ key: "k", limit: 3, windowSeconds: 60 }];
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const burst = await Promise.all(Array.from({ length: 5 }, () => database.transaction((sql) => countRateLimitHits(sql, limit, at(2)))));
  expect(burst.filter((r) => r.allowed)).toHaveLength(3);
  expect(burst.filter((r) => !r.allowed)).toEqual(Array(2).fill({ allowed: false, retryAfterSeconds: 60 }));
  expect(await database.transaction((sql) => countRateLimitHits(sql, limit, at(30)))).toEqual({ allowed: false, retryAfterSeconds: 32 });
  expect(await database.transaction((sql) => countRateLimitHits(sql, limit, at(62)))).toEqual({ allowed: true });
  expect((await pool.query(`SELECT "windowStart", "count" FROM "RateLimit"`)).rows).toEqual([{ windowStart: at(62), count: 1 }]);
});

test("the outbox queues each dedupeKey once, also when chunks are queued at once", async () => {
  const mail = (key: string): OutgoingMail => ({ dedupeKey: key, to: "one@example.org", subject: "S", text: "t", html: "<p>t</p>" });
  const chunk = ["e:1", "e:2", "e:3"].map(mail);
  const queued = await Promise.all([0, 1, 2].map(() => database.transaction((sql) => enqueueMailsDirect(sql, chunk, now))));
  expect(queued.reduce((n, q) => n + q.queued, 0)).toBe(3);
  const rows = await pool.query(`SELECT "status", "attempts", "nextAttemptAt" FROM "OutboxMessage"`);
  expect(rows.rows).toEqual(Array(3).fill({ status: "queued", attempts: 0, nextAttemptAt: now }));
});

test("inbound claims made at once never share a message; a claim that was taken over no longer holds", async () => {
  for (let i = 0; i < 6; i++) {
    await pool.query(`INSERT INTO "InboundMessage" ("id", "via", "receivedAt", "rcptTo", "raw", "size") VALUES ($1, 'smtp', $2, 'c@example.org', $3, 3)`, [
      `m${i}`,
      new Date(now.getTime() - (6 - i) * 1000),
      Buffer.from("raw"),
    ]);
  }
  const lockedUntil = (k: number) => new Date(now.getTime() + 120_000 + k);
  const claims = await Promise.all([0, 1, 2].map((k) => database.transaction((sql) => claimInboundBatch(sql, { now, lockedUntil: lockedUntil(k), limit: 3 }))));
  const ids = claims.flatMap((c) => c.map((m) => m.id));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
  for (const claim of claims) {
    expect(claim.map((m) => m.id)).toEqual(claim.map((m) => m.id).sort());
    expect(claim.every((m) => m.raw.toString() === "raw" && m.attempts === 0 && m.remoteIp === null)).toBe(true);
  }
  const [k, claim] = [...claims.entries()].find(([, c]) => c.length > 0)!;
  const id = claim[0].id;
  expect(await database.read((sql) => holdsClaim(sql, id, lockedUntil(k)))).toBe(true);
  // Expired and claimed by a later worker: the first worker's lock value no longer matches.
  const later = await database.transaction((sql) =>
    claimInboundBatch(sql, { now: new Date(now.getTime() + 10 * 60_000), lockedUntil: lockedUntil(99), limit: 10 }),
  );
  expect(later.map((m) => m.id).sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
  expect(await database.read((sql) => holdsClaim(sql, id, lockedUntil(k)))).toBe(false);
});
