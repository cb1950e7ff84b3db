import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// PostgreSQL through Prisma's node-pg driver adapter (docs/decisions/045).

/** True for the addresses of a PostgreSQL database (DATABASE_URL); SQLite's start with file:. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// @prisma/adapter-pg 6.19 maps no column type for the catalogue's `"char"` and `name` columns,
// which Prisma's migrations read: patches/@prisma+adapter-pg maps them to text.

/** Prisma's driver adapter on a pool of connections to `url`. */
export function postgresAdapter(url: string, { max = 10 }: { max?: number } = {}): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString: url, max }));
}
