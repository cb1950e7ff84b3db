// The benchmark's scenario groups. Add a group to `scenarioGroups` to measure more pages; each
// group writes its own section of docs/performance.md (between bench:<markers>:start/end).
import { commentPeriod } from "./comment-period";
import { fanOut } from "./fan-out";
import { appVersusBaseline } from "./measure";
import type { ScenarioGroup } from "./types";

export const foundation: ScenarioGroup = {
  name: "foundation",
  markers: "foundation",
  title: "Foundation: public home page and health check",
  description:
    "Anonymous `GET /` (the home page: rendered once, then answered from the anonymous page cache for " +
    "`PAGE_CACHE_TTL_MS`, with security headers and a fresh CSP nonce per response) and `GET /healthz` " +
    "(one `SELECT 1`, never cached) on the app, each followed by the same bytes served by the plain " +
    "`node:http` baseline.",
  async run(ctx) {
    return [
      ...(await appVersusBaseline(ctx, { id: "home", label: "Home page `/`", path: "/" })),
      ...(await appVersusBaseline(ctx, { id: "healthz", label: "Health check `/healthz`", path: "/healthz" })),
    ];
  },
};

export const scenarioGroups: ScenarioGroup[] = [foundation, commentPeriod, fanOut];
