// `npm run bench`: load-tests the real server (as `npm start` runs it: WEB_CONCURRENCY processes
// under a supervisor) with wrk against a plain node:http baseline serving the same bytes on as
// many processes, prints a table and rewrites the matching sections of docs/performance.md.
//
//   BENCH_CONNECTIONS   concurrent connections (default 50); wrk runs one thread per core
//   BENCH_DURATION      seconds per measured run (default 10), after a 2 s warm-up (BENCH_WARMUP)
//   BENCH_SKIP_BUILD    1 = use the existing build/ instead of running `npm run build`
//   BENCH_GROUPS        comma-separated scenario group names to run (default: all); the
//                       "foundation" group (the ceiling and /healthz) always runs first
//   BENCH_MEMORY_WAIT   seconds between the end of the groups and the last memory reading (default 60)
//   WEB_CONCURRENCY     server processes of the app and of the baseline (default: the number of cores)
//   PAGE_CACHE_TTL_MS   passed on to the server (0 measures without the anonymous page cache)
//
// Every run first measures its ceiling — node:http serving a small static file — and fails, with a
// line saying so, if the baseline serving the app's /healthz bytes reaches less than half of it.
//
// The server runs with TRUST_PROXY=on: the posting scenario sends each request from its own
// X-Forwarded-For address, so the per-IP comment limit does not cap the measured throughput.
//
// Scenario groups live in scripts/bench/scenarios.ts. Exit status: 0 on success; 1 if the build,
// the migrations or the server failed, or a scenario saw errors or unexpected responses (its
// section is still written, listing them, unless a scenario got no answers at all).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import { createPacedCannon } from "./bench/cannon";
import { rssSampler, treeRss } from "./bench/memory";
import { freePort, run, startApp, startBaseline, stop, stopAll } from "./bench/processes";
import { consoleTable, memorySection, section, unexpected, writeSection } from "./bench/report";
import { foundation, scenarioGroups } from "./bench/scenarios";
import { createWrk } from "./bench/wrk";
import { statement } from "./bench/statement";
import type { BenchContext, RecordedResponse, ScenarioGroup, ScenarioResult, Settings } from "./bench/types";

export { scenarioGroups } from "./bench/scenarios";
export type * from "./bench/types";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const docsFile = path.join(root, "docs", "performance.md");

