// Memory of the app's server processes: the resident set (RSS) of the process the benchmark
// started and of all its descendants (the supervisor and its WEB_CONCURRENCY servers), read from
// /proc, sampled once a second while the benchmark runs to keep the peak.
import fs from "node:fs";
import { childrenOf } from "./helpers";

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export type TreeRss = {
  /** All the processes together. */
  bytes: number;
  processes: number;
  /** The largest server process (a descendant; `pid` itself when it has none). */
  largest: number;
};

/** RSS in bytes of `pid` and every descendant, how many processes that is, and the largest server's. */
export function treeRss(pid: number): TreeRss {
  const seen = new Set<number>();
  const queue = [pid];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...childrenOf(next));
  }
  let bytes = 0;
  let largest = 0;
  let processes = 0;
  for (const p of seen) {
    const rss = rssOf(p);
    bytes += rss;
    if (rss > 0) processes++;
    if (p !== pid || seen.size === 1) largest = Math.max(largest, rss);
  }
  return { bytes, processes, largest };
}

/** Samples treeRss(pid) every second; peak() is the highest seen so far (all, and the largest server). */
export function rssSampler(pid: number) {
  const peak = { bytes: 0, largest: 0 };
  const sample = () => {
    const now = treeRss(pid);
    peak.bytes = Math.max(peak.bytes, now.bytes);
    peak.largest = Math.max(peak.largest, now.largest);
  };
  sample();
  const timer = setInterval(sample, 1_000);
  timer.unref();
  return {
    peak: () => ({ ...peak }),
    stop: () => clearInterval(timer),
  };
}
