import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PostgresPageGenerationWatch } from "~/services/page-generation-postgres.server";
import { mayChangePages, PAGE_TABLES } from "~/services/page-tables";
import { postgresPool } from "~/services/postgres.server";
import { startPostgres, type PostgresServer } from "../postgres";

// On PostgreSQL the page generation moves on a notification from the database: a write to a table
// that public pages read, by any connection, is seen by every process's watch.

let server: PostgresServer;
let url: string;
let writer: pg.Client;
beforeAll(async () => {
  server = await startPostgres();
  url = server.createDatabase("pages");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  writer = new pg.Client({ connectionString: url });
  await writer.connect();
}, 120_000);
afterAll(async () => {
  await writer?.end();
  server?.stop();
});

async function changes(watch: PostgresPageGenerationWatch, write: () => Promise<unknown>, withinMs: number): Promise<boolean> {
  const before = watch.current();
  await write();
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (watch.current() !== before) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}

test("a write to a table that pages read moves every watch's generation; a write to sessions or rate limits does not", async () => {
  const one = new PostgresPageGenerationWatch(url);
  const two = new PostgresPageGenerationWatch(url);
  try {
    await Promise.all([one.whenListening(), two.whenListening()]);
    expect(one.healthy() && two.healthy()).toBe(true);
    const setting = () => writer.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('K', 'v', now())`);
    const before = two.current();
    expect(await changes(one, setting, 2_000)).toBe(true);
    expect(await changes(two, async () => undefined, 2_000).then((moved) => moved || two.current() !== before)).toBe(true);
    const rateLimit = () => writer.query(`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES ('k', now(), 1)`);
    expect(await changes(one, rateLimit, 300)).toBe(false);
  } finally {
    one.close();
    two.close();
  }
});

test("without a listening connection the watch is unhealthy and every look is a new generation, so nothing cached is served", async () => {
  const watch = new PostgresPageGenerationWatch(url.replace(/:\d+\//, ":1/"));
  try {
    await watch.whenListening();
    expect(watch.healthy()).toBe(false);
    expect(watch.current()).not.toBe(watch.current());
  } finally {
    watch.close();
  }
});

test("the same tables notify on PostgreSQL as move SQLite's page generation", async () => {
  const { rows } = await writer.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'PageGeneration_%'`,
  );
  // SQLite's triggers, as its migrations create them (a table rebuilt later gets them again).
  const migrations = fs.readdirSync("prisma/migrations").filter((name) => fs.existsSync(path.join("prisma/migrations", name, "migration.sql")));
  const created = migrations.flatMap((name) => [
    ...fs.readFileSync(path.join("prisma/migrations", name, "migration.sql"), "utf8").matchAll(/CREATE TRIGGER "PageGeneration_\w+" AFTER \w+ ON "(\w+)"/g),
  ]);
  const sqliteTables = [...new Set(created.map((match) => match[1]!))].sort();
  expect(sqliteTables.length).toBeGreaterThan(20);
  expect(rows.map((r) => r.table).sort()).toEqual(sqliteTables);
});

test("a pooled connection that wrote to a page table tells this process when it goes back, after its commit; reads and other tables do not", async () => {
  let writes = 0;
  const pool = postgresPool(url, { max: 2, onPageWrite: () => writes++ });
  try {
    await pool.query(`SELECT count(*) FROM "Setting"`);
    await pool.query(`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES ('pool', now(), 1)`);
    expect(writes).toBe(0);
    await pool.query(`UPDATE "Setting" SET "value" = 'w'`);
    expect(writes).toBe(1);
    const client = await pool.connect();
    await client.query("BEGIN");
    await client.query({ text: `DELETE FROM "public"."Setting" WHERE "key" = $1`, values: ["none"] });
    await client.query("COMMIT");
    expect(writes).toBe(1);
    client.release();
    expect(writes).toBe(2);
  } finally {
    await pool.end();
  }
});

test("the tables whose writes move the generation are the ones the code knows as page tables", async () => {
  const { rows } = await writer.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE 'PageGeneration_%'`,
  );
  expect(rows.map((r) => r.table).sort()).toEqual([...PAGE_TABLES].sort());
  expect(mayChangePages(`INSERT INTO "Comment" ("id") VALUES ($1)`)).toBe(true);
  expect(mayChangePages(`UPDATE "Session" SET "lastSeenAt" = $1`)).toBe(false);
  expect(mayChangePages(`WITH moved AS (UPDATE "Comment" SET "x" = 1 RETURNING 1) SELECT * FROM moved`)).toBe(true);
  expect(mayChangePages(`SELECT 1`)).toBe(false);
});

test("a request's look at the database sees a write made before it came, before any notification arrives", async () => {
  const watch = new PostgresPageGenerationWatch(url);
  try {
    await watch.whenListening();
    await watch.refreshThisTurn();
    const before = watch.current();
    // The sequence alone, as a write through another server moves it (its notification aside).
    await writer.query(`SELECT nextval('"page_generation_seq"')`);
    await watch.refreshThisTurn();
    expect(watch.current()).not.toBe(before);
    const after = watch.current();
    await new Promise((resolve) => setImmediate(resolve));
    await watch.refreshThisTurn();
    expect(watch.current()).toBe(after);
  } finally {
    await watch.close();
  }
});
