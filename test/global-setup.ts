import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { startPostgres } from "./postgres";

// Migrates one template database into a folder of this run's own (so two test runs on one machine
// never share files); every test starts from a copy of it (test/setup-db.ts), which is much faster
// than migrating per test. With TEST_DATABASE=postgres the template is a database of a private
// PostgreSQL server started for the run, and each copy is a database made from it.
export default async function setup() {
  const dir = path.resolve("var/test", `run-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.env.TEST_RUN_DIR = dir;
  if (process.env.TEST_DATABASE === "postgres") {
    const server = await startPostgres();
    const url = server.createDatabase("template");
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    process.env.TEST_POSTGRES_URL = url;
    return () => {
      server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  // WAL, as the app runs it (the mode is kept in the file, so every copy starts in it).
  const template = new Database(path.join(dir, "template.db"));
  template.pragma("journal_mode = WAL");
  template.close();
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
