// Inbound mail benchmark (`npm run bench:inbound`): BENCH_INBOUND_REPLIES (default 1,000) replies
// to a notification, each from another follower to their own signed reply address, are stored as
// the SMTP receiver stores them; then the worker's inbound task processes the queue. Measured:
// mails per second from stored to posted comment (parsing, authenticity checks, the posting rules,
// the receipt queued). Checked: every reply is posted once, none lost, one receipt each.
// A fresh, migrated SQLite database in a temporary folder; DNS answers from an empty fixtures file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { root } from "./command";
import { mailFixture } from "../test/mail-fixtures";

const REPLIES = Number(process.env.BENCH_INBOUND_REPLIES ?? 1000);
const TARGET_PER_SECOND = 100;
/** BENCH_INBOUND_PROFILE=file.cpuprofile: a CPU profile of the processing alone (not the setup). */
const PROFILE_FILE = process.env.BENCH_INBOUND_PROFILE;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-inbound-"));
const dbUrl = `file:${path.join(dir, "bench.db")}`;
fs.writeFileSync(path.join(dir, "dns.json"), JSON.stringify({ TXT: {} }));
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL: dbUrl,
  APP_URL: "https://consultations.example",
  MAIL_DOMAIN: "mail.consultations.example",
  MAIL_DIR: path.join(dir, "mail"),
  MAIL_DNS_FIXTURES: path.join(dir, "dns.json"),
  SESSION_SECRET: "bench-secret-bench-secret-bench",
  DEMO_DATA: "off",
});
execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, env: process.env, stdio: "pipe" });

const { db, disconnectDb, tuneDatabase } = await import("../app/services/db.server");
const { storeInboundMessage } = await import("../app/services/inbound-store.server");
const { replyAddress } = await import("../app/services/mail-addresses.server");
const { postComment } = await import("../app/features/comments/comment.server");
const { processInboundMessages } = await import("../app/features/email/inbound.server");
await tuneDatabase();

const now = Date.now();
const staff = await db().user.create({ data: { email: "staff@ifm.example", displayName: "IFM Staff", roles: { create: [{ role: "ifm" }] } } });
const consultation = await db().consultation.create({
  data: {
    number: 1,
    slug: "bench",
    title: "Benchmark consultation",
    summary: "For the inbound mail benchmark.",
    category: "dnssec",
    affected: "both",
    contactName: "IFM",
    contactEmail: "ifm@ifm.example",
    createdById: staff.id,
    publishedAt: new Date(now - 86_400_000),
    opensAt: new Date(now - 86_400_000),
    closesAt: new Date(now + 30 * 86_400_000),
  },
});
await db().planVersion.create({
  data: {
    consultationId: consultation.id,
    number: 1,
    bodyMd: "## Plan",
    bodyHtml: "<h2>Plan</h2>",
    contentHash: "h",
    createdById: staff.id,
    publishedAt: new Date(now - 86_400_000),
  },
});
const parent = await postComment({
  consultationId: consultation.id,
  author: { id: staff.id, roles: ["ifm"] },
  bodyMd: "The plan.",
  idempotencyKey: randomUUID(),
  ip: "192.0.2.1",
});
if (!parent.ok) throw new Error(parent.message);

await db().follower.createMany({
  data: Array.from({ length: REPLIES }, (_, i) => ({ email: `follower${i}@registry${i % 50}.example`, confirmedAt: new Date(now - 86_400_000) })),
});
const followers = await db().follower.findMany({ select: { id: true, email: true } });
for (const f of followers) {
  const to = replyAddress({ commentId: parent.comment.id, followerId: f.id });
  const raw = mailFixture("gmail", {
    from: f.email,
    to,
    messageId: `<${randomUUID()}@${f.email.split("@")[1]}>`,
    body: `Reply from ${f.email}: we support the plan.`,
  });
  await storeInboundMessage({ raw, via: "smtp", mailFrom: f.email, rcptTo: [to], remoteIp: "192.0.2.25", helo: "mx.registry.example" });
}

const profiler = PROFILE_FILE ? new inspector.Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (;;) {
  const { processed, failed } = await processInboundMessages({ batchSize: 50 });
  if (processed + failed === 0) break;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  fs.writeFileSync(PROFILE_FILE!, JSON.stringify(profile));
  profiler.disconnect();
}

const [posted, statuses, receipts] = await Promise.all([
  db().comment.count({ where: { parentId: parent.comment.id } }),
  db().inboundMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  db().outboxMessage.count({ where: { dedupeKey: { startsWith: "inbound-answer:" } } }),
]);
const rate = REPLIES / seconds;
const lost = REPLIES - posted;
console.log(`${REPLIES} queued replies processed in ${seconds.toFixed(2)} s: ${rate.toFixed(0)} mails/s (target ≥ ${TARGET_PER_SECOND}/s)`);
// CPU time of this process (user + system): on a shared machine, the part of the wall time that is this work's own.
console.log(
  `CPU ${((cpu.user + cpu.system) / 1000 / REPLIES).toFixed(2)} ms per mail; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`posted ${posted}, lost ${lost}, receipts queued ${receipts}, statuses ${statuses.map((s) => `${s.status} ${s._count._all}`).join(", ")}`);
await disconnectDb();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(rate >= TARGET_PER_SECOND && lost === 0 && receipts === REPLIES ? 0 : 1);
