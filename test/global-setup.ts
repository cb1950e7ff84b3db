import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Migrates one template database from prisma/migrations; each test worker copies it
// (test/setup-db.ts), which is much faster than migrating per worker.
export const TEST_DIR = path.resolve("var/test");
export const TEMPLATE_DB = path.join(TEST_DIR, "template.db");

export default function setup() {
  fs.rmSync(TEST_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_DIR, { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "pipe",
  });
}
