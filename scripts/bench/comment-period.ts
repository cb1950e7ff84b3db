// The "comment-period" scenario group: consultations with a 5,000-word plan in their comment
// period — the page of the one with 1,000 comments for anonymous readers (from the page cache,
// uncompressed and gzip; and rendered, on a second server with PAGE_CACHE_TTL_MS=0), the signed-in
// page at 10, 1,000 and 10,000 comments, the consultation list and a comment permalink signed in,
// each next to the node:http baseline serving the same bytes; then comment posting at full load,
// with every post counted in the database afterwards.
import { buildCommentPeriod, type CommentPeriodData } from "./comment-period-data";
import { FIRST_VISIT_ACCEPT_ENCODING, measureFirstVisit, type FirstVisit } from "./first-visit";
import { int } from "./helpers";
import { appVersusBaseline, pct, verdict } from "./measure";
import type { BenchContext, Measurement, ScenarioGroup, ScenarioResult } from "./types";

const TARGETS = {
  /** Bytes on the wire of a first visit to the page (HTML, scripts, stylesheets, headers). */
  firstVisitBytes: 150 * 1000,
  /** The anonymous cached page, as a share of node:http serving the same bytes. */
  cachedRatio: 0.8,
  /** Rendered pages: signed-in, anonymous with the cache off, the list and a permalink. */
  renderedPerSecond: 500,
  renderedP99: 250,
  /** The signed-in page at 10, 1,000 and 10,000 comments: (highest − lowest) ÷ highest. */
  flatSpread: 0.2,
  postsPerSecond: 300,
  postP99: 300,
};

/** Comments of the consultations whose signed-in page is measured; the middle one is "the" page. */
const SIZES = [10, 1_000, 10_000];

/** Markdown of the posted comments: a few shapes, so rendering costs what real comments cost. */
const POST_BODIES = [
  "We support the proposal. Our resolvers already validate algorithm 13, and the double-signed period gives operators enough time to check their own tooling.",
  "Two questions on the timeline:\n\n- Will the pre-publication period be at least 30 days?\n- Who confirms that the rollback criteria were met?\n\nA short answer in the final statement would help.",
  "> The IFM proposes to run the change in two stages.\n\nA single stage would be easier for small registries. See [RFC 8624](https://www.rfc-editor.org/rfc/rfc8624) for the algorithm guidance.",
  "**Concern:** the notification window overlaps the end-of-year change freeze that many ccTLD operators observe. Please move the first milestone by two weeks or state why that is not possible.",
];

/** Posts a second the posting users are provisioned for (10 comments a minute each). */
const PROVISIONED_POSTS_PER_SECOND = 800;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function firstVisitNote(visit: FirstVisit): string {
  const count = (kind: string) => visit.transfers.filter((t) => t.kind === kind).length;
  return (
    `First visit (the HTML, ${count("js")} scripts and ${count("css")} stylesheet${count("css") === 1 ? "" : "s"} it references, each fetched once with ` +
    `\`Accept-Encoding: ${FIRST_VISIT_ACCEPT_ENCODING}\`): **${kB(visit.total)} transferred** (HTML ${kB(visit.byKind.html)}, scripts ${kB(visit.byKind.js)}, ` +
    `stylesheets ${kB(visit.byKind.css)}, headers ${kB(visit.headerBytes)}; ${kB(visit.uncompressed)} uncompressed) — target ≤ ${kB(TARGETS.firstVisitBytes)}: ` +
    `${verdict(visit.total <= TARGETS.firstVisitBytes)}.`
  );
}

function renderedNote(label: string, m: Measurement): string {
  const met = m.requestsPerSecond >= TARGETS.renderedPerSecond && m.p99 < TARGETS.renderedP99;
  return `${label}: ${int(m.requestsPerSecond)} req/s, p99 ${m.p99} ms (target ≥ ${TARGETS.renderedPerSecond} req/s, p99 < ${TARGETS.renderedP99} ms): ${verdict(met)}.`;
}

