import type Database from "better-sqlite3";
import type { DirectConnection } from "../sqlite-isolation.server";
import type { SqlDatabase, SqlSession } from "./session";
import { type Param, type Params, positionalParams, type Statement, type StatementText, sqliteDateTime } from "./statement";

/**
 * The data layer on SQLite: the typed statements run on Prisma's own connection (the process has
 * one), prepared once each. A transaction begins IMMEDIATE, so SQLite's one write lock orders every
 * writer: `lockConsultation` has nothing left to do.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite" as const;
  private readonly prepared = new Map<StatementText, Database.Statement>();
  private readonly session: SqlSession;

  constructor(private readonly connection: DirectConnection) {
    const prepare = (text: StatementText) => {
      let prepared = this.prepared.get(text);
      if (!prepared) this.prepared.set(text, (prepared = connection.statement(text.sqlite)));
      return prepared;
    };
    const values = (text: StatementText, params: Params) => sqliteValues(positionalParams(text, params));
    this.session = {
      dialect: "sqlite",
      async get<P extends Params, R>(statement: Statement<P, R>, params: P) {
        const row = prepare(statement.text).get(...values(statement.text, params)) as Record<string, unknown> | undefined;
        return row === undefined ? undefined : statement.read(row);
      },
      async all<P extends Params, R>(statement: Statement<P, R>, params: P) {
        const rows = prepare(statement.text).all(...values(statement.text, params)) as Record<string, unknown>[];
        return rows.map(statement.read);
      },
      async run<P extends Params>(statement: Statement<P, unknown>, params: P) {
        return prepare(statement.text).run(...values(statement.text, params)).changes;
      },
      async savepoint<T>(fn: () => Promise<T>) {
        connection.statement(`SAVEPOINT "part"`).run();
        try {
          const value = await fn();
          connection.statement(`RELEASE SAVEPOINT "part"`).run();
          return value;
        } catch (error) {
          connection.statement(`ROLLBACK TO SAVEPOINT "part"`).run();
          connection.statement(`RELEASE SAVEPOINT "part"`).run();
          throw error;
        }
      },
      async lockConsultation() {},
    };
  }

  transaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
    return this.connection.writeTransaction(() => fn(this.session));
  }

  read<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
    return this.connection.holding(() => fn(this.session));
  }
}

/** Dates as the text Prisma stores, booleans as 0 and 1; a new array only when one changes. */
function sqliteValues(params: readonly Param[]): readonly unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value instanceof Date || typeof value === "boolean") {
      out ??= params.slice();
      out[i] = value instanceof Date ? sqliteDateTime(value) : value ? 1 : 0;
    }
  }
  return out ?? params;
}
