// Small pieces several scenario groups share: the repository's folder, number formatting, the
// posted form of a benchmark comment, and starting a background worker process.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { stop, tail, track } from "./processes";

export const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..", "..");

export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A distinct X-Forwarded-For address per post (the per-address limit is 30 a minute). */
export function ipFor(n: number): string {
  return `172.${16 + ((n >>> 16) & 15)}.${(n >>> 8) & 255}.${n & 255}`;
}

const POST_BODIES = [
  "We support the proposal; our resolvers already validate algorithm 13.",
  "Two questions:\n\n- Will the pre-publication period be at least 30 days?\n- Who confirms the rollback criteria were met?",
  "**Concern:** the window overlaps the end-of-year change freeze. Please move the first milestone by two weeks.",
];

/** The form body of the `i`th benchmark comment, under its own idempotency key. */
export function postBody(i: number, idempotencyKey: string): string {
  return new URLSearchParams({
    intent: "post",
    bodyMd: `${POST_BODIES[i % POST_BODIES.length]}\n\n(Benchmark comment ${i + 1}.)`,
    idempotencyKey,
    website: "",
  }).toString();
}

/** Process ids of the children of `pid`, over all its threads (a supervisor's server processes). */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    /* the process is gone */
  }
  return found;
}

/** Starts `scripts/worker.ts` with `env` (output to `logFile`) and waits until it says it has started. */
export async function startWorker(env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const log = fs.openSync(logFile, "a");
  const child = track(
    spawn(process.execPath, ["--import", "tsx", ...nodeArgs, "scripts/worker.ts"], { cwd: root, env, stdio: ["ignore", log, log], detached: true }),
  );
  fs.closeSync(log);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`A worker exited before starting:\n${tail(logFile)}`);
    if (fs.readFileSync(logFile, "utf8").includes("Worker started")) return child;
    await sleep(100);
  }
  await stop(child);
  throw new Error(`A worker did not start within 60 s:\n${tail(logFile)}`);
}
