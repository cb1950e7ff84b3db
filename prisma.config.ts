import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL } from "./app/services/env.server";
import { isPostgresUrl, postgresAdapter } from "./app/services/postgres.server";

// Prisma 6 with the JS engine and a driver adapter: no native engine download, so `generate`,
// `migrate deploy` and `migrate diff` work on machines without internet access. DATABASE_URL
// chooses the database: file: → SQLite (prisma/schema.prisma), postgres:// → PostgreSQL (its
// generated copy, prisma/postgresql/schema.prisma, with its own migrations beside it).
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const postgres = isPostgresUrl(url);

export default defineConfig({
  schema: postgres ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => (postgres ? postgresAdapter(url, { max: 1 }) : new PrismaBetterSQLite3({ url })),
});
