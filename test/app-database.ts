import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { PostgresPageGenerationWatch } from "~/services/page-generation-postgres.server";
import { placeholders, sqliteDateTime } from "~/services/sql/statement";

// A test's own look at (or setup of) the database of a server it started: SQLite's file or, with
// TEST_DATABASE=postgres, a database of the run's PostgreSQL server (test/global-setup.ts).

/** The run's PostgreSQL template database, when the suite runs on PostgreSQL. */
const postgresTemplate = () => process.env.TEST_POSTGRES_URL;

/** A new database for a server under test: a copy of the run's migrated template, as a URL. */
export async function newTestDatabase(sqliteFile: string, copySqliteTemplate: () => boolean): Promise<string | null> {
  const template = postgresTemplate();
  if (!template) return copySqliteTemplate() ? `file:${sqliteFile}` : null;
  const name = `app_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: template.replace(/\/template$/, "/postgres") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "template" STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
  return template.replace(/\/template$/, `/${name}`);
}

/**
 * The rows of `sql` (with `?` placeholders; Dates are written as each database stores them) on
 * the database at `url`, in a connection of its own; none for a statement that writes.
 */
export async function queryTestDatabase<R>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.replace(/^file:/, ""), { fileMustExist: true, timeout: 10_000 });
    try {
      const statement = db.prepare(sql);
      const values = params.map((p) => (p instanceof Date ? sqliteDateTime(p) : p));
      if (!statement.reader) {
        statement.run(...values);
        return [];
      }
      return statement.all(...values) as R[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query(
        placeholders(sql).text((n) => `$${n}`),
        params,
      )
    ).rows as R[];
  } finally {
    await client.end();
  }
}

/**
 * Runs `sql` on this test's database in a connection of its own, as another process would. On
 * PostgreSQL it returns once this process has heard of it (the database's notification), as the
 * next request of a server would.
 */
export async function writeAsAnotherProcess(sql: string, params: unknown[] = []): Promise<void> {
  const url = process.env.DATABASE_URL!;
  if (url.startsWith("file:")) return void (await queryTestDatabase(url, sql, params));
  const { pageGenerationWatch } = await import("~/services/page-generation.server");
  const watch = pageGenerationWatch() as PostgresPageGenerationWatch;
  await watch.whenListening();
  const before = watch.current();
  await queryTestDatabase(url, sql, params);
  const until = Date.now() + 5_000;
  while (watch.current() === before) {
    if (Date.now() > until) throw new Error(`no page_generation notification after ${sql}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
