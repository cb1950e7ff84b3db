import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// A private PostgreSQL server for the tests that need one: its own cluster in a temporary folder,
// on a free port of the loopback, with no password and no fsync (nothing here must survive the
// run). Debian's binaries (apt-get install postgresql; .ci/run installs them when missing).

const DEBIAN = "/usr/lib/postgresql";
const BIN_DIRS = ["/usr/local/bin", ...(fs.existsSync(DEBIAN) ? fs.readdirSync(DEBIAN).map((version) => path.join(DEBIAN, version, "bin")) : [])];

function binary(name: string): string {
  for (const dir of BIN_DIRS) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`${name} not found: install Debian's postgresql package`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres user. */
function asServerUser(command: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  const result = isRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

export type PostgresServer = { url(database: string): string; createDatabase(name: string): string; psql(database: string, sql: string): string; stop(): void };

export async function startPostgres(): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg-test-"));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  asServerUser(binary("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-locale", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  asServerUser(binary("pg_ctl"), ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const psql = (database: string, sql: string) =>
    execFileSync(binary("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(database), "-c", sql], { encoding: "utf8" });
  return {
    url,
    psql,
    createDatabase(name) {
      psql("postgres", `CREATE DATABASE "${name}"`);
      return url(name);
    },
    stop() {
      asServerUser(binary("pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The schema of `database` as pg_dump writes it: tables, indexes, constraints, nothing else. */
export function schemaDump(server: PostgresServer, database: string): string {
  const dump = execFileSync(
    binary("pg_dump"),
    ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", "-d", server.url(database)],
    { encoding: "utf8" },
  );
  return (
    dump
      .split("\n")
      // Comments, settings and the random \restrict key of each dump are not the schema.
      .filter((line) => !/^(--|SET |SELECT pg_catalog\.|\\(un)?restrict )/.test(line) && line.trim() !== "")
      .join("\n")
  );
}
