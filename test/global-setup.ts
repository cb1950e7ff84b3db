import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

// Migrates one template database from prisma/migrations into a folder of this run's own (so two
// test runs on one machine never share files); every test starts from a copy of it
// (test/setup-db.ts), which is much faster than migrating per test.
export default function setup() {
  const dir = path.resolve("var/test", `run-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  // WAL, as the app runs it (the mode is kept in the file, so every copy starts in it).
  const template = new Database(path.join(dir, "template.db"));
  template.pragma("journal_mode = WAL");
  template.close();
  process.env.TEST_RUN_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
