import type pg from "pg";
import type { SqlDatabase, SqlSession } from "./session";
import { isRetryableConflict, pauseBeforeRetry, RETRY_ATTEMPTS } from "./retryable";
import { type Params, positionalParams, type Statement, type StatementText } from "./statement";

/**
 * The data layer on PostgreSQL: a transaction holds one connection of the pool from BEGIN to
 * COMMIT, at READ COMMITTED; what SQLite's one write lock gave for free is asked for by name
 * (`lockConsultation`, the claims' FOR UPDATE SKIP LOCKED). Statements are prepared per connection
 * under a name of their own.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = "postgres" as const;

  constructor(private readonly pool: pg.Pool) {}

  async transaction<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const value = await fn(postgresSession(client));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (attempt >= RETRY_ATTEMPTS || !isRetryableConflict(error)) throw error;
        await pauseBeforeRetry(attempt);
      } finally {
        client.release();
      }
    }
  }

  async read<T>(fn: (sql: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(postgresSession(client));
    } finally {
      client.release();
    }
  }
}

const names = new WeakMap<StatementText, string>();
let nextName = 0;

function query(client: pg.PoolClient, text: StatementText, params: Params) {
  let name = names.get(text);
  if (!name) names.set(text, (name = `s${++nextName}`));
  return client.query({ name, text: text.postgres, values: positionalParams(text, params) as unknown[] });
}

function postgresSession(client: pg.PoolClient): SqlSession {
  return {
    dialect: "postgres",
    async get<P extends Params, R>(statement: Statement<P, R>, params: P) {
      const { rows } = await query(client, statement.text, params);
      return rows.length ? statement.read(rows[0]) : undefined;
    },
    async all<P extends Params, R>(statement: Statement<P, R>, params: P) {
      return (await query(client, statement.text, params)).rows.map(statement.read);
    },
    async run<P extends Params>(statement: Statement<P, unknown>, params: P) {
      return (await query(client, statement.text, params)).rowCount ?? 0;
    },
    async savepoint<T>(fn: () => Promise<T>) {
      await client.query(`SAVEPOINT "part"`);
      try {
        const value = await fn();
        await client.query(`RELEASE SAVEPOINT "part"`);
        return value;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT "part"`);
        await client.query(`RELEASE SAVEPOINT "part"`);
        throw error;
      }
    },
    async lockConsultation(consultationId: string) {
      await client.query({ name: "lock-consultation", text: `SELECT 1 FROM "Consultation" WHERE "id" = $1 FOR UPDATE`, values: [consultationId] });
    },
  };
}