function log(message: string) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function numberFromEnv(name: string, fallback: number, { integer = false, min = 0 } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${integer ? "an integer" : "a number"} >= ${min}, not "${raw}"`);
  }
  return value;
}

function settingsFromEnv(): Settings {
  return {
    connections: numberFromEnv("BENCH_CONNECTIONS", 50, { integer: true, min: 1 }),
    duration: numberFromEnv("BENCH_DURATION", 10, { min: 1 }),
    warmup: numberFromEnv("BENCH_WARMUP", 2, { min: 0 }),
  };
}

/** What `npm start` would run: WEB_CONCURRENCY, or one process per core. */
function serverProcesses(): number {
  return numberFromEnv("WEB_CONCURRENCY", os.availableParallelism(), { integer: true, min: 1 });
}

/** The shared groups (scripts/bench/scenarios.ts) and the final statement's (scripts/bench/statement.ts). */
const allGroups: ScenarioGroup[] = [...scenarioGroups, statement];

function selectedGroups(): ScenarioGroup[] {
  const wanted = (process.env.BENCH_GROUPS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return allGroups;
  const unknown = wanted.filter((name) => !allGroups.some((g) => g.name === name));
  if (unknown.length) throw new Error(`Unknown BENCH_GROUPS: ${unknown.join(", ")}`);
  // The ceiling is measured in every run: without it no figure can be trusted.
  return allGroups.filter((g) => g === foundation || wanted.includes(g.name));
}

/** The server's environment: this process's, minus app settings that could point elsewhere. */
function serverEnvironment(own: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const key of ["SMTP_URL", "MAIL_FROM", "MAIL_MAX_ATTEMPTS", "TRUST_PROXY"]) delete inherited[key];
  return { ...inherited, ...own };
}

/**
 * One request, answered bytes kept exactly as sent (a gzip body stays compressed: fetch() would
 * inflate it), with the headers the baseline needs to send the same thing.
 */
/** Headers node:http sets on its own (or that describe the connection, not the response). */
const NOT_REPLAYED = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

function record(target: string, init?: RequestInit): Promise<RecordedResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const body = init?.body === undefined || init.body === null ? undefined : Buffer.from(String(init.body));
    const request = http.request(target, { method: init?.method ?? "GET", headers, timeout: 60_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        // The baseline answers with the same bytes: the body and every header the app sent (its
        // nonce and validators as recorded), but those node:http writes itself.
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === "string" && !NOT_REPLAYED.has(name)) kept[name] = value;
        }
        resolve({ status: response.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks) });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`${target} did not answer within 60 s`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** Problems that make the run fail: connection errors or non-2xx answers where 2xx was expected. */
function problems(results: ScenarioResult[]): string[] {
  const found: string[] = [];
  for (const r of results) {
    if (r.expect2xx === false) continue;
    const m = r.measurement;
    if (m.errors > 0) found.push(`${r.label}: ${m.errors} connection errors (${m.timeouts} timeouts)`);
    const wrong = unexpected(r);
    if (wrong > 0) {
      const counts = Object.entries(m.statusCounts)
        .map(([code, n]) => `${n} × ${code}`)
        .join(", ");
      found.push(`${r.label}: ${wrong} responses other than ${[r.expectStatus ?? "2xx"].flat().join(" or ")} (${counts})`);
    }
    found.push(...(r.problems ?? []));
    if (m.total === 0) found.push(`${r.label}: no responses at all`);
  }
  return found;
}

let tmpDir: string | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const settings = settingsFromEnv();
  const groups = selectedGroups();

  if (process.env.BENCH_SKIP_BUILD === "1") {
    log("BENCH_SKIP_BUILD=1: using the existing build");
  } else {
    log("Building (npm run build: the app and its precompressed assets)");
    await run(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: root, timeoutMs: 5 * 60_000 });
  }
  if (!fs.existsSync(path.join(root, "build", "index.js"))) throw new Error("build/index.js is missing: run without BENCH_SKIP_BUILD");

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "consultations-bench-"));
  const databaseUrl = `file:${path.join(tmpDir, "bench.db")}`;
  log(`Migrating a new database in ${tmpDir}`);
  await run("npx", ["prisma", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeoutMs: 2 * 60_000,
  });

  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const processes = serverProcesses();
  const own: Record<string, string> = {
    PORT: String(appPort),
    WEB_CONCURRENCY: String(processes),
    DATABASE_URL: databaseUrl,
    MAIL_DIR: path.join(tmpDir, "mail"),
    APP_URL: appUrl,
    NODE_ENV: "production",
    DEMO_DATA: "on",
    WORKER: "off",
    // Comment posting is measured from many client addresses (X-Forwarded-For), as behind a proxy.
    TRUST_PROXY: "on",
    SESSION_SECRET: "benchmark-only-session-secret-0123456789",
  };
  log(`Starting the app on ${appUrl} (${processes} server process${processes === 1 ? "" : "es"})`);
  const logFile = path.join(tmpDir, "server.log");
  const server = await startApp({ cwd: root, env: serverEnvironment(own), origin: appUrl, logFile, timeoutMs: 60_000 });

  const baselinePort = await freePort();
  const { baseline } = await startBaseline(baselinePort, { processes });
  log(`Baseline node:http server on ${baseline.url} (${processes} process${processes === 1 ? "" : "es"})`);

  const ctx: BenchContext = {
    appUrl,
    baseline,
    settings,
    processes,
    serverEnv: own,
    tmpDir,
    record,
    load: createWrk(settings, tmpDir),
    paced: createPacedCannon(settings),
    async startAppWith(env) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const child = await startApp({
        cwd: root,
        env: serverEnvironment({ ...own, ...env, PORT: String(port), APP_URL: origin }),
        origin,
        logFile: path.join(tmpDir!, `server-${port}.log`),
        timeoutMs: 60_000,
      });
      return { url: origin, stop: () => stop(child) };
    },
    log,
  };

  // Memory: the supervisor and its servers, idle (before any load), at the peak, after the groups.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = treeRss(server.pid!);
  const sampler = rssSampler(server.pid!);
  log(`Server processes idle: ${idle.processes} processes, ${(idle.bytes / 1e6).toFixed(0)} MB RSS`);

  log(`${settings.connections} connections (wrk, one thread per core), ${settings.warmup} s warm-up + ${settings.duration} s per scenario`);
  const date = new Date();
  const failures: string[] = [];
  for (const group of groups) {
    log(`Group "${group.name}"`);
    const loadBefore = os.loadavg()[0];
    let results: ScenarioResult[];
    try {
      results = await group.run(ctx);
    } catch (error) {
      console.error(`Group "${group.name}" failed. Server log (last lines):`);
      console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n"));
      throw error;
    }
    const load = { before: loadBefore, after: os.loadavg()[0] };
    console.log(`\n${group.title}\n\n${consoleTable(results, ctx.ceiling)}\n`);
    for (const note of results.flatMap((r) => [r.note ?? []].flat())) console.log(`- ${note.replace(/\*\*/g, "")}`);
    const found = problems(results);
    failures.push(...found);
    if (results.some((r) => r.measurement.total === 0)) {
      // Something is broken (no answers at all): keep the last good figures.
      log(`Not writing the "${group.markers}" section of docs/performance.md: a scenario got no answers`);
    } else {
      // Errors under load (timeouts, refusals) are findings: the section lists them with the figures.
      writeSection(docsFile, group.markers, section(group, results, settings, date, found, load, ctx.ceiling));
      log(`Wrote the "${group.markers}" section of ${path.relative(root, docsFile)}${found.length ? " (with its problems)" : ""}`);
    }
  }
  const after = treeRss(server.pid!);
  const memoryWait = numberFromEnv("BENCH_MEMORY_WAIT", 60, { min: 0 });
  log(`Server processes after the groups: ${(after.bytes / 1e6).toFixed(0)} MB RSS; reading again in ${memoryWait} s`);
  await new Promise((resolve) => setTimeout(resolve, memoryWait * 1000));
  const later = treeRss(server.pid!);
  sampler.stop();
  const memory = memorySection({ idle, after, later, peak: sampler.peak(), waitSeconds: memoryWait, date, groups: groups.map((g) => g.name) });
  console.log(`\n${memory.console}\n`);
  writeSection(docsFile, "memory", memory.markdown);
  log(`Wrote the "memory" section of ${path.relative(root, docsFile)}`);

  if (failures.length) {
    console.error(`\nThe benchmark failed:\n  ${failures.join("\n  ")}\nServer log (last lines):`);
    console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n"));
    return 1;
  }
  return 0;
}

// Only when run as the entry point (`npm run bench`), not when imported for its exports.
if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  // A watchdog: the whole run is bounded even if something hangs.
  const watchdog = setTimeout(() => {
    console.error("The benchmark did not finish within 30 minutes; stopping.");
    void cleanup().finally(() => process.exit(1));
  }, 30 * 60_000);
  watchdog.unref();

  let status = 1;
  try {
    status = await main();
  } catch (error) {
    const cause = error instanceof Error && error.cause ? ` (${error.cause instanceof Error ? error.cause.message : String(error.cause)})` : "";
    console.error(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}`);
    status = 1;
  } finally {
    await cleanup();
  }
  process.exit(status);
}
