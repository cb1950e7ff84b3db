// Shared measurement helpers of the scenario groups.
import type { BenchContext, ScenarioResult } from "./types";

/**
 * Measures `path` on the app (or on `origin`, another app server), then the same recorded bytes on
 * the baseline server: two results, the app's carrying the ratio to the baseline.
 */
export async function appVersusBaseline(
  ctx: BenchContext,
  scenario: { id: string; label: string; path: string; headers?: Record<string, string>; origin?: string },
): Promise<ScenarioResult[]> {
  const origin = scenario.origin ?? ctx.appUrl;
  const appUrl = `${origin}${scenario.path}`;
  await settle(origin);
  const recorded = await ctx.record(appUrl, { headers: scenario.headers });
  if (recorded.status < 200 || recorded.status > 299) {
    throw new Error(`GET ${scenario.path} answered ${recorded.status}; expected a 2xx page to measure`);
  }
  await ctx.baseline.serve(scenario.path, recorded);

  ctx.log(`${scenario.label} — app (${recorded.body.length} bytes)`);
  const app = await ctx.load({ url: appUrl, headers: scenario.headers });
  await settle(origin);
  ctx.log(`${scenario.label} — baseline`);
  const base = await ctx.load({ url: `${ctx.baseline.url}${scenario.path}`, headers: scenario.headers });
  return [
    {
      id: `${scenario.id}.app`,
      label: `${scenario.label} — app`,
      target: "app",
      baselineId: `${scenario.id}.baseline`,
      responseBytes: recorded.body.length,
      measurement: app,
    },
    {
      id: `${scenario.id}.baseline`,
      label: `${scenario.label} — baseline`,
      target: "baseline",
      responseBytes: recorded.body.length,
      measurement: base,
    },
  ];
}

/**
 * Waits (up to 60 s) until the app answers /healthz within 100 ms four times in a row (each
 * connection may reach another server process): requests still queued from the previous run (wrk
 * stops waiting for them, the server does not) would otherwise slow the next one down.
 */
export async function settle(origin: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let fast = 0;
  while (fast < 4 && Date.now() < deadline) {
    const started = Date.now();
    try {
      const response = await fetch(`${origin}/healthz`, { headers: { connection: "close" }, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      fast = Date.now() - started < 100 ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    if (fast === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A positive number from the environment, or `fallback` when unset. */
export function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

export const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** "met" or "NOT met", for the notes under a table. */
export const verdict = (met: boolean) => (met ? "met" : "NOT met");
