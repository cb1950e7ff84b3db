// Makes the database ready: creates the folders the app writes to, then applies the migrations of
// prisma/migrations that the database does not have yet (`prisma migrate deploy`, which creates
// the SQLite file when it does not exist). When none is pending, Prisma is not started at all, so
// a server can start beside others that have the database open (the migration engine would wait
// for their locks and fail). Run by `npm start` and `npm run seed`; alone: `npm run migrate`.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ensureDataFoldersOrExit, sqliteFilePath } from "../app/services/data-folders.server";
import { isEntryPoint, root, runOrExit, settingsOrExit } from "./command";

/** The migrations in `migrationsDir` that the database at `file` has not applied (all, for a new file). */
export function pendingMigrations(file: string, migrationsDir = path.join(root, "prisma", "migrations")): string[] {
  const all = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
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

export function migrate() {
  const settings = settingsOrExit();
  ensureDataFoldersOrExit(settings);
  const file = sqliteFilePath(settings.DATABASE_URL);
  const pending = file ? pendingMigrations(file) : ["(in-memory database)"];
  if (pending.length === 0) return;
  runOrExit("prisma", ["migrate", "deploy"]);
}

if (isEntryPoint(import.meta.url)) migrate();
