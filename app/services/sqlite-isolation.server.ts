import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { writeTurns } from "./write-turn.server";

type Factory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect">;
type SqlDriverAdapter = Awaited<ReturnType<Factory["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;

/**
 * Prisma's better-sqlite3 adapter runs every query on one connection and serialises only the
 * transactions: a query made outside a transaction while another request's interactive
 * transaction is open runs inside that transaction, and is rolled back with it. This wrapper
 * closes the gap with one first-come, first-served lock: a transaction holds it from BEGIN to
 * COMMIT or ROLLBACK, and a query outside any transaction waits while it is held (when it is free,
 * the query runs at once, without an extra turn of the event loop).
 */
export function isolatingFactory(inner: Factory, onConnect: (direct: DirectConnection) => void): Factory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const lock = new FifoLock();
      const connected = await inner.connect();
      const direct = new DirectConnection((connected as unknown as { client: Database.Database }).client, lock);
      onConnect(direct);
      return isolate(connected, lock, direct);
    },
  };
}

/**
 * Prisma's own connection, on which the typed SQL layer runs (app/services/sql/sqlite-database.server.ts):
 * `writeTransaction(fn)` and `holding(fn)` give it to `fn` between Prisma's transactions, never
 * inside one. Statements are prepared once and kept. better-sqlite3 answers integers as BigInt here
 * (Prisma's setting) and DateTimes as their stored text.
 */
export class DirectConnection {
  private statements = new Map<string, Database.Statement>();

  constructor(
    private readonly database: Database.Database,
    private readonly lock: FifoLock,
  ) {}

  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs the asynchronous `fn` in one write transaction (BEGIN IMMEDIATE once this process has the
   * write lock, see `whenWriteLockFree`), committed when it returns and rolled back if it throws.
   * The connection is this transaction's until then: other queries of the process wait.
   */
  async writeTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const give = await writeTurns()?.take();
    try {
      const release = await this.whenWriteLockFree(async (locking) => {
        const release = await this.lock.acquire();
        try {
          locking(() => this.statement("BEGIN IMMEDIATE").run());
          return release;
        } catch (error) {
          release();
          throw error;
        }
      });
      try {
        const value = await fn();
        this.statement("COMMIT").run();
        return value;
      } catch (error) {
        if (this.database.inTransaction) this.statement("ROLLBACK").run();
        throw error;
      } finally {
        release();
      }
    } finally {
      give?.();
    }
  }

  /** Runs the asynchronous `fn`, which only reads, with the connection to itself. */
  async holding<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Runs `begin`, which starts a write transaction or throws SQLITE_BUSY having started nothing,
   * until it gets SQLite's write lock; `begin` takes the lock inside `locking(…)`, synchronously.
   * While another process holds the lock, it is tried again after a short pause rather than in
   * SQLite's busy handler, which would sleep with the whole process (every request it serves)
   * blocked; once the connection's busy timeout has passed, SQLite's own wait, then its error.
   */
  async whenWriteLockFree<T>(begin: (locking: <L>(take: () => L) => L) => Promise<T>): Promise<T> {
    const timeout = this.busyTimeoutMs();
    const giveUpAt = Date.now() + timeout;
    for (let attempt = 0; ; attempt++) {
      const waitInSqlite = Date.now() >= giveUpAt;
      const locking = <L>(take: () => L): L => {
        if (waitInSqlite) return take();
        this.busyTimeoutPragma(0);
        try {
          return take();
        } finally {
          this.busyTimeoutPragma(timeout);
        }
      };
      try {
        return await begin(locking);
      } catch (error) {
        if (waitInSqlite || !isBusy(error)) throw error;
      }
      // 1, 2, 4, 8 ms, then 8 ms: a write holds the lock for about a millisecond.
      await new Promise((resolve) => setTimeout(resolve, Math.min(8, 2 ** attempt) * (0.5 + Math.random())));
    }
  }

  /**
   * Makes the connection's open (deferred) transaction a writer: a write statement that matches
   * no row takes SQLite's write lock, or throws SQLITE_BUSY, and commits as a read would (other
   * connections' data_version stays).
   */
  takeWriteLock() {
    this.statement(`UPDATE "PageGeneration" SET "value" = "value" WHERE 0`).run();
  }

  private busyTimeout: number | undefined;
  private readonly busyTimeoutStatements = new Map<number, Database.Statement>();

  /** Sets the connection's busy timeout; prepared once per value (two per connection), as it is set twice per write. */
  private busyTimeoutPragma(ms: number) {
    let statement = this.busyTimeoutStatements.get(ms);
    if (!statement) this.busyTimeoutStatements.set(ms, (statement = this.database.prepare(`PRAGMA busy_timeout = ${Math.trunc(ms)}`)));
    statement.get();
  }

  /** The connection's own busy timeout (set by whoever opened it), in milliseconds. */
  private busyTimeoutMs(): number {
    this.busyTimeout ??= Number(this.database.pragma("busy_timeout", { simple: true })) || 5_000;
    return this.busyTimeout;
  }
}

class FifoLock {
  private held = false;
  private waiters: (() => void)[] = [];

  get isHeld() {
    return this.held;
  }

  acquire(): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held = false;
    };
  }
}

function isolate(adapter: SqlDriverAdapter, lock: FifoLock, direct: DirectConnection): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);

  async function outsideTransactions<T>(run: () => Promise<T>): Promise<T> {
    if (!lock.isHeld) return run();
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  }

  adapter.queryRaw = (query) => outsideTransactions(() => queryRaw(query));
  adapter.executeRaw = (query) => outsideTransactions(() => executeRaw(query));
  adapter.executeScript = (script) => outsideTransactions(() => executeScript(script));
  // Every Prisma transaction here writes, and begins by taking the write lock: SQLite begins
  // transactions deferred, and one that read first could not become a writer while (or once)
  // another process wrote; it would fail with SQLITE_BUSY at once, whatever the busy timeout.
  adapter.startTransaction = async (isolationLevel) => {
    const give = await writeTurns()?.take();
    try {
      return await direct.whenWriteLockFree(async (locking) => {
        const release = await lock.acquire();
        let transaction: Transaction;
        try {
          transaction = await startTransaction(isolationLevel);
        } catch (error) {
          release();
          throw error;
        }
        try {
          locking(() => direct.takeWriteLock());
        } catch (error) {
          // Prisma's transaction object only unlocks the adapter; the engine sends ROLLBACK itself.
          direct.statement("ROLLBACK").run();
          await transaction.rollback().finally(release);
          throw error;
        }
        return endingWith(transaction, () => {
          release();
          give?.();
        });
      });
    } catch (error) {
      give?.();
      throw error;
    }
  };
  return adapter;
}

/** `transaction`, with `end` called once it is committed or rolled back. */
function endingWith(transaction: Transaction, end: () => void): Transaction {
  const commit = transaction.commit.bind(transaction);
  const rollback = transaction.rollback.bind(transaction);
  transaction.commit = () => commit().finally(end);
  transaction.rollback = () => rollback().finally(end);
  return transaction;
}

function isBusy(error: unknown): boolean {
  return (error as { code?: string }).code === "SQLITE_BUSY";
}
