// autocannon, driven programmatically: a short warm-up run that is thrown away, then the
// measured run. Every target must be on 127.0.0.1.
import autocannon from "autocannon";
import type { CannonOptions, Measurement, Settings } from "./types";

function once(options: CannonOptions, connections: number, duration: number, amount?: number): Promise<autocannon.Result> {
  const target = new URL(options.url);
  if (target.hostname !== "127.0.0.1") throw new Error(`Benchmark traffic must go to 127.0.0.1, not ${target.host}`);
  return new Promise((resolve, reject) => {
    let guard: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: options.url,
        method: (options.method ?? "GET") as autocannon.Request["method"],
        headers: options.headers,
        body: options.body,
        requests: options.requests,
        connections,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        ...(amount ? { amount } : { duration }),
        timeout: 10,
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
    // A hard stop in case a run does not end by itself.
    guard = setTimeout(() => instance.stop(), (amount ? 300 : duration + 30) * 1000);
  });
}

export function createCannon(settings: Settings) {
  return async function cannon(options: CannonOptions): Promise<Measurement> {
    const connections = options.connections ?? settings.connections;
    const duration = options.duration ?? settings.duration;
    let warmup: autocannon.Result | undefined;
    if (options.amount) {
      if (options.warmupAmount) warmup = await once(options, connections, duration, options.warmupAmount);
    } else if (settings.warmup > 0) {
      warmup = await once(options, connections, settings.warmup);
    }
    const result = await once(options, connections, duration, options.amount);
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
