import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";
import { closePageGenerationWatch } from "./page-generation.server";
import { isolatingFactory, type DirectConnection } from "./sqlite-isolation.server";

export type { Prisma } from "~/generated/prisma/client";

// One client per process, on SQLite: the pragmas (WAL, busy timeout) are here, and the hot paths
// run SQLite's SQL directly on the same connection (directTransaction, directRead; see
// docs/decisions/016). Those direct statements, the full-text search (app/services/search.server.ts)
// and the FTS triggers of the migrations are what a second database would have to provide.
declare global {
  var __prisma: PrismaClient | undefined;

  var __directConnection: DirectConnection | undefined;
}

function createClient(): PrismaClient {
  const adapter = isolatingFactory(new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 10_000 }), (direct) => (globalThis.__directConnection = direct));
  return new PrismaClient({ adapter });
}

/**
 * Runs `fn` synchronously in one SQLite transaction on Prisma's own connection, for hot paths
 * where Prisma's per-query cost matters (see DirectConnection).
 */
export async function directTransaction<T>(fn: (connection: DirectConnection) => T): Promise<T> {
  return (await directConnection()).transaction(fn);
}

/** Runs `fn`, which only reads, on Prisma's own connection (see directTransaction). */
export async function directRead<T>(fn: (connection: DirectConnection) => T): Promise<T> {
  return (await directConnection()).read(fn);
}

async function directConnection(): Promise<DirectConnection> {
  if (!globalThis.__directConnection) await db().$connect();
  return globalThis.__directConnection!;
}

export function db(): PrismaClient {
  if (!globalThis.__prisma) globalThis.__prisma = createClient();
  return globalThis.__prisma;
}

let tuned: Promise<void> | undefined;

/** Applies the SQLite pragmas once per process: WAL lets readers work while the worker writes. */
export function tuneDatabase(): Promise<void> {
  tuned ??= (async () => {
    await db().$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db().$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db().$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return tuned;
}

export async function disconnectDb() {
  closePageGenerationWatch();
  if (globalThis.__prisma) {
    await globalThis.__prisma.$disconnect();
    globalThis.__prisma = undefined;
    globalThis.__directConnection = undefined;
    tuned = undefined;
  }
}

/** A transaction client or the root client: model functions accept either. */
export type Db = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Has the database been migrated (by `npm start` or scripts/migrate.ts)? False for a new, empty file. */
export async function isMigrated(): Promise<boolean> {
  const rows = await db().$queryRawUnsafe<{ n: number | bigint }[]>(
    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** True for the error of a unique-constraint violation (another writer got there first). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
