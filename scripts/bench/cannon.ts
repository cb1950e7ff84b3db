// autocannon, for the one kind of run wrk cannot make: requests at a fixed rate (`overallRate`),
// a fixed number of them, each built by a function (the fan-out group's posting load). A rate far
// below what one thread can send keeps autocannon's single thread from being the limit. Every
// target must be on 127.0.0.1.
import autocannon from "autocannon";
import type { CannonOptions, Measurement, Settings } from "./types";

function once(options: CannonOptions, connections: number, amount: number): Promise<autocannon.Result> {
  const target = new URL(options.url);
  if (target.hostname !== "127.0.0.1") throw new Error(`Benchmark traffic must go to 127.0.0.1, not ${target.host}`);
  return new Promise((resolve, reject) => {
    let guard: NodeJS.Timeout | undefined;
    const instance = autocannon(
      { url: options.url, requests: options.requests, connections, overallRate: options.overallRate, amount, timeout: 10 },
      (error, result) => {
        clearTimeout(guard);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
    // A hard stop in case a run does not end by itself.
    guard = setTimeout(() => instance.stop(), 300_000);
  });
}

export function createPacedCannon(settings: Settings) {
  return async function paced(options: CannonOptions): Promise<Measurement> {
    const connections = settings.connections;
    const warmup = options.warmupAmount ? await once(options, connections, options.warmupAmount) : undefined;
    const result = await once(options, connections, options.amount);
    const statusCounts: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = Number((stat as { count: number | string }).count);
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      durationSeconds: result.duration,
      statusCounts,
      warmup: warmup && { total: warmup.requests.total, errors: warmup.errors, timeouts: warmup.timeouts },
    };
  };
}