/** Waits until the number of comments stops changing: posts still in flight when wrk stopped. */
async function settledCount(data: CommentPeriodData): Promise<number> {
  let last = await data.countComments();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await data.countComments();
    if (now === last) return now;
    last = now;
  }
  return last;
}

async function posting(ctx: BenchContext, data: CommentPeriodData): Promise<ScenarioResult> {
  const page = `/consultations/${data.slug}`;
  const prefix = `bench-post-${Date.now().toString(36)}-`;
  const options = (runPrefix: string, duration?: number) => ({
    url: `${ctx.appUrl}${page}?index`,
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ctx.appUrl },
    perRequest: {
      bodies: POST_BODIES.map((md) =>
        new URLSearchParams({ intent: "post", bodyMd: `${md}\n\n(Benchmark comment __N__.)`, idempotencyKey: `${runPrefix}__N__`, website: "" }).toString(),
      ),
      cookies: data.posterCookies,
      forwardedFor: true,
    },
    track: true,
    noWarmup: true,
    duration,
  });
  if (ctx.settings.warmup > 0) {
    ctx.log(`Posting — warm-up (${ctx.settings.warmup} s, not recorded)`);
    await ctx.load(options(`${prefix}warmup-`, ctx.settings.warmup));
    await settledCount(data);
  }
  const before = await data.countComments();
  ctx.log(`Posting — ${ctx.settings.duration} s at ${ctx.settings.connections} connections, each post with its own idempotency key`);
  const m = await ctx.load(options(`${prefix}run-`));
  const created = (await settledCount(data)) - before;
  const posted = await data.countPosted(`${prefix}run-`);

  const acknowledged = (m.statusCounts["302"] ?? 0) as number;
  const refs = (m.locations ?? []).map((l) => /\/comments\/\d+-(\d+)/.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  const ackSeqs = refs.map(Number);
  const lost = ackSeqs.filter((seq) => !posted.seqs.has(seq)).length + (acknowledged - ackSeqs.length);
  const doubledAnswers = ackSeqs.length - new Set(ackSeqs).size;
  const doubled = posted.comments - posted.distinctKeys + doubledAnswers;
  const sent = m.sent ?? 0;
  const answered = Object.values(m.statusCounts).reduce((a, b) => a + b, 0);
  const unanswered = Math.max(0, sent - answered);
  const landed = posted.distinctKeys;
  const other = answered - acknowledged;
  const postsPerSecond = acknowledged / Math.max(m.durationSeconds, 0.001);
  const met = postsPerSecond >= TARGETS.postsPerSecond && m.p99 < TARGETS.postP99 && lost === 0 && doubled === 0;
  const check =
    `${int(sent)} posts sent, ${int(acknowledged)} answered 302 (to the new comment's permalink), ${int(other)} answered otherwise, ` +
    `${int(unanswered)} still in flight when the run ended; in the database: **${int(landed)} landed** (${int(created)} comments created in all), ` +
    `**${int(lost)} lost** (answered 302 but not in the database), **${int(doubled)} doubled** (one key, two comments or two answers)`;
  ctx.log(`Posting check: ${check.replace(/\*\*/g, "")}`);
  const problems: string[] = [];
  if (lost > 0 || doubled > 0) problems.push(`Posting: ${lost} lost, ${doubled} doubled`);
  if (landed < acknowledged - lost || landed > sent) problems.push(`Posting: ${landed} landed does not fit ${acknowledged} acknowledged and ${sent} sent`);
  return {
    id: "cp-post.app",
    label: "Post a comment, 50 connections (302 expected)",
    target: "app",
    expectStatus: 302,
    measurement: m,
    problems,
    note:
      `Posting: ${int(postsPerSecond)} comments/s, p99 ${m.p99} ms (target ≥ ${TARGETS.postsPerSecond}/s, p99 < ${TARGETS.postP99} ms, 0 lost, 0 doubled): ${verdict(met)}. ` +
      `${check}. ${int(data.posterCookies.length)} signed-in users in turn, one X-Forwarded-For address per request.`,
  };
}

