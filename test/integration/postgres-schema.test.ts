import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "../../scripts/postgres-schema";
import { schemaDump, startPostgres, type PostgresServer } from "../postgres";

// The one data model on PostgreSQL: its schema is generated from the SQLite one, and its own
// migrations build exactly that schema on a real PostgreSQL server.

let pg: PostgresServer;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(() => pg?.stop());

test("the PostgreSQL schema is the generated copy of prisma/schema.prisma (run npm run schema:postgres when this fails)", () => {
  expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
});

test("the copy differs only where PostgreSQL needs it: provider, address, time stamps with their zone", () => {
  const copy = postgresSchema(
    '// SQLite notes\n\ngenerator client {\n  output = "../app/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n  url      = "file:./var/data.db"\n}\n\nmodel A {\n  id String @id\n  at DateTime @default(now()) // when\n  maybe DateTime?\n  n Int\n}\n',
  );
  expect(copy).not.toContain("SQLite notes");
  expect(copy).toContain('output = "../../app/generated/prisma"');
  expect(copy).toContain('provider = "postgresql"');
  expect(copy).toContain('url      = env("DATABASE_URL")');
  expect(copy).toContain("at DateTime @default(now()) @db.Timestamptz(3) // when");
  expect(copy).toContain("maybe DateTime? @db.Timestamptz(3)");
  expect(copy).toContain("n Int\n");
});

test("prisma migrate deploy on PostgreSQL builds exactly the schema the data model describes", { timeout: 120_000 }, () => {
  const migrated = pg.createDatabase("migrated");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: migrated }, stdio: "pipe" });
  // The same model straight from the schema file, without the migrations.
  pg.createDatabase("from_model");
  const script = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", path.relative(process.cwd(), POSTGRES_SCHEMA), "--script"],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: migrated } },
  );
  pg.psql("from_model", script);
  const tables = pg.psql("migrated", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'");
  expect(Number(/\d+/.exec(tables)?.[0])).toBeGreaterThan(30);
  expect(schemaDump(pg, "migrated")).toBe(schemaDump(pg, "from_model"));
});
