import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

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
export function isolatingFactory(inner: Factory): Factory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      return isolate(await inner.connect());
    },
  };
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

function isolate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new FifoLock();
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
