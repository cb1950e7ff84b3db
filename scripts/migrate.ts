// Makes the database ready: creates the folders the app writes to, then applies the migrations
// that the database does not have yet (`prisma migrate deploy`, which creates the SQLite file when
// it does not exist). When none is pending, Prisma is not started at all, so a server can start
// beside others that have the database open (the migration engine would wait for their locks and
// fail). Run by `npm start` and `npm run seed`; alone: `npm run migrate`.
//
// On PostgreSQL (DATABASE_URL postgres://…) migrating is a release step of its own, `npm run
// migrate`, run once before the new servers start: `npm start` only checks that nothing is
// pending and stops with the command to run when something is.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "../app/services/postgres.server";
import { ensureDataFoldersOrExit, sqliteFilePath } from "../app/services/data-folders.server";
import { isEntryPoint, root, runOrExit, settingsOrExit } from "./command";

const POSTGRES_MIGRATIONS = path.join(root, "prisma", "postgresql", "migrations");

/** The migrations of `migrationsDir`, in the order they apply. */
function migrationNames(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

/** The migrations of prisma/postgresql/migrations that the PostgreSQL database at `url` has not applied. */
export async function pendingPostgresMigrations(url: string, migrationsDir = POSTGRES_MIGRATIONS): Promise<string[]> {
  const all = migrationNames(migrationsDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_name = '_prisma_migrations'`);
    if (!table.rowCount) return all;
    const { rows } = await client.query<{ name: string }>(
      `SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.name));
    return all.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/** The migrations in `migrationsDir` that the database at `file` has not applied (all, for a new file). */
export function pendingMigrations(file: string, migrationsDir = path.join(root, "prisma", "migrations")): string[] {
  const all = migrationNames(migrationsDir);
  if (!fs.existsSync(file)) return all;
  const db = new Database(file, { readonly: true, timeout: 10_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return all;
    const applied = new Set(
      (
        db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as {
          migration_name: string;
        }[]
      ).map((r) => r.migration_name),
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** `npm start`: SQLite is migrated; PostgreSQL must be already (see the header). */
export async function migrateOrCheck() {
  const settings = settingsOrExit();
  if (!isPostgresUrl(settings.DATABASE_URL)) return migrate();
  ensureDataFoldersOrExit(settings);
  const pending = await pendingPostgresMigrations(settings.DATABASE_URL).catch((error: Error) => {
    console.error(`Cannot reach the PostgreSQL database of DATABASE_URL: ${error.message}`);
    process.exit(1);
  });
  if (pending.length === 0) return;
  console.error(`The PostgreSQL database lacks ${pending.length} migration(s) (${pending.join(", ")}): run \`npm run migrate\` once, then start the servers.`);
  process.exit(1);
}

export function migrate() {
  const settings = settingsOrExit();
  ensureDataFoldersOrExit(settings);
  if (isPostgresUrl(settings.DATABASE_URL)) return runOrExit("prisma", ["migrate", "deploy"]);
  const file = sqliteFilePath(settings.DATABASE_URL);
  const pending = file ? pendingMigrations(file) : ["(in-memory database)"];
  if (pending.length === 0) return;
  runOrExit("prisma", ["migrate", "deploy"]);
}

if (isEntryPoint(import.meta.url)) migrate();
