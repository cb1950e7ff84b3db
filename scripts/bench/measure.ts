// Shared measurement helpers of the scenario groups.
import type { BenchContext, ScenarioResult } from "./types";

/**
 * Measures `path` on the app, then the same recorded bytes on the baseline server: two results,
 * the app's carrying the ratio to the baseline.
 */
export async function appVersusBaseline(
  ctx: BenchContext,
  scenario: { id: string; label: string; path: string; headers?: Record<string, string> },
): Promise<ScenarioResult[]> {
  const appUrl = `${ctx.appUrl}${scenario.path}`;
  const recorded = await ctx.record(appUrl, { headers: scenario.headers });
  if (recorded.status < 200 || recorded.status > 299) {
    throw new Error(`GET ${scenario.path} answered ${recorded.status}; expected a 2xx page to measure`);
  }
  await ctx.baseline.serve(scenario.path, recorded);

  ctx.log(`${scenario.label} — app (${recorded.body.length} bytes)`);
  const app = await ctx.cannon({ url: appUrl, headers: scenario.headers });
  ctx.log(`${scenario.label} — baseline`);
  const base = await ctx.cannon({ url: `${ctx.baseline.url}${scenario.path}`, headers: scenario.headers });
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