export const commentPeriod: ScenarioGroup = {
  name: "comment-period",
  markers: "comment-period",
  title: "Comment period: the consultation page, signed in and not, and posting",
  description:
    "Consultations with a 5,000-word plan in 20 `##` sections, open for comments; the first page shows 20 threads with all their " +
    "replies. On the one with 1,000 comments in 300 threads: the page for an anonymous reader from the anonymous page cache " +
    "(a fresh CSP nonce per response), uncompressed and with `Accept-Encoding: gzip`; the same page rendered for every request " +
    "(a second app server, same database, `PAGE_CACHE_TTL_MS=0`); the page for a signed-in reader at 10, 1,000 and 10,000 comments " +
    "(3 to 3,000 threads); the consultation list and a comment's permalink, signed in — each next to the node:http baseline serving " +
    "the same bytes. Then comment posting: `POST /consultations/<slug>?index` (`intent=post`, a markdown body, its own idempotency " +
    "key) from 50 connections, by many signed-in users in turn (the limit is 10 comments a minute each), each request from its own " +
    "`X-Forwarded-For` address (`TRUST_PROXY=on`; 30 a minute per address), every post counted in the database afterwards. " +
    `Targets: cached page ≥ ${TARGETS.cachedRatio * 100} % of the baseline, raw and gzip; rendered pages ≥ ${TARGETS.renderedPerSecond} req/s with p99 < ` +
    `${TARGETS.renderedP99} ms; the signed-in page flat within ${TARGETS.flatSpread * 100} % over the three sizes; posting ≥ ${TARGETS.postsPerSecond}/s ` +
    `with p99 < ${TARGETS.postP99} ms, 0 lost, 0 doubled; first visit ≤ ${TARGETS.firstVisitBytes / 1000} kB.`,
  async run(ctx: BenchContext): Promise<ScenarioResult[]> {
    const { settings } = ctx;
    const posters = Math.ceil((PROVISIONED_POSTS_PER_SECOND * (settings.duration + settings.warmup)) / 8);
    const built: Record<number, CommentPeriodData> = {};
    for (const comments of SIZES) {
      const started = Date.now();
      built[comments] = await buildCommentPeriod({
        env: ctx.serverEnv,
        appUrl: ctx.appUrl,
        comments,
        threads: Math.max(3, Math.round(comments * 0.3)),
        posters: comments === 1_000 ? posters : 0,
      });
      const d = built[comments];
      ctx.log(
        `Built consultation ${d.number}: ${int(d.comments)} comments in ${int(d.threads)} threads${comments === 1_000 ? `, ${posters} posting users` : ""} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    const data = built[1_000];
    const page = `/consultations/${data.slug}`;
    const reader = { cookie: data.readerCookie };
    const results: ScenarioResult[] = [];
    try {
      const visit = await measureFirstVisit(ctx.appUrl, page);

      // Anonymous, from the page cache: uncompressed, then gzip. Building the data leaves the
      // worker with follow-up work whose writes retire every cached page: the runs start once
      // the database is quiet, and say how often the cache was retired while they ran.
      const quietFor = await waitForQuietDatabase(data);
      ctx.log(`The database was quiet after ${(quietFor / 1000).toFixed(1)} s`);
      const cachedNote = (label: string, [app, base]: ScenarioResult[], retired: number) => {
        const ratio = app.measurement.requestsPerSecond / base.measurement.requestsPerSecond;
        return (
          `${label}: ${pct(ratio)} of the baseline, p99 ${app.measurement.p99} ms against ${base.measurement.p99} ms (target ≥ ${TARGETS.cachedRatio * 100} %): ${verdict(ratio >= TARGETS.cachedRatio)}` +
          ` (the database's public content changed ${retired} time${retired === 1 ? "" : "s"} during the run, each retiring the cached pages).`
        );
      };
      const cachedRun = async (scenario: Parameters<typeof appVersusBaseline>[1]) => {
        const before = await data.pageGeneration();
        const pair = await appVersusBaseline(ctx, scenario);
        return { pair, retired: (await data.pageGeneration()) - before };
      };
      const raw = await cachedRun({ id: "cp-anon", label: "Consultation page, anonymous, cached", path: page });
      raw.pair[0].note = [firstVisitNote(visit), cachedNote("Cached page, uncompressed", raw.pair, raw.retired)];
      const gzip = await cachedRun({
        id: "cp-anon-gzip",
        label: "Consultation page, anonymous, cached, gzip",
        path: page,
        headers: { "accept-encoding": "gzip" },
      });
      gzip.pair[0].note = cachedNote("Cached page, gzip", gzip.pair, gzip.retired);
      results.push(...raw.pair, ...gzip.pair);

      // Anonymous, rendered for every request: another server on the same database, cache off.
      ctx.log("Starting a second app server with PAGE_CACHE_TTL_MS=0");
      const uncached = await ctx.startAppWith({ PAGE_CACHE_TTL_MS: "0" });
      try {
        const rendered = await appVersusBaseline(ctx, {
          id: "cp-anon-rendered",
          label: "Consultation page, anonymous, rendered (cache off)",
          path: page,
          origin: uncached.url,
        });
        rendered[0].note = renderedNote("Anonymous page rendered", rendered[0].measurement);
        results.push(...rendered);
      } finally {
        await uncached.stop();
      }

      // Signed in, at three sizes.
      const signedIn: ScenarioResult[] = [];
      for (const comments of SIZES) {
        const d = built[comments];
        const pair = await appVersusBaseline(ctx, {
          id: `cp-user-${comments}`,
          label: `Consultation page, signed in, ${int(comments)} comments`,
          path: `/consultations/${d.slug}`,
          headers: { cookie: data.readerCookie },
        });
        signedIn.push(pair[0]);
        results.push(...pair);
      }
      const rates = signedIn.map((r) => r.measurement.requestsPerSecond);
      const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
      const middle = signedIn[1];
      middle.note = [
        renderedNote("Signed-in page, 1,000 comments", middle.measurement),
        `Flatness: ${signedIn.map((r, i) => `${int(rates[i])} req/s at ${int(SIZES[i])}`).join(", ")} — a spread of ${pct(spread)} ` +
          `(highest − lowest, ÷ highest; target within ${TARGETS.flatSpread * 100} %): ${verdict(spread <= TARGETS.flatSpread)}.`,
      ];

      // The list and a permalink, signed in.
      const list = await appVersusBaseline(ctx, { id: "cp-list", label: "Consultation list, signed in", path: "/consultations", headers: reader });
      list[0].note = renderedNote("Consultation list, signed in", list[0].measurement);
      const permalink = await appVersusBaseline(ctx, {
        id: "cp-permalink",
        label: "Comment permalink, signed in",
        path: `${page}/comments/${data.number}-1`,
        headers: reader,
      });
      permalink[0].note = renderedNote("Comment permalink, signed in", permalink[0].measurement);
      results.push(...list, ...permalink);

      results.push(await posting(ctx, data));
    } finally {
      await data.close();
    }
    return results;
  },
};

/**
 * Waits until the database's public content has not changed for 5 s (at most 3 minutes) and
 * returns how long that took.
 */
async function waitForQuietDatabase(data: CommentPeriodData): Promise<number> {
  const started = Date.now();
  let generation = await data.pageGeneration();
  let sameSince = Date.now();
  while (Date.now() - sameSince < 5_000 && Date.now() - started < 180_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await data.pageGeneration();
    if (now !== generation) [generation, sameSince] = [now, Date.now()];
  }
  return Date.now() - started;
}
