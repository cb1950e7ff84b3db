// The load generator: wrk (Debian package `wrk`, written in C, one thread per core), driven with a
// Lua script written for each run. A static request is prepared once by wrk itself; per-request
// variation (a unique idempotency key, a cookie and an X-Forwarded-For address per POST) is built
// in the script's request() function. The script's done() prints the run's figures as one JSON
// line: totals, errors and wrk's latency histogram (the one `--latency` prints) at p50 and p99.
//
// Answer statuses: wrk itself only counts answers with status >= 400 (its "Non-2xx or 3xx"). A run
// that needs every status (a POST expecting 302) or the Location of each answer asks for
// `track`, which adds a response() callback: that makes wrk hand every body to Lua, so it is left
// out of the GET runs, where it would slow the generator down.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoadOptions, Measurement, Settings } from "./types";

export const WRK = "/usr/bin/wrk";

/** A Lua string literal (long-bracket form: no escaping needed). */
function lua(value: string): string {
  let level = 0;
  while (value.includes(`]${"=".repeat(level)}]`)) level++;
  const eq = "=".repeat(level);
  // A leading newline right after the opening bracket would be dropped by Lua.
  return `[${eq}[${value.startsWith("\n") ? "\n" : ""}${value}]${eq}]`;
}

function luaTable(values: string[]): string {
  return `{ ${values.map(lua).join(", ")} }`;
}

function luaHeaders(headers: Record<string, string>): string {
  return `{ ${Object.entries(headers)
    .map(([name, value]) => `[ ${lua(name)} ] = ${lua(value)}`)
    .join(", ")} }`;
}

/** The Lua script of one run. */
export function wrkScript(options: LoadOptions): string {
  const target = new URL(options.url);
  const headers = { ...(options.headers ?? {}) };
  const lines: string[] = [
    "local threads = {}",
    "function setup(thread)",
    "  thread:set('thread_index', #threads)",
    "  table.insert(threads, thread)",
    "end",
    "function init(args)",
    "  sent = 0",
    "  statuses = {}",
    "  locations = {}",
    "end",
  ];
  const each = options.perRequest;
  if (each) {
    // Every request built here: the number n is unique over all threads of the run.
    lines.push(
      `local bodies = ${luaTable(each.bodies)}`,
      `local cookies = ${luaTable(each.cookies ?? [])}`,
      `local headers = ${luaHeaders(headers)}`,
      `local path = ${lua(target.pathname + target.search)}`,
      `local method = ${lua(options.method ?? "POST")}`,
      "function request()",
      "  sent = sent + 1",
      "  local n = thread_index * 10000000 + sent",
      "  local h = {}",
      "  for k, v in pairs(headers) do h[k] = v end",
      "  if #cookies > 0 then h['Cookie'] = cookies[(n % #cookies) + 1] end",
      ...(each.forwardedFor ? ["  h['X-Forwarded-For'] = string.format('10.%d.%d.%d', math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)"] : []),
      "  local body = string.gsub(bodies[(n % #bodies) + 1], '__N__', tostring(n))",
      "  return wrk.format(method, path, h, body)",
      "end",
    );
  } else {
    lines.push(
      `wrk.method = ${lua(options.method ?? "GET")}`,
      ...Object.entries(headers).map(([name, value]) => `wrk.headers[ ${lua(name)} ] = ${lua(value)}`),
      ...(options.body !== undefined ? [`wrk.body = ${lua(options.body)}`] : []),
    );
  }
  if (options.track) {
    lines.push(
      "function response(status, headers, body)",
      "  statuses[status] = (statuses[status] or 0) + 1",
      "  local location = headers['Location'] or headers['location']",
      "  if location then table.insert(locations, location) end",
      "end",
    );
  }
  lines.push(
    // A small JSON writer: numbers, strings and (nested) tables of them.
    "local function json(v)",
    "  local t = type(v)",
    "  if t == 'number' then return string.format('%.17g', v) end",
    "  if t == 'string' then return (string.format('%q', v):gsub('\\\\\\n', '\\\\n')) end",
    "  if t == 'table' then",
    "    if #v > 0 or next(v) == nil then",
    "      local out = {}",
    "      for _, x in ipairs(v) do table.insert(out, json(x)) end",
    "      return '[' .. table.concat(out, ',') .. ']'",
    "    end",
    "    local out = {}",
    "    for k, x in pairs(v) do table.insert(out, json(tostring(k)) .. ':' .. json(x)) end",
    "    return '{' .. table.concat(out, ',') .. '}'",
    "  end",
    "  return 'null'",
    "end",
    "function done(summary, latency, requests)",
    "  local statusesAll, locationsAll, sentAll = {}, {}, 0",
    "  for _, thread in ipairs(threads) do",
    "    sentAll = sentAll + (thread:get('sent') or 0)",
    "    for code, count in pairs(thread:get('statuses') or {}) do",
    "      statusesAll[tostring(code)] = (statusesAll[tostring(code)] or 0) + count",
    "    end",
    "    for _, l in ipairs(thread:get('locations') or {}) do table.insert(locationsAll, l) end",
    "  end",
    "  io.write('BENCH_JSON ' .. json({",
    "    requests = summary.requests, duration = summary.duration, bytes = summary.bytes,",
    "    connect = summary.errors.connect, read = summary.errors.read, write = summary.errors.write,",
    "    status = summary.errors.status, timeout = summary.errors.timeout,",
    "    p50 = latency:percentile(50), p99 = latency:percentile(99), mean = latency.mean, max = latency.max,",
    "    sent = sentAll, statuses = statusesAll, locations = locationsAll,",
    "  }) .. '\\n')",
    "end",
  );
  return lines.join("\n") + "\n";
}

