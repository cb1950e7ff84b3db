import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { mayChangePages } from "./page-tables";

// PostgreSQL through Prisma's node-pg driver adapter (docs/decisions/045).

/** True for the addresses of a PostgreSQL database (DATABASE_URL); SQLite's start with file:. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// @prisma/adapter-pg 6.19 maps no column type for the catalogue's `"char"` and `name` columns,
// which Prisma's migrations read: patches/@prisma+adapter-pg maps them to text.

/** The server-side process ids of this process's pooled connections (see isOwnBackend). */
const ownBackends = new Set<number>();

/**
 * Is `pid` the PostgreSQL backend of one of this process's pooled connections? A notification
 * from one is of a write this process counted already (onPageWrite).
 */
export function isOwnBackend(pid: number): boolean {
  return ownBackends.has(pid);
}

/**
 * A pool of connections to `url`, shared by Prisma's driver adapter and the SQL layer.
 * `onPageWrite` is called when a connection that may have changed what public pages show goes back
 * to the pool (after its COMMIT, or its one statement): this process then knows of its own writes
 * before it answers, without waiting for the database's notification.
 */
export function postgresPool(url: string, { max = 10, onPageWrite }: { max?: number; onPageWrite?: () => void } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closed (a restart, a failover): the pool makes a new one when
  // asked; without a listener the error would end the process.
  const lost = (error: Error) => console.error(`PostgreSQL connection lost: ${error.message}`);
  pool.on("error", lost);
  // A connection can also be closed by the server after the pool let it go (pool.end() returns
  // before each connection's socket is closed): without a listener that error would end the process.
  pool.on("remove", (client) => client.on("error", () => undefined));
  if (onPageWrite) {
    const wrote = new WeakSet<pg.PoolClient>();
    pool.on("connect", (client) => {
      const pid = (client as unknown as { processID?: number }).processID;
      if (pid) ownBackends.add(pid);
      client.once("end", () => pid && ownBackends.delete(pid));
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const config = args[0] as string | { text?: string } | undefined;
        const text = typeof config === "string" ? config : config?.text;
        if (text && mayChangePages(text)) wrote.add(client);
        return query(...args);
      };
    });
    pool.on("release", (_error, client) => {
      if (!wrote.has(client)) return;
      wrote.delete(client);
      onPageWrite();
    });
  }
  return pool;
}

/** Prisma's driver adapter on a pool of connections to `url`. */
export function postgresAdapter(url: string, { max = 10 }: { max?: number } = {}): PrismaPg {
  return new PrismaPg(postgresPool(url, { max }));
}
