import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach } from "vitest";

// Each vitest worker gets its own SQLite file and its own mail folder.
const dir = process.env.TEST_RUN_DIR!;
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
const template = path.join(dir, "template.db");
const file = path.join(dir, `worker-${worker}.db`);

// With TEST_DATABASE=postgres (test/global-setup.ts): a database of the run's PostgreSQL server.
const postgresTemplate = process.env.TEST_POSTGRES_URL;
const postgresDatabase = `worker_${worker}`;

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = postgresTemplate ? postgresTemplate.replace(/\/template$/, `/${postgresDatabase}`) : `file:${file}`;
process.env.MAIL_DIR = path.join(dir, `mail-${worker}`);
process.env.UPLOAD_DIR = path.join(dir, `uploads-${worker}`);
process.env.APP_URL = "http://localhost:3000";
process.env.DEMO_DATA = "off";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret";
delete process.env.SMTP_URL;

const { db, disconnectDb } = await import("~/services/db.server");
const { resetEnvCache } = await import("~/services/env.server");
const { pageGenerationWatchReady } = await import("~/services/page-generation.server");
resetEnvCache();

/**
 * Every test starts from a fresh copy of the migrated template (made once per run by
 * test/global-setup.ts): nothing a test writes, in any table, index or search shadow table, can
 * reach the next one.
 */
async function freshDatabase() {
  await disconnectDb();
  if (postgresTemplate) {
    await freshPostgresDatabase(postgresTemplate);
    // As a server does before it answers: the page generation is heard from the start.
    return pageGenerationWatchReady();
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(template, file);
  // Test databases are disposable: skip fsync so each test's setup costs milliseconds.
  await db().$executeRawUnsafe("PRAGMA synchronous = OFF");
}

/** A new database made from the migrated template (a file copy on the server: milliseconds). */
async function freshPostgresDatabase(template: string) {
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: template.replace(/\/template$/, "/postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${postgresDatabase}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${postgresDatabase}" TEMPLATE "template" STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
}

beforeEach(async () => {
  await freshDatabase();
  fs.rmSync(process.env.MAIL_DIR!, { recursive: true, force: true });
});

afterAll(async () => {
  await disconnectDb();
});
