// Memory of the app's server processes: the resident set (RSS) of the process the benchmark
// started and of all its descendants (the supervisor and its WEB_CONCURRENCY servers), read from
// /proc, sampled once a second while the benchmark runs to keep the peak.
import fs from "node:fs";

function childrenOf(pid: number): number[] {
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

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** RSS in bytes of `pid` and every descendant, and how many processes that is. */
export function treeRss(pid: number): { bytes: number; processes: number } {
  const seen = new Set<number>();
  const queue = [pid];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...childrenOf(next));
  }
  let bytes = 0;
  for (const p of seen) bytes += rssOf(p);
  return { bytes, processes: [...seen].filter((p) => rssOf(p) > 0).length };
}

/** Samples treeRss(pid) every second; peak() is the highest seen so far. */
export function rssSampler(pid: number) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeRss(pid).bytes);
  };
  sample();
  const timer = setInterval(sample, 1_000);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}
