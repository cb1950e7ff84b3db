// Output of the benchmark: a table on the terminal and a section of docs/performance.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ScenarioGroup, ScenarioResult, Settings } from "./types";

const fmt = {
  rps: (n: number) => Math.round(n).toLocaleString("en-US"),
  // wrk's latencies, in milliseconds to 10 µs; whole ones (autocannon's) shown as they are.
  ms: (n: number) => (!Number.isFinite(n) ? "–" : Number.isInteger(n) ? String(n) : n < 10 ? n.toFixed(2) : n.toFixed(1)),
  int: (n: number) => n.toLocaleString("en-US"),
};

/** App req/s ÷ baseline req/s, as a percentage, or "" for baseline rows. */
export function ratio(result: ScenarioResult, all: ScenarioResult[]): string {
  if (!result.baselineId) return "";
  const base = all.find((r) => r.id === result.baselineId);
  if (!base || base.measurement.requestsPerSecond <= 0 || result.measurement.total === 0) return "–";
  return `${((result.measurement.requestsPerSecond / base.measurement.requestsPerSecond) * 100).toFixed(1)} %`;
}

/** Answers that were not what the scenario expects: non-2xx, or not its `expectStatus`. */
export function unexpected(result: ScenarioResult): number {
  const m = result.measurement;
  if (result.expectStatus === undefined) return m.non2xx;
  const expected = Array.isArray(result.expectStatus) ? result.expectStatus : [result.expectStatus];
  return m.total - expected.reduce((n, status) => n + (m.statusCounts[String(status)] ?? 0), 0);
}

const HEAD = ["Scenario", "Requests/s", "p50 ms", "p99 ms", "Unexpected", "Errors", "÷ same bytes on node:http", "÷ ceiling"];

/** Requests/s as a share of the run's ceiling (node:http serving a small static file). */
function ofCeiling(result: ScenarioResult, ceiling: number | undefined): string {
  if (!ceiling || result.id === "ceiling") return "";
  if (result.measurement.total === 0) return "–";
  // Runs at a fixed rate (autocannon) or figures that are not requests (mails a second): no ratio.
  if (result.measurement.sent === undefined) return "";
  return `${((result.measurement.requestsPerSecond / ceiling) * 100).toFixed(1)} %`;
}

function rows(results: ScenarioResult[], ceiling: number | undefined): string[][] {
  return results.map((r) => [
    r.label,
    fmt.rps(r.measurement.requestsPerSecond),
    fmt.ms(r.measurement.p50),
    fmt.ms(r.measurement.p99),
    fmt.int(unexpected(r)),
    fmt.int(r.measurement.errors),
    ratio(r, results),
    ofCeiling(r, ceiling),
  ]);
}

