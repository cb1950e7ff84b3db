import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Migrates one template database from prisma/migrations into a folder of this run's own (so two
// test runs on one machine never share files); each worker copies it (test/setup-db.ts), which
// is much faster than migrating per worker.
export default function setup() {
  const dir = path.resolve("var/test", `run-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  process.env.TEST_RUN_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
