import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach } from "vitest";

// Each vitest worker gets its own SQLite file, copied from the migrated template, and its own
// mail folder. Tables are emptied before each test so tests do not depend on each other.
const dir = process.env.TEST_RUN_DIR!;
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
const file = path.join(dir, `worker-${worker}.db`);
if (!fs.existsSync(file)) fs.copyFileSync(path.join(dir, "template.db"), file);

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = `file:${file}`;
process.env.MAIL_DIR = path.join(dir, `mail-${worker}`);
process.env.APP_URL = "http://localhost:3000";
process.env.DEMO_DATA = "off";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret";
delete process.env.SMTP_URL;

const { db, disconnectDb } = await import("~/services/db.server");
const { resetEnvCache } = await import("~/services/env.server");
resetEnvCache();

// Test databases are disposable: skip fsync so each test's setup costs milliseconds.
await db().$queryRawUnsafe("PRAGMA journal_mode = WAL");
await db().$executeRawUnsafe("PRAGMA synchronous = OFF");
// FTS5 search tables keep internal shadow tables (…_data, …_idx) that SQLite's defensive mode
// refuses to write; emptying the search table itself (and the triggers) clears them.
const all = await db().$queryRawUnsafe<{ name: string; sql: string | null }[]>(
  "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
);
const virtualTables = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
const tables = all.map((t) => t.name).filter((name) => !virtualTables.some((v) => name.startsWith(`${v}_`)));

beforeEach(async () => {
  await db().$executeRawUnsafe("PRAGMA foreign_keys = OFF");
  await db().$transaction(tables.map((name) => db().$executeRawUnsafe(`DELETE FROM "${name}"`)));
  await db().$executeRawUnsafe("PRAGMA foreign_keys = ON");
  fs.rmSync(process.env.MAIL_DIR!, { recursive: true, force: true });
});

afterAll(async () => {
  await disconnectDb();
});
