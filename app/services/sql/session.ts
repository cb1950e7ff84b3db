import type { Dialect, Params, Statement } from "./statement";

/**
 * One way to run the typed statements, inside a transaction or a read: the SQLite session runs
 * them on the process's one connection, the PostgreSQL one on a connection of the pool held for
 * the transaction. Only `sql` calls belong inside: a Prisma query awaited there would wait for the
 * connection this session holds (on SQLite, forever).
 */
export interface SqlSession {
  readonly dialect: Dialect;
  /** The first row, or undefined. */
  get<P extends Params, R>(statement: Statement<P, R>, params: P): Promise<R | undefined>;
  all<P extends Params, R>(statement: Statement<P, R>, params: P): Promise<R[]>;
  /** The number of rows changed. */
  run<P extends Params>(statement: Statement<P, unknown>, params: P): Promise<number>;
  /**
   * Runs `fn` so that, if it throws, only its own writes are undone (a savepoint) and the error
   * is rethrown; the transaction around it goes on.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Makes later writes to this consultation's comments wait for this transaction: PostgreSQL
   * locks its row (FOR UPDATE); on SQLite the transaction holds the one write lock already.
   */
  lockConsultation(consultationId: string): Promise<void>;
}

/** What a database gives the data layer: write transactions and reads. */
export interface SqlDatabase {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one write transaction, committed when it returns and rolled back if it throws.
   * On PostgreSQL a serialisation failure or a deadlock runs `fn` again (it must not have effects
   * outside the database before it returns).
   */
  transaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `fn`, which only reads. */
  read<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T>;
}
