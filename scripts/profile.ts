// `npm run profile`: a CPU profile of the signed-in consultation page. Starts one server process
// (`WEB_CONCURRENCY=1 node --cpu-prof server.ts`, production build, a new database with the
// benchmark's 1,000-comment consultation), loads the page as a signed-in reader with wrk for
// PROFILE_DURATION seconds (default 10) after a 2 s warm-up, stops the server (which writes the
// profile) and prints the self time of the samples taken during the load, grouped by package —
// Prisma, React DOM, Remix, turbo-stream, Node's internals, GC, the app's own code — with the
// heaviest functions. The summary replaces the "profile" section of docs/performance.md.
//
//   PROFILE_PAGE        signed-in (default) | cached-gzip: the anonymous page from the page cache,
//                       with Accept-Encoding: gzip (its own "profile-cached" section)
//   PROFILE_DURATION    seconds of load (default 10)
//   PROFILE_KEEP        a folder to copy the .cpuprofile into (it opens in Chrome's DevTools)
//   BENCH_SKIP_BUILD    1 = use the existing build/
//   BENCH_CONNECTIONS   concurrent connections (default 50)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import { buildCommentPeriod } from "./bench/comment-period-data";
import { positiveFromEnv } from "./bench/measure";
import { freePort, run, startApp, stop, stopAll } from "./bench/processes";
import { machine, writeSection } from "./bench/report";
import { createWrk } from "./bench/wrk";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const buildFile = path.join(root, "build", "index.js");

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

function log(message: string) {
  console.log(`[profile ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** CPU seconds (user + system) the process has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of the line (utime, stime), counted after the command's closing parenthesis.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The module each line of build/index.js came from: esbuild starts each bundled module with a
 * `// <path>` comment, so the generated Prisma client (app/generated) is told apart from the app.
 */
function bundleModules(): { line: number; module: string }[] {
  const lines = fs.readFileSync(buildFile, "utf8").split("\n");
  const found: { line: number; module: string }[] = [];
  lines.forEach((text, i) => {
    const match = /^\/\/ ((?:app|emails|node_modules)\/\S+\.(?:tsx?|m?js))$/.exec(text);
    if (match) found.push({ line: i, module: match[1] });
  });
  return found;
}

/** The package (or kind of time) a sample's function belongs to. */
function groupOf(frame: ProfileNode["callFrame"], modules: { line: number; module: string }[]): string {
  const name = frame.functionName;
  if (name === "(garbage collector)") return "GC";
  if (name === "(idle)") return "(idle)";
  if (name === "(program)") return "(program: native code outside JS)";
  const where = frame.url;
  if (where.startsWith("wasm://")) return "prisma";
  const nodeModules = where.lastIndexOf("/node_modules/");
  if (nodeModules !== -1) {
    const rest = where.slice(nodeModules + "/node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "prisma" || pkg.startsWith("@prisma/")) return "prisma";
    if (pkg.startsWith("@remix-run/")) return "@remix-run";
    return pkg;
  }
  if (where === "" || where.startsWith("node:")) return "node internals";
  if (url.pathToFileURL(buildFile).href === where) {
    let module = "app";
    for (const m of modules) {
      if (m.line > frame.lineNumber) break;
      module = m.module;
    }
    if (module.startsWith("app/generated/")) return "prisma";
    if (module.startsWith("node_modules/")) return groupOf({ ...frame, url: `/${module}` }, modules);
    return "app code";
  }
  return "app code";
}

type Summary = {
  groups: { group: string; ms: number }[];
  functions: { name: string; group: string; ms: number }[];
  busyMs: number;
  idleMs: number;
  samples: number;
};

/** Self time of the samples between `from` and `to` (µs of the profile's clock). */
function summarize(profile: Profile, from: number, to: number, modules: { line: number; module: string }[]): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByNode = new Map<number, number>();
  let t = profile.startTime;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one.
    const span = profile.timeDeltas[i + 1] ?? 0;
    selfByNode.set(profile.samples[i], (selfByNode.get(profile.samples[i]) ?? 0) + span);
    samples++;
  }
  const groups = new Map<string, number>();
  const functions = new Map<string, { name: string; group: string; ms: number }>();
  for (const [id, us] of selfByNode) {
    const node = byId.get(id)!;
    const group = groupOf(node.callFrame, modules);
    groups.set(group, (groups.get(group) ?? 0) + us / 1000);
    const file = node.callFrame.url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*\/(build|app|scripts)\//, "$1/");
    const name = `${node.callFrame.functionName || "(anonymous)"} ${file ? `(${file}:${node.callFrame.lineNumber + 1})` : ""}`.trim();
    const entry = functions.get(name) ?? { name, group, ms: 0 };
    entry.ms += us / 1000;
    functions.set(name, entry);
  }
  const idleMs = groups.get("(idle)") ?? 0;
  groups.delete("(idle)");
  const busyMs = [...groups.values()].reduce((a, b) => a + b, 0);
  return {
    groups: [...groups].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].filter((f) => f.group !== "(idle)").sort((a, b) => b.ms - a.ms),
    busyMs,
    idleMs,
    samples,
  };
}

