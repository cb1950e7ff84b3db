import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgres/client";
import { env } from "./env.server";
import { closePageGenerationWatch, notePageWrite } from "./page-generation.server";
import { isPostgresUrl, postgresPool } from "./postgres.server";
import { PostgresDatabase } from "./sql/postgres-database.server";
import { isRetryableConflict, pauseBeforeRetry, RETRY_ATTEMPTS } from "./sql/retryable";
import type { SqlDatabase, SqlSession } from "./sql/session";
import { SqliteDatabase } from "./sql/sqlite-database.server";
import { isolatingFactory, type DirectConnection } from "./sqlite-isolation.server";

export type { Prisma } from "~/generated/prisma/client";

// One client per process. DATABASE_URL chooses the database: file: → SQLite, where the pragmas
// (WAL, busy timeout) are set here and the typed SQL layer runs on Prisma's own connection;
// postgres:// → PostgreSQL, where Prisma and the SQL layer share one pool of connections
// (docs/decisions/016, 045 and 055).
declare global {
  var __prisma: PrismaClient | undefined;

  var __postgresPool: pg.Pool | undefined;

  var __directConnection: DirectConnection | undefined;

  var __sqlDatabase: SqlDatabase | undefined;
}

function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (isPostgresUrl(url)) {
    const pool = (globalThis.__postgresPool = postgresPool(url, { onPageWrite: notePageWrite }));
    globalThis.__sqlDatabase = new PostgresDatabase(pool);
    // The PostgreSQL client has the same models and methods; TypeScript is checked against the
    // SQLite one (the two generated types are not assignable to each other).
    return serializableTransactions(new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as PrismaClient);
  }
  const adapter = isolatingFactory(new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 10_000 }), (direct) => {
    globalThis.__directConnection = direct;
    globalThis.__sqlDatabase = new SqliteDatabase(direct);
  });
  return new PrismaClient({ adapter });
}

/**
 * On PostgreSQL every interactive Prisma transaction runs at SERIALIZABLE and runs again (up to
 * five times) after a serialisation failure: the read-then-write transactions of the model
 * (a DUG position, a statement revision, a follow) then stay correct without SQLite's one write
 * lock. A transaction callback must therefore have no effect outside the database before it returns.
 */
function serializableTransactions(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: Record<string, unknown>) => Promise<unknown>;
  (client as { $transaction: unknown }).$transaction = async (arg: unknown, options?: Record<string, unknown>) => {
    if (typeof arg !== "function") return transaction(arg, options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(arg, { isolationLevel: "Serializable", ...options });
      } catch (error) {
        if (attempt >= RETRY_ATTEMPTS || !isRetryableConflict(error)) throw error;
        await pauseBeforeRetry(attempt);
      }
    }
  };
  return client;
}

/**
 * Runs `fn` in one write transaction of the typed data layer (app/services/sql/): committed when
 * it returns, rolled back if it throws; on PostgreSQL run again after a serialisation failure.
 */
export async function sqlTransaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
  return (await sqlDatabase()).transaction(fn);
}

/** Runs `fn`, which only reads, on the typed data layer. */
export async function sqlRead<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
  return (await sqlDatabase()).read(fn);
}

async function sqlDatabase(): Promise<SqlDatabase> {
  if (!globalThis.__sqlDatabase) await db().$connect();
  return globalThis.__sqlDatabase!;
}

export function db(): PrismaClient {
  if (!globalThis.__prisma) globalThis.__prisma = createClient();
  return globalThis.__prisma;
}

let tuned: Promise<void> | undefined;

/** Applies the SQLite pragmas once per process: WAL lets readers work while the worker writes. */
export function tuneDatabase(): Promise<void> {
  tuned ??= (async () => {
    if (isPostgres()) return;
    await db().$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db().$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db().$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return tuned;
}

export async function disconnectDb() {
  await closePageGenerationWatch();
  if (globalThis.__prisma) {
    await globalThis.__prisma.$disconnect();
    globalThis.__prisma = undefined;
    globalThis.__directConnection = undefined;
    globalThis.__sqlDatabase = undefined;
    await globalThis.__postgresPool?.end();
    globalThis.__postgresPool = undefined;
    tuned = undefined;
  }
}

/** A transaction client or the root client: model functions accept either. */
export type Db = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Has the database been migrated (by `npm start` or scripts/migrate.ts)? False for a new, empty file. */
export async function isMigrated(): Promise<boolean> {
  if (isPostgres()) {
    const found = await db().$queryRawUnsafe<unknown[]>("SELECT 1 FROM information_schema.tables WHERE table_name = '_prisma_migrations'");
    return found.length > 0;
  }
  const rows = await db().$queryRawUnsafe<{ n: number | bigint }[]>(
    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** True for the error of a unique-constraint violation (another writer got there first). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Is this process's database PostgreSQL (DATABASE_URL postgres://…) rather than SQLite? */
export function isPostgres(): boolean {
  return isPostgresUrl(env().DATABASE_URL);
}

/**
 * Makes other transactions that ask for the same `name` wait until this one ends: on PostgreSQL a
 * transaction-scoped advisory lock; on SQLite every transaction holds the one write lock already.
 */
export async function lockTransaction(tx: Db, name: string): Promise<void> {
  if (isPostgres()) await tx.$queryRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked", name);
}

/** Tables whose rows read-then-write transactions lock (see lockRow). */
type LockableTable = "Comment" | "Consultation";

/**
 * Makes other transactions that lock the same row wait until this one ends, so what this one read
 * of it stays true until it writes: FOR UPDATE on PostgreSQL; on SQLite every transaction holds
 * the one write lock already.
 */
export async function lockRow(tx: Db, table: LockableTable, id: string): Promise<void> {
  if (isPostgres()) await tx.$queryRawUnsafe(`SELECT 1 AS "locked" FROM "${table}" WHERE "id" = $1 FOR UPDATE`, id);
}

/**
 * A Prisma filter for text containing `text`, ignoring the case of its letters as SQLite's LIKE
 * does (ASCII letters): PostgreSQL needs it asked for.
 */
export function containsIgnoringCase(text: string): { contains: string } {
  return isPostgres() ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}
