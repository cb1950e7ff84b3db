// `npm run schema:postgres`: writes prisma/postgresql/schema.prisma, the PostgreSQL copy of the
// one data model (prisma/schema.prisma). Only what PostgreSQL needs differs: the provider, the
// database's address from DATABASE_URL, and time stamps with their zone (node-pg would read a
// `timestamp` without zone in the server's local time). A test fails when the copy is stale.
import fs from "node:fs";
import path from "node:path";
import { isEntryPoint, root } from "./command";

export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

const GENERATED_NOTE = `// GENERATED from prisma/schema.prisma by \`npm run schema:postgres\`: do not edit. The same data
// model on PostgreSQL (docs/decisions/045); its migrations are in prisma/postgresql/migrations.

`;

/** The PostgreSQL copy of the SQLite schema's text. */
export function postgresSchema(sqlite: string): string {
  const lines = sqlite.split("\n");
  // The SQLite schema's own header comment (up to the generator block) speaks of SQLite.
  const start = lines.findIndex((line) => line.startsWith("generator "));
  let block = "";
  const out = lines.slice(start).map((line) => {
    const opened = /^(generator|datasource|model|enum|view)\s+(\w+)/.exec(line);
    if (opened) block = `${opened[1]} ${opened[2]}`;
    // A client of its own: the two generated clients differ and both are built into the app.
    if (block === "generator client" && /^\s*output\s*=/.test(line))
      return line.replace(/"\.\.\/app\/generated\/prisma"/, '"../../app/generated/prisma-postgres"');
    if (block === "datasource db" && /^\s*provider\s*=/.test(line)) return line.replace(/"sqlite"/, '"postgresql"');
    if (block === "datasource db" && /^\s*url\s*=/.test(line)) return line.replace(/=\s*".*"/, '= env("DATABASE_URL")');
    if (block.startsWith("model ")) {
      const field = /^(\s+\w+\s+DateTime\??)(.*)$/.exec(line);
      if (field && !field[2].includes("@db.")) {
        const [code, comment] = splitComment(field[2]);
        return `${field[1]}${code.replace(/\s+$/, "")} @db.Timestamptz(3)${comment ? ` ${comment}` : ""}`;
      }
    }
    return line;
  });
  return GENERATED_NOTE + out.join("\n");
}

function splitComment(rest: string): [string, string] {
  const at = rest.indexOf("//");
  return at === -1 ? [rest, ""] : [rest.slice(0, at), rest.slice(at)];
}

export function writePostgresSchema(): boolean {
  const next = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (current === next) return false;
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, next);
  return true;
}

if (isEntryPoint(import.meta.url))
  console.log(writePostgresSchema() ? `Wrote ${path.relative(root, POSTGRES_SCHEMA)}.` : "prisma/postgresql/schema.prisma is up to date.");