function tables(summary: Summary, pages: number): string {
  const share = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1)} %`;
  const perPage = (ms: number) => Math.round((ms / pages) * 1000).toLocaleString("en-US");
  return [
    "| Where the CPU went (self time) | ms | share of busy time | µs per page |",
    "| --- | ---: | ---: | ---: |",
    ...summary.groups.map((g) => `| ${g.group} | ${Math.round(g.ms).toLocaleString("en-US")} | ${share(g.ms)} | ${perPage(g.ms)} |`),
    `| **all (busy)** | **${Math.round(summary.busyMs).toLocaleString("en-US")}** | 100 % | **${perPage(summary.busyMs)}** |`,
    "",
    "| Heaviest functions (self time) | group | share |",
    "| --- | --- | ---: |",
    ...summary.functions.slice(0, 15).map((f) => `| \`${f.name.replace(/\|/g, "\\|")}\` | ${f.group} | ${share(f.ms)} |`),
  ].join("\n");
}

/** What is profiled: the signed-in page (rendered per request) or the cached anonymous page. */
const PAGES = {
  "signed-in": { section: "profile", title: "the signed-in consultation page", reader: "signed in", what: "the signed-in page" },
  "cached-gzip": {
    section: "profile-cached",
    title: "the cached anonymous page (gzip)",
    reader: "anonymous, Accept-Encoding: gzip",
    what: "the anonymous page, from the page cache, gzip,",
  },
} as const;

function pageFromEnv(): keyof typeof PAGES {
  const name = process.env.PROFILE_PAGE ?? "signed-in";
  if (!(name in PAGES)) throw new Error(`PROFILE_PAGE must be one of ${Object.keys(PAGES).join(", ")}`);
  return name as keyof typeof PAGES;
}

