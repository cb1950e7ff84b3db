import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach } from "vitest";

// Each vitest worker gets its own SQLite file and its own mail folder.
const dir = process.env.TEST_RUN_DIR!;
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
const template = path.join(dir, "template.db");
const file = path.join(dir, `worker-${worker}.db`);

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = `file:${file}`;
process.env.MAIL_DIR = path.join(dir, `mail-${worker}`);
process.env.UPLOAD_DIR = path.join(dir, `uploads-${worker}`);
process.env.APP_URL = "http://localhost:3000";
process.env.DEMO_DATA = "off";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret";
delete process.env.SMTP_URL;

const { db, disconnectDb } = await import("~/services/db.server");
const { resetEnvCache } = await import("~/services/env.server");
resetEnvCache();

/**
 * Every test starts from a fresh copy of the migrated template (made once per run by
 * test/global-setup.ts): nothing a test writes, in any table, index or search shadow table, can
 * reach the next one.
 */
async function freshDatabase() {
  await disconnectDb();
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(template, file);
  // Test databases are disposable: skip fsync so each test's setup costs milliseconds.
  await db().$executeRawUnsafe("PRAGMA synchronous = OFF");
}

beforeEach(async () => {
  await freshDatabase();
  fs.rmSync(process.env.MAIL_DIR!, { recursive: true, force: true });
});

afterAll(async () => {
  await disconnectDb();
});
