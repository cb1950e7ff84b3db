import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pendingPostgresMigrations } from "../../scripts/migrate";
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
  expect(copy).toContain('output = "../../app/generated/prisma-postgres"');
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
  // The page generation's notifications are written by hand, outside the model (and tested in
  // page-generation-postgres.test.ts).
  pg.psql("migrated", `DROP FUNCTION "page_generation_notify"() CASCADE; DROP SEQUENCE "page_generation_seq"`);
  // So is full-text search (prisma/postgresql/migrations/…_search; tested in
  // app/services/search.server.test.ts, which runs on both databases): its index tables, the
  // functions of its triggers and queries, its text search configuration and unaccent.
  pg.psql(
    "migrated",
    `SET client_min_messages = warning;
     DROP TABLE "ConsultationSearch", "PlanTranslationSearch", "CommentSearch", "AttachmentSearch", "StatementFileSearch";
     DROP FUNCTION "search_consultation_changed"(), "search_plan_version_changed"(), "search_plan_translation_changed"(),
       "search_comment_changed"(), "search_attachment_changed"(), "search_statement_revision_attachment_changed"() CASCADE;
     DROP FUNCTION "search_refresh_consultation"(text), "search_refresh_translations"(text), "search_refresh_comment"(text),
       "search_refresh_attachment"(text), "search_refresh_statement_file"(text), "search_query"(jsonb), "search_snippet"(text, tsquery), "search_headline"(text, tsquery),
       "search_vector"(text), "search_text"(text);
     DROP TEXT SEARCH CONFIGURATION "search";
     DROP TEXT SEARCH DICTIONARY "search_stem";
     DROP EXTENSION unaccent;`,
  );
  const tables = pg.psql("migrated", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'");
  expect(Number(/\d+/.exec(tables)?.[0])).toBeGreaterThan(30);
  expect(schemaDump(pg, "migrated")).toBe(schemaDump(pg, "from_model"));
});

test("npm start on PostgreSQL migrates nothing: it stops with the command to run while a migration is pending, then starts", { timeout: 120_000 }, async () => {
  const url = pg.createDatabase("release");
  const start = () =>
    spawnSync(process.execPath, ["--import", "tsx", "-e", "import('./scripts/migrate.ts').then((m) => m.migrateOrCheck()).then(() => console.log('ready'))"], {
      env: { ...process.env, DATABASE_URL: url, MAIL_DIR: path.join(os.tmpdir(), "release-mail"), UPLOAD_DIR: path.join(os.tmpdir(), "release-uploads") },
      encoding: "utf8",
    });
  const refused = start();
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/lacks \d+ migration\(s\).*run `npm run migrate` once/);
  expect(await pendingPostgresMigrations(url)).toEqual(
    fs
      .readdirSync("prisma/postgresql/migrations")
      .filter((name) => !name.endsWith(".toml"))
      .sort(),
  );
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  expect(await pendingPostgresMigrations(url)).toEqual([]);
  const started = start();
  expect(started.stdout).toContain("ready");
  expect(started.status).toBe(0);
});