/** A page's CPU time, in ms or, below one, in µs. */
function cpuPerPage(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(1)} ms` : `${Math.round(ms * 1000)} µs`;
}

async function main(): Promise<number> {
  const pageKind = pageFromEnv();
  const about = PAGES[pageKind];
  const duration = positiveFromEnv("PROFILE_DURATION", 10);
  const connections = Math.round(positiveFromEnv("BENCH_CONNECTIONS", 50));
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    log("Building (npm run build)");
    await run(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: root, timeoutMs: 5 * 60_000 });
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "consultations-profile-"));
  try {
    const databaseUrl = `file:${path.join(tmpDir, "profile.db")}`;
    await run("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeoutMs: 2 * 60_000 });
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MAIL_DIR: path.join(tmpDir, "mail"),
      APP_URL: origin,
      NODE_ENV: "production",
      DEMO_DATA: "on",
      WORKER: "off",
      WEB_CONCURRENCY: "1",
      SESSION_SECRET: "benchmark-only-session-secret-0123456789",
    };
    const profileDir = path.join(tmpDir, "cpu");
    log(`Starting one server with --cpu-prof on ${origin}`);
    const server = await startApp({
      cwd: root,
      env: { ...process.env, ...env },
      origin,
      logFile: path.join(tmpDir, "server.log"),
      timeoutMs: 60_000,
      nodeArgs: ["--cpu-prof", "--cpu-prof-dir", profileDir],
    });
    const data = await buildCommentPeriod({ env, appUrl: origin, posters: 0 });
    const page = `${origin}/consultations/${data.slug}`;
    await data.close();
    const load = createWrk({ connections, duration, warmup: 2 }, tmpDir);
    const headers: Record<string, string> = pageKind === "signed-in" ? { cookie: data.readerCookie } : { "accept-encoding": "gzip" };
    log(`Loading ${page} ${about.reader}: 2 s warm-up, then ${duration} s profiled, ${connections} connections`);
    // The profile's clock is the monotonic one process.hrtime reads: only the load's samples count.
    await load({ url: page, headers, noWarmup: true, duration: 2 });
    const from = Number(process.hrtime.bigint() / 1000n);
    const cpuBefore = cpuSeconds(server.pid!);
    const m = await load({ url: page, headers, noWarmup: true });
    const to = Number(process.hrtime.bigint() / 1000n);
    // The profile's samples are wall time: a process waiting for a core still collects them. The
    // CPU time the kernel counted says what a page really costs.
    const cpuMs = (cpuSeconds(server.pid!) - cpuBefore) * 1000;
    log(`${Math.round(m.requestsPerSecond)} pages/s, p99 ${m.p99} ms, ${((cpuMs * 1000) / m.total).toFixed(0)} µs of CPU per page; stopping the server`);
    await stop(server);
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`The server wrote no profile into ${profileDir}`);
    if (process.env.PROFILE_KEEP) {
      fs.mkdirSync(process.env.PROFILE_KEEP, { recursive: true });
      fs.copyFileSync(path.join(profileDir, file), path.join(process.env.PROFILE_KEEP, file));
      log(`Profile kept as ${path.join(process.env.PROFILE_KEEP, file)}`);
    }
    const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), "utf8")) as Profile;
    const summary = summarize(profile, from, to, bundleModules());
    if (summary.samples === 0) throw new Error("No samples fell within the load: the profile's clock did not match");
    const pages = m.total;
    const body = tables(summary, pages);
    console.log(`\n${body}\n`);
    const idleShare = (summary.idleMs / (summary.idleMs + summary.busyMs)) * 100;
    writeSection(
      path.join(root, "docs", "performance.md"),
      about.section,
      [
        `## CPU profile of ${about.title}`,
        "",
        `\`${pageKind === "signed-in" ? "" : `PROFILE_PAGE=${pageKind} `}npm run profile\`: one server process (\`WEB_CONCURRENCY=1 node --cpu-prof\`), ${about.what} of the 1,000-comment ` +
          `consultation loaded by wrk for ${duration} s (${connections} connections, after a 2 s warm-up); the self time of the ` +
          `samples taken during the load, grouped by where the function lives (\`app/generated\` — the Prisma client — and its query ` +
          `compiler's WebAssembly count as prisma). ${pages.toLocaleString("en-US")} pages (${Math.round(m.requestsPerSecond)} a second, p99 ${m.p99} ms); ` +
          `the process was idle ${idleShare.toFixed(1)} % of the time. The samples are wall time: while the process waits for a core ` +
          `(on a busy machine) they still count, so the kernel's count of the process's CPU time is given too: ` +
          `**${cpuPerPage(cpuMs / pages)} of CPU per page** (${Math.round(cpuMs).toLocaleString("en-US")} ms in ${m.durationSeconds.toFixed(1)} s).`,
        "",
        body,
        "",
        `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} (UTC); machine: ${machine()}; load average (1 min) ${os.loadavg()[0].toFixed(2)} at the end`,
      ].join("\n"),
    );
    log(`Wrote the "${about.section}" section of docs/performance.md`);
    return 0;
  } finally {
    await stopAll();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

try {
  process.exit(await main());
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await stopAll();
  process.exit(1);
}
