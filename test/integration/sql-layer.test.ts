import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { sqlRead, sqlTransaction } from "~/services/db.server";
import { PostgresDatabase } from "~/services/sql/postgres-database.server";
import type { SqlDatabase } from "~/services/sql/session";
import { column, declaredTexts, statement } from "~/services/sql/statement";
import { startPostgres, type PostgresServer } from "../postgres";

// The typed data layer behaves alike on SQLite (the test database) and on PostgreSQL (a private
// server migrated with prisma migrate deploy).

let server: PostgresServer;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startPostgres();
  const url = server.createDatabase("layer");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  pool = new pg.Pool({ connectionString: url, max: 4 });
}, 120_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

const sqlite: SqlDatabase = { dialect: "sqlite", transaction: sqlTransaction, read: sqlRead };
const databases: [string, () => SqlDatabase][] = [
  ["SQLite", () => sqlite],
  ["PostgreSQL", () => new PostgresDatabase(pool)],
];

beforeEach(async () => {
  await pool.query(`TRUNCATE "User", "Consultation" CASCADE`);
});

const insertUser = statement<[id: string, email: string, createdAt: Date]>()(`INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?)`);
const userByEmail = statement<{ email: string }>()(
  `SELECT u."id", u."createdAt", u."lastSeenAt", c."dugRequired", c."number" FROM "User" u LEFT JOIN "Consultation" c ON c."createdById" = u."id" WHERE u."email" = @email`,
  { id: column.text, createdAt: column.date, lastSeenAt: column.nullable(column.date), dugRequired: column.bool, number: column.int },
);
const countUsers = statement()(`SELECT count(*) AS "n" FROM "User"`, { n: column.int });
const insertConsultation = statement<[id: string, createdById: string, createdAt: Date, updatedAt: Date]>()(
  `INSERT INTO "Consultation" ("id", "number", "slug", "title", "summary", "category", "affected", "contactName", "contactEmail", "createdById", "createdAt", "updatedAt")
   VALUES (?, 1, 'k', 'K', 'S', 'dnssec', 'all', 'IFM', 'ifm@example.org', ?, ?, ?)`,
);
const setDugRequired = statement<[required: boolean, id: string]>()(`UPDATE "Consultation" SET "dugRequired" = ? WHERE "id" = ?`);

describe.each(databases)("on %s", (_, database) => {
  test("rows come back with their declared types, parameters go in as dates, booleans and names", async () => {
    const at = new Date("2026-12-01T10:20:30.456Z");
    const found = await database().transaction(async (sql) => {
      await sql.run(insertUser, ["u1", "one@example.org", at]);
      await sql.run(insertConsultation, ["k1", "u1", at, at]);
      expect(await sql.run(setDugRequired, [false, "k1"])).toBe(1);
      return sql.get(userByEmail, { email: "one@example.org" });
    });
    expect(found).toEqual({ id: "u1", createdAt: at, lastSeenAt: null, dugRequired: false, number: 1 });
    expect(await database().read((sql) => sql.get(userByEmail, { email: "nobody@example.org" }))).toBeUndefined();
    expect(await database().read((sql) => sql.all(countUsers, []))).toEqual([{ n: 1 }]);
  });

  test("a transaction that throws writes nothing; a savepoint that throws undoes only its own writes", async () => {
    const at = new Date();
    await expect(
      database().transaction(async (sql) => {
        await sql.run(insertUser, ["u1", "one@example.org", at]);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await database().read((sql) => sql.get(countUsers, []))).toEqual({ n: 0 });

    const failed = await database().transaction(async (sql) => {
      await sql.run(insertUser, ["u1", "one@example.org", at]);
      const message = await sql
        .savepoint(async () => {
          await sql.run(insertUser, ["u2", "two@example.org", at]);
          throw new Error("this part fails");
        })
        .catch((error: Error) => error.message);
      await sql.run(insertUser, ["u3", "three@example.org", at]);
      return message;
    });
    expect(failed).toBe("this part fails");
    expect(await database().read((sql) => sql.get(countUsers, []))).toEqual({ n: 2 });
  });

  test("read-then-write transactions that lock the consultation first lose no increment", async () => {
    const consultationId = "k1";
    const at = new Date();
    await database().transaction(async (sql) => {
      await sql.run(insertUser, ["u1", "one@example.org", at]);
      await sql.run(insertConsultation, [consultationId, "u1", at, at]);
    });
    const seq = statement<[string]>()(`SELECT "commentSeq" FROM "Consultation" WHERE "id" = ?`, { commentSeq: column.int });
    const setSeq = statement<[number, string]>()(`UPDATE "Consultation" SET "commentSeq" = ? WHERE "id" = ?`);
    const increment = () =>
      database().transaction(async (sql) => {
        await sql.lockConsultation(consultationId);
        const { commentSeq } = (await sql.get(seq, [consultationId]))!;
        await new Promise((resolve) => setTimeout(resolve, 30));
        await sql.run(setSeq, [commentSeq + 1, consultationId]);
      });
    await Promise.all([increment(), increment(), increment()]);
    expect(await database().read((sql) => sql.get(seq, [consultationId]))).toEqual({ commentSeq: 3 });
  });
});

test("every statement the app declares is prepared by both databases: its syntax, tables, columns and parameter types", { timeout: 60_000 }, async () => {
  const modules = fs.readdirSync("app", { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".server.ts"));
  await Promise.all(modules.map((file) => import(path.resolve("app", file))));
  expect(declaredTexts.length).toBeGreaterThan(0);
  const refused: string[] = [];
  await sqlRead(async () => {
    const connection = globalThis.__directConnection!;
    for (const text of declaredTexts) {
      try {
        connection.statement(text.sqlite);
      } catch (error) {
        refused.push(`SQLite: ${(error as Error).message}\n${text.sqlite}`);
      }
    }
  });
  const client = await pool.connect();
  try {
    for (const [i, text] of declaredTexts.entries()) {
      try {
        await client.query(`PREPARE "check${i}" AS ${text.postgres}`);
        await client.query(`DEALLOCATE "check${i}"`);
      } catch (error) {
        refused.push(`PostgreSQL: ${(error as Error).message}\n${text.postgres}`);
      }
    }
  } finally {
    client.release();
  }
  expect(refused).toEqual([]);
});
