// The benchmark's scenario groups. Add a group to `scenarioGroups` to measure more pages; each
// group writes its own section of docs/performance.md (between bench:<markers>:start/end).
import path from "node:path";
import url from "node:url";
import { cluster } from "./cluster";
import { commentPeriod } from "./comment-period";
import { fanOut } from "./fan-out";
import { pct, settle, verdict } from "./measure";
import { freePort, startBaseline, stop } from "./processes";
import type { Measurement, ScenarioGroup } from "./types";

/** The small static file of the ceiling run (222 bytes). */
const STATIC_FILE = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..", "..", "public", "favicon.svg");

/** Below this share of the ceiling, the baseline (not the app) is what the run measured. */
export const BASELINE_FLOOR = 0.5;

const HEALTHZ_TARGET = 0.3;

/** Rounds of ceiling, baseline and app, alternating. */
const ROUNDS = 3;

export const foundation: ScenarioGroup = {
  name: "foundation",
  markers: "foundation",
  title: "Ceiling and health check",
  description:
    "First, the ceiling of the run: plain `node:http` on as many processes as the app has, answering every request with " +
    "one small static file (`public/favicon.svg`, 222 bytes) — what this machine and this load generator reach at all. " +
    "Then `GET /healthz` (one `SELECT 1`, answered before the app and the session) on the app, and the same bytes served " +
    "by the node:http baseline, in three alternating rounds (the median of each is shown). The run fails if that baseline reaches less than " +
    `${BASELINE_FLOOR * 100} % of the ceiling: then the generator or the machine, not the app, would be the limit. ` +
    `Target: \`/healthz\` ≥ ${HEALTHZ_TARGET * 100} % of the baseline.`,
  async run(ctx) {
    const port = await freePort();
    const { child } = await startBaseline(port, { processes: ctx.processes, staticFile: STATIC_FILE });
    const healthz = "/healthz";
    await settle(ctx.appUrl);
    const recorded = await ctx.record(`${ctx.appUrl}${healthz}`);
    await ctx.baseline.serve(healthz, recorded);
    const runs = { ceiling: [] as Measurement[], app: [] as Measurement[], base: [] as Measurement[] };
    try {
      // Alternating rounds, the median of each kept: one busy moment of the machine does not decide.
      for (let round = 1; round <= ROUNDS; round++) {
        ctx.log(
          `Round ${round}/${ROUNDS}: ceiling (node:http serving ${path.basename(STATIC_FILE)} on ${ctx.processes} processes), /healthz on the baseline, on the app`,
        );
        runs.ceiling.push(await ctx.load({ url: `http://127.0.0.1:${port}/favicon.svg` }));
        runs.base.push(await ctx.load({ url: `${ctx.baseline.url}${healthz}` }));
        runs.app.push(await ctx.load({ url: `${ctx.appUrl}${healthz}` }));
      }
    } finally {
      await stop(child);
    }
    const [ceiling, app, base] = [median(runs.ceiling), median(runs.app), median(runs.base)];
    ctx.ceiling = ceiling.requestsPerSecond;
    const floor = base.requestsPerSecond / ceiling.requestsPerSecond;
    const ratio = app.requestsPerSecond / base.requestsPerSecond;
    const each = (ms: Measurement[]) => ms.map((m) => Math.round(m.requestsPerSecond).toLocaleString("en-US")).join(", ");
    const notes = [
      `Medians of ${ROUNDS} alternating rounds (req/s of each round — ceiling: ${each(runs.ceiling)}; baseline: ${each(runs.base)}; app: ${each(runs.app)}).`,
      `Ceiling: ${Math.round(ceiling.requestsPerSecond).toLocaleString("en-US")} req/s (p99 ${ceiling.p99} ms); the baseline serving \`/healthz\`'s bytes reached ` +
        `${pct(floor)} of it (it must reach ≥ ${BASELINE_FLOOR * 100} %): ${floor >= BASELINE_FLOOR ? "the generator is not the limit" : "BASELINE BELOW THE CEILING"}.`,
      `\`/healthz\`: ${pct(ratio)} of the baseline (target ≥ ${HEALTHZ_TARGET * 100} %): ${verdict(ratio >= HEALTHZ_TARGET)}.`,
    ];
    const problems =
      floor < BASELINE_FLOOR
        ? [
            `THE BASELINE IS BELOW ITS CEILING: node:http serving /healthz's bytes reached ${Math.round(base.requestsPerSecond)} req/s, ` +
              `${pct(floor)} of the ${Math.round(ceiling.requestsPerSecond)} req/s node:http reached on a static file in this run ` +
              `(at least ${BASELINE_FLOOR * 100} % expected): the load generator or the machine, not the app, is the limit — these figures cannot be trusted`,
          ]
        : [];
    const bytes = recorded.body.length;
    return [
      { id: "ceiling", label: "Ceiling: node:http, small static file", target: "baseline", responseBytes: 222, measurement: ceiling },
      {
        id: "healthz.app",
        label: "Health check `/healthz` — app",
        target: "app",
        baselineId: "healthz.baseline",
        responseBytes: bytes,
        measurement: app,
        note: notes,
        problems,
      },
      { id: "healthz.baseline", label: "Health check `/healthz` — baseline", target: "baseline", responseBytes: bytes, measurement: base },
    ];
  },
};

/** The run with the median requests/s. */
function median(runs: Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
}

export const scenarioGroups: ScenarioGroup[] = [foundation, commentPeriod, fanOut, cluster];