export function consoleTable(results: ScenarioResult[], ceiling?: number): string {
  const body = rows(results, ceiling);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(HEAD), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function markdownTable(results: ScenarioResult[], ceiling: number | undefined): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  return [
    `| ${HEAD.join(" | ")} |`,
    `| ${HEAD.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows(results, ceiling).map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}

export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || "unknown CPU";
  return `${cpus.length} cores (${model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function section(
  group: ScenarioGroup,
  results: ScenarioResult[],
  settings: Settings,
  date: Date,
  problems: string[] = [],
  load?: { before: number; after: number },
  ceiling?: number,
): string {
  const sizes = results
    .filter((r) => r.target === "app" && r.responseBytes !== undefined)
    .map((r) => `${r.label.replace(/ — app$/, "")}: ${fmt.int(r.responseBytes!)} bytes`);
  return [
    `## ${group.title}`,
    "",
    group.description,
    "",
    markdownTable(results, ceiling),
    "",
    ...results.flatMap((r) => [r.note ?? []].flat()).map((note) => `- ${note}`),
    ...(problems.length ? [`- **Problems in this run** (\`npm run bench\` exited with status 1): ${problems.join("; ")}.`] : []),
    "- Unexpected: answers with a status of 400 or more (wrk's count), or, where a scenario names the status it expects (302 for a " +
      "posted form), any other status; Errors: connection errors and timeouts (10 s). ÷ same bytes: the app's requests/s over the " +
      "node:http baseline's serving the bytes the app answered; ÷ ceiling: over node:http serving a small static file, in the same run.",
    `- Date: ${date.toISOString().replace(/\.\d+Z$/, "Z")} (UTC)`,
    `- Machine: ${machine()}` +
      (load
        ? `; load average (1 min) ${load.before.toFixed(2)} when the group started, ${load.after.toFixed(2)} when it ended ` +
          `(above ${os.cpus().length}, other processes were competing for the cores and the figures are noisier)`
        : ""),
    `- Settings: ${settings.connections} connections, ${settings.duration} s per scenario after a ` +
      `${settings.warmup} s warm-up run that is not recorded; the load generator (wrk, ${os.availableParallelism()} threads) and the servers ` +
      `(the app and the baseline on ${process.env.WEB_CONCURRENCY?.trim() || os.availableParallelism()} processes each) share this machine, over 127.0.0.1`,
    ...(sizes.length ? [`- Response sizes: ${sizes.join("; ")}`] : []),
    "",
    "To reproduce: `npm run bench` (a few minutes; `BENCH_GROUPS` picks groups). It builds the app (`BENCH_SKIP_BUILD=1` skips " +
      "that), migrates a new SQLite database in a temporary folder, starts the real server as `npm start` runs it " +
      "(`node --import tsx server.ts`: a supervisor and `WEB_CONCURRENCY` server processes; `NODE_ENV=production`, demo data loaded, worker off, `TRUST_PROXY=on`, " +
      `page cache TTL ${process.env.PAGE_CACHE_TTL_MS?.trim() || "5000 (default)"} ms from \`PAGE_CACHE_TTL_MS\`) and a plain ` +
      "`node:http` server replaying the app's recorded responses, runs wrk against both and " +
      "rewrites this section. `BENCH_CONNECTIONS` (default 50) and `BENCH_DURATION` (seconds, default 10) " +
      "change the load; the figures depend on the machine, so compare the ratios, not the raw requests per second.",
  ].join("\n");
}

const INTRO = `# Performance

\`npm run bench\` (scripts/bench.ts) measures the app's throughput and latency under load with
wrk: the real server (\`server.ts\`, production build, SQLite with the demo data) on this
machine. Raw requests per second depend on the machine, so each app figure is also given as a ratio
to a plain \`node:http\` server that serves the same bytes (recorded from the app: the body and
every header, security headers included), measured in the same run: 100 % would mean the app costs nothing beyond Node's own
HTTP handling. Each benchmark writes its own section below; the rest of this file is kept as is.
`;

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Per server process: each of the WEB_CONCURRENCY servers is one process like the one the target was set for. */
const MEMORY_TARGET = 300e6;
/** "Back near idle": at most this much above the idle reading. */
const NEAR_IDLE = 1.25;

type Rss = { bytes: number; processes: number; largest: number };

/** The memory readings of the app's server processes, for the terminal and for docs/performance.md. */
export function memorySection(m: {
  idle: Rss;
  after: Rss;
  later: Rss;
  peak: { bytes: number; largest: number };
  waitSeconds: number;
  date: Date;
  groups: string[];
}): { console: string; markdown: string } {
  const afterMet = m.after.largest <= MEMORY_TARGET;
  const laterMet = m.later.bytes <= m.idle.bytes * NEAR_IDLE;
  const table = [
    ["Reading", "All processes (supervisor + servers)", "Largest server process"],
    [`Idle, after start-up (${m.idle.processes} processes)`, MB(m.idle.bytes), MB(m.idle.largest)],
    ["Peak during the run (sampled every second)", MB(m.peak.bytes), MB(m.peak.largest)],
    [`After the groups (${m.after.processes} processes)`, MB(m.after.bytes), MB(m.after.largest)],
    [`${m.waitSeconds} s later`, MB(m.later.bytes), MB(m.later.largest)],
  ];
  const verdicts =
    `after the groups the largest server process ${MB(m.after.largest)} (target ≤ ${MB(MEMORY_TARGET)} per process): ${afterMet ? "met" : "NOT met"}; ` +
    `${m.waitSeconds} s later all processes ${MB(m.later.bytes)} (target: at most ${Math.round((NEAR_IDLE - 1) * 100)} % above idle, ≤ ${MB(m.idle.bytes * NEAR_IDLE)}): ${laterMet ? "met" : "NOT met"}`;
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c].length)));
  return {
    console: [
      "Memory",
      "",
      ...table.map(([a, b, c]) => `${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c.padStart(widths[2])}`),
      "",
      `- ${verdicts}`,
    ].join("\n"),
    markdown: [
      "## Memory of the server processes",
      "",
      "The resident set (RSS, from /proc) of the process the benchmark started and all its descendants: the supervisor and its " +
        "`WEB_CONCURRENCY` server processes, together and the largest server process alone. Read idle (after start-up, before any load), every second during the groups " +
        `(${m.groups.join(", ")}) for the peak, after the last group, and again after \`BENCH_MEMORY_WAIT\` seconds without load.`,
      "",
      `| ${table[0].join(" | ")} |`,
      "| --- | ---: | ---: |",
      ...table.slice(1).map((r) => `| ${r.join(" | ")} |`),
      "",
      `- Targets: ${verdicts}.`,
      `- Date: ${m.date.toISOString().replace(/\.\d+Z$/, "Z")} (UTC); machine: ${machine()}`,
    ].join("\n"),
  };
}

/** Replaces (or appends) the section between the group's markers; everything else is kept. */
export function writeSection(file: string, markers: string, content: string) {
  const start = `<!-- bench:${markers}:start -->`;
  const end = `<!-- bench:${markers}:end -->`;
  const block = `${start}\n${content}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : INTRO;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from !== -1 && to > from) {
    text = text.slice(0, from) + block + text.slice(to + end.length);
  } else {
    text = `${text.replace(/\s*$/, "")}\n\n${block}\n`;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
