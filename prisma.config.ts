import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL } from "./app/services/env.server";

// Prisma 6 with the JS engine and the better-sqlite3 driver adapter: no native engine download,
// so `generate`, `migrate deploy` and `migrate diff` work on machines without internet access.
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