type WrkReport = {
  requests: number;
  duration: number;
  bytes: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p99: number;
  sent: number;
  statuses: Record<string, number> | unknown[];
  locations: string[];
};

/** Threads of the generator: one per core (at most one per connection). */
export function wrkThreads(connections: number): number {
  return Math.max(1, Math.min(os.availableParallelism(), connections));
}

async function once(options: LoadOptions, connections: number, seconds: number, scriptDir: string): Promise<{ report: WrkReport; output: string }> {
  const target = new URL(options.url);
  if (target.hostname !== "127.0.0.1") throw new Error(`Benchmark traffic must go to 127.0.0.1, not ${target.host}`);
  const script = path.join(scriptDir, `wrk-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.lua`);
  fs.writeFileSync(script, wrkScript(options));
  const args = [
    "-t",
    String(wrkThreads(connections)),
    "-c",
    String(connections),
    "-d",
    `${seconds}s`,
    "--timeout",
    "10s",
    "--latency",
    "-s",
    script,
    options.url,
  ];
  try {
    const child = spawn(WRK, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const guard = setTimeout(() => child.kill("SIGKILL"), (seconds + 30) * 1000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    }).finally(() => clearTimeout(guard));
    const line = output.split("\n").find((l) => l.startsWith("BENCH_JSON "));
    if (code !== 0 || !line) throw new Error(`\`wrk ${args.join(" ")}\` failed (exit code ${code}):\n${output}`);
    return { report: JSON.parse(line.slice("BENCH_JSON ".length)) as WrkReport, output };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/** wrk's latencies are in microseconds; the tables show milliseconds. */
const ms = (us: number) => Math.round(us / 10) / 100;

export function createWrk(settings: Settings, scriptDir: string) {
  return async function load(options: LoadOptions): Promise<Measurement> {
    const connections = options.connections ?? settings.connections;
    const duration = options.duration ?? settings.duration;
    let warmup: Measurement["warmup"];
    if (settings.warmup > 0 && !options.noWarmup) {
      const { report } = await once(options, connections, settings.warmup, scriptDir);
      warmup = { total: report.requests, errors: report.connect + report.read + report.write + report.timeout, timeouts: report.timeout, sent: report.sent };
    }
    const { report } = await once(options, connections, duration, scriptDir);
    const seconds = report.duration / 1e6;
    // An empty Lua table is written as [] (it cannot tell): no statuses tracked.
    const statusCounts = Array.isArray(report.statuses) ? {} : report.statuses;
    return {
      requestsPerSecond: report.requests / seconds,
      p50: ms(report.p50),
      p99: ms(report.p99),
      total: report.requests,
      non2xx: options.track ? Object.entries(statusCounts).reduce((n, [code, count]) => (code.startsWith("2") ? n : n + count), 0) : report.status,
      errors: report.connect + report.read + report.write + report.timeout,
      timeouts: report.timeout,
      durationSeconds: seconds,
      statusCounts: options.track ? statusCounts : { "<400": report.requests - report.status, ">=400": report.status },
      sent: report.sent,
      locations: report.locations,
      warmup,
    };
  };
}
