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
      const adapter = isolate(await inner.connect(), lock);
      onConnect(new DirectConnection((adapter as unknown as { client: Database.Database }).client, lock));
      return adapter;
    },
  };
}

/**
 * Prisma's own connection, for the few hot paths that run their SQL directly (see
 * `sql.server.ts`): `transaction(fn)` runs `fn` synchronously in one SQLite transaction, between
 * Prisma's transactions, never inside one. Statements are prepared once and kept. better-sqlite3
 * answers integers as BigInt here (Prisma's setting) and DateTimes as their stored text.
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
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE), rolled back if it throws. While another
   * process holds the write lock, BEGIN is tried again after a short pause rather than in SQLite's
   * busy handler, which would sleep with the whole process (every request it serves) blocked.
   */
  async transaction<T>(fn: (connection: DirectConnection) => T): Promise<T> {
    // Under a supervisor, this process's turn among its servers' writers first (write-turns.ts).
    const give = await writeTurns()?.take();
    try {
      return await this.transactionNow(fn);
    } finally {
      give?.();
    }
  }

  private async transactionNow<T>(fn: (connection: DirectConnection) => T): Promise<T> {
    let started = false;
    const run = this.database.transaction(() => {
      started = true;
      return fn(this);
    });
    const giveUpAt = Date.now() + this.busyTimeoutMs();
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.betweenTransactions(() => {
        if (Date.now() >= giveUpAt) return { value: run.immediate() }; // SQLite's own wait, then its error
        this.busyTimeoutPragma(0);
        try {
          return { value: run.immediate() };
        } catch (error) {
          if (!started && (error as { code?: string }).code === "SQLITE_BUSY") return { busy: true as const };
          throw error;
        } finally {
          this.busyTimeoutPragma(this.busyTimeoutMs());
        }
      });
      if (!("busy" in outcome)) return outcome.value;
      // 1, 2, 4, 8 ms, then 8 ms: a write holds the lock for about a millisecond.
      await new Promise((resolve) => setTimeout(resolve, Math.min(8, 2 ** attempt) * (0.5 + Math.random())));
    }
  }

  /**
   * Runs `fn` inside the caller's transaction so that, if it throws, only its own writes are
   * undone (a savepoint; the same statements on PostgreSQL) and the error is rethrown.
   */
  savepoint<T>(fn: () => T): T {
    this.statement(`SAVEPOINT "part"`).run();
    try {
      const value = fn();
      this.statement(`RELEASE SAVEPOINT "part"`).run();
      return value;
    } catch (error) {
      this.statement(`ROLLBACK TO SAVEPOINT "part"`).run();
      this.statement(`RELEASE SAVEPOINT "part"`).run();
      throw error;
    }
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

  /** Runs `fn`, which only reads, without a transaction of its own. */
  read<T>(fn: (connection: DirectConnection) => T): Promise<T> {
    return this.betweenTransactions(() => fn(this));
  }

  private async betweenTransactions<T>(run: () => T): Promise<T> {
    if (!this.lock.isHeld) return run();
    const release = await this.lock.acquire();
    try {
      return run();
    } finally {
      release();
    }
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

function isolate(adapter: SqlDriverAdapter, lock: FifoLock): SqlDriverAdapter {
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
  adapter.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    let transaction: Transaction;
    try {
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = async () => {
      try {
        await commit();
      } finally {
        release();
      }
    };
    transaction.rollback = async () => {
      try {
        await rollback();
      } finally {
        release();
      }
    };
    return transaction;
  };
  return adapter;
}
