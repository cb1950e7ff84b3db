// The "fan-out" scenario group: one new comment on a consultation with 10,000 followers
// in immediate mode. A real worker process (`node --import tsx scripts/worker.ts`, the same
// database) expands the comment.created event into outbox rows and delivers them to an SMTP
// server started here (scripts/bench/smtp-sink.ts, in a child process), which records every
// accepted message per recipient and per Message-ID. Measured: the time from posting until the
// last mail was accepted, messages/s, the posting request's latency, and comment posting at a
// fixed rate: on the consultation with the followers (before the worker runs), and on another
// consultation with the worker idle (before and after) and while the fan-out runs, side by side.
// Checked: zero lost, zero duplicates, every outbox row sent.
//
//   BENCH_FANOUT_FOLLOWERS  followers of the consultation (default 10000)
//   BENCH_FANOUT_POST_RATE  posts per second of the posting load (default 25)
//   BENCH_FANOUT_CPU_PROF   a folder: the worker runs with --cpu-prof and writes its profile there
//   BENCH_WORKER_LOG        a file for the worker's output (default: worker.log in the run's temporary folder)
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type autocannon from "autocannon";
import { buildFanOut, type FanOutData } from "./fan-out-data";
import { positiveFromEnv } from "./measure";
import { int, ipFor, postBody, root, sleep, startWorker } from "./helpers";
import { stop, tail, track } from "./processes";
import type { BenchContext, Measurement, ScenarioGroup, ScenarioResult } from "./types";

const TARGETS = {
  messagesPerSecond: 300,
  /**
   * "Unaffected": posting on the consultation with the followers has a p99 at most this much above
   * posting on the one without (the higher of its two runs with the worker idle).
   */
  p99Tolerance: 0.2,
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// The SMTP sink and the worker, as child processes

export type Accepted = { rcpt: string[]; messageId: string; at: number; port: number };

export type Sink = {
  url: string;
  child: ChildProcess;
  stats(): Promise<{ count: number; firstAt: number | null; lastAt: number | null }>;
  report(): Promise<Accepted[]>;
  reset(): Promise<void>;
};

export async function startSink(): Promise<Sink> {
  const script = path.join(root, "scripts", "bench", "smtp-sink.ts");
  const child = track(fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], detached: true }));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("The SMTP sink did not start within 15 s")), 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The SMTP sink exited (code ${code})`));
    });
    child.on("message", (m: { type?: string; port?: number }) => {
      if (m?.type === "listening" && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });
  let nextId = 1;
  const ask = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`The SMTP sink did not answer "${type}"`)), 30_000);
      const onMessage = (m: { type?: string; id?: number }) => {
        if (m?.type === type && m.id === id) {
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve(m as T);
        }
      };
      child.on("message", onMessage);
      child.send({ type, id });
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    child,
    stats: () => ask("stats"),
    report: async () => (await ask<{ accepted: Accepted[] }>("report")).accepted,
    reset: async () => void (await ask("reset")),
  };
}

function startFanOutWorker(ctx: BenchContext, smtpUrl: string, logFile: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["SMTP_URL", "MAIL_FROM", "MAIL_MAX_ATTEMPTS", "TRUST_PROXY", "PORT"]) delete env[key];
  Object.assign(env, ctx.serverEnv, { SMTP_URL: smtpUrl, MAIL_FROM: "IANA Consultations (benchmark) <consultations@fan-out.example>", WORKER: "on" });
  delete env.PORT;
  const profileDir = process.env.BENCH_FANOUT_CPU_PROF?.trim();
  return startWorker(env, logFile, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : []);
}

/** Waits until the worker has nothing left to do (no unprocessed event, no mail queued or in flight). */
async function waitIdle(data: FanOutData, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { events, mails } = await data.backlog();
    if (events === 0 && mails === 0) return true;
    await sleep(250);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Posting

type PostingRun = { measurement: Measurement; redirects: number; other: number; created: number; startedAt: number; endedAt: number };

export const fanOut: ScenarioGroup = {
  name: "fan-out",
  markers: "fan-out",
  title: "Notification fan-out: one comment to 10,000 followers",
  description:
    "One new comment (`POST /consultations/<slug>?index`, `intent=post`) on an open consultation followed by 10,000 confirmed " +
    "followers in immediate mode (distinct addresses). A real worker process (`node --import tsx scripts/worker.ts`, same database, " +
    "`SMTP_URL` pointing at an SMTP server started by the benchmark in a child process) expands the `comment.created` event into " +
    "outbox rows and delivers them over its pooled SMTP connections; the SMTP server counts every accepted message per recipient " +
    "and per Message-ID. Posting latency: signed-in users post comments at a fixed rate, each from its own `X-Forwarded-For` address, " +
    "first on the consultation with the followers (before the worker starts; the events of these posts are then marked processed), " +
    "then on another consultation without followers with the worker idle, while the worker delivers the fan-out, and idle again. " +
    `Targets: ≥ ${TARGETS.messagesPerSecond} messages/s from posting to the last mail accepted; posting with 10,000 followers as ` +
    `without (p99 at most ${TARGETS.p99Tolerance * 100} % above the higher of the two idle runs'); 0 lost, 0 duplicates.`,
  async run(ctx: BenchContext): Promise<ScenarioResult[]> {
    const { settings } = ctx;
    const followers = Math.round(positiveFromEnv("BENCH_FANOUT_FOLLOWERS", 10_000));
    const rate = positiveFromEnv("BENCH_FANOUT_POST_RATE", 25);
    const postAmount = Math.max(100, Math.round(rate * settings.duration));
    const postWarmup = Math.round(rate * settings.warmup);
    // Four posting runs; every poster stays under 10 posts a minute (round-robin, at most 8 each).
    const posters = Math.ceil((4 * (postAmount + postWarmup) + 4 * settings.connections) / 8);

    ctx.log(`Building two consultations, ${int(followers)} followers (immediate mode) and ${posters} posting users with sessions`);
    const started = Date.now();
    const data = await buildFanOut({ env: ctx.serverEnv, appUrl: ctx.appUrl, followers, posters });
    ctx.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s (followers written in ${data.followerSeconds.toFixed(2)} s)`);
    const settled = await data.settleEarlierEvents();
    if (settled) ctx.log(`Marked ${int(settled)} events of earlier groups as processed (not part of this measurement)`);

    const workerLog = process.env.BENCH_WORKER_LOG ?? path.join(ctx.tmpDir, "worker.log");
    let sink: Sink | undefined;
    let worker: ChildProcess | undefined;
    const results: ScenarioResult[] = [];
    try {
      // Posting at a fixed rate, on the consultation without followers unless told otherwise.
      let n = 0;
      const prefix = `bench-fo-${Date.now().toString(36)}-`;
      const post = async (label: string, posting = data.posting): Promise<PostingRun> => {
        const page = `/consultations/${posting.slug}`;
        const answered: Record<string, number> = {};
        const runPrefix = `${prefix}${label}-`;
        const request: autocannon.Request = {
          method: "POST",
          path: `${page}?index`,
          setupRequest: (req) => {
            const i = n++;
            return {
              ...req,
              headers: {
                ...req.headers,
                "content-type": "application/x-www-form-urlencoded",
                origin: ctx.appUrl,
                cookie: data.posterCookies[i % data.posterCookies.length],
                "x-forwarded-for": ipFor(i + 1),
              },
              body: postBody(i, `${runPrefix}${i}`),
            };
          },
          onResponse: (status) => {
            answered[status] = (answered[status] ?? 0) + 1;
          },
        };
        const before = await data.countComments(posting.id);
        const startedAt = Date.now();
        ctx.log(`Posting ${label}: ${postWarmup} warm-up + ${postAmount} measured posts at ${rate}/s`);
        const measurement = await ctx.paced({
          url: `${ctx.appUrl}${page}?index`,
          requests: [request],
          amount: postAmount,
          warmupAmount: postWarmup,
          overallRate: rate,
        });
        const endedAt = Date.now();
        const created = (await data.countComments(posting.id)) - before;
        const redirects = answered["302"] ?? 0;
        const other = Object.entries(answered)
          .filter(([s]) => s !== "302")
          .reduce((sum, [, c]) => sum + c, 0);
        return { measurement, redirects, other, created, startedAt, endedAt };
      };

      // (0) Before the worker runs: the same posts on the consultation with the followers. A post
      // writes one event whatever the number of followers; the events these posts leave are then
      // marked processed, so the worker does not send 10,000 mails for each of them.
      const onFollowed = await post(`on the consultation with ${int(followers)} followers, worker not running`, data.followed);
      const leftBehind = await data.settleEarlierEvents();
      ctx.log(`Marked the ${int(leftBehind)} events of those posts as processed`);

      sink = await startSink();
      worker = await startFanOutWorker(ctx, sink.url, workerLog);
      ctx.log(`Worker started (SMTP sink on ${sink.url}); waiting for it to finish what was queued before`);
      if (!(await waitIdle(data, 120_000))) throw new Error(`The worker did not become idle within 120 s:\n${tail(workerLog)}`);

      // (1) Worker idle, on the consultation without followers.
      const idleBefore = await post("on the other consultation, worker idle, before");
      await waitIdle(data, 60_000);
      await sink.reset();

      // (2) The comment that fans out, then the same posting load while the worker delivers.
      const key = `${prefix}fan-out`;
      const t0 = Date.now();
      const response = await fetch(`${ctx.appUrl}/consultations/${data.followed.slug}?index`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.appUrl, cookie: data.authorCookie, "x-forwarded-for": "192.0.2.1" },
        body: postBody(0, key),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      const postLatency = Date.now() - t0;
      if (response.status !== 302) throw new Error(`Posting the comment that fans out answered ${response.status}, not 302`);
      const posted = await data.findPosted(key);
      if (!posted?.eventId) throw new Error("The posted comment has no comment.created event");
      ctx.log(`Posted the comment to ${int(followers)} followers in ${postLatency} ms; delivering`);

      const expected = new Set(data.followerEmails);
      const deadlineMs = Math.max(180_000, followers * 20);
      const during = post("on the other consultation, during the fan-out");
      let complete = false;
      let lastProgress = 0;
      while (Date.now() - t0 < deadlineMs) {
        const { count } = await sink.stats();
        if (count >= followers) {
          const outbox = await data.outboxOf(posted.eventId);
          if (outbox.rows >= followers && (outbox.byStatus.queued ?? 0) + (outbox.byStatus.sending ?? 0) === 0) {
            complete = true;
            break;
          }
        }
        if (Date.now() - lastProgress > 5_000) {
          lastProgress = Date.now();
          ctx.log(`  ${int(count)} mails accepted after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
        await sleep(100);
      }
      if (!complete) ctx.log(`The fan-out did not complete; the worker's log (last lines):\n${tail(workerLog)}`);
      const duringRun = await during;
      // A mail delivered twice may come a little after the last first delivery.
      await sleep(1_000);
      const accepted = await sink.report();
      const event = await data.event(posted.eventId);
      const outbox = await data.outboxOf(posted.eventId);

      // (3) Worker idle again.
      await waitIdle(data, 120_000);
      const idleAfter = await post("on the other consultation, worker idle, after");

      // ---- Counting
      const perRecipient = new Map<string, number>();
      const perMessageId = new Map<string, number>();
      const times: number[] = [];
      let others = 0;
      for (const m of accepted) {
        const mine = m.rcpt.filter((r) => expected.has(r));
        if (mine.length === 0) {
          others++;
          continue;
        }
        for (const r of mine) {
          const seen = perRecipient.get(r) ?? 0;
          perRecipient.set(r, seen + 1);
          if (seen === 0) times.push(m.at - t0);
        }
        perMessageId.set(m.messageId, (perMessageId.get(m.messageId) ?? 0) + 1);
      }
      const received = perRecipient.size;
      const lost = followers - received;
      const duplicates = [...perRecipient.values()].filter((c) => c > 1).length;
      const duplicateIds = [...perMessageId.values()].filter((c) => c > 1).length;
      times.sort((a, b) => a - b);
      const lastMs = times.length ? times[times.length - 1] : NaN;
      const firstMs = times.length ? times[0] : NaN;
      const messagesPerSecond = received / (lastMs / 1000);
      const deliveryRate = received / Math.max((lastMs - firstMs) / 1000, 0.001);
      const sent = outbox.byStatus.sent ?? 0;
      const expandedMs = event?.processedAt ? event.processedAt.getTime() - t0 : NaN;
      const queuedSpan = outbox.firstQueuedAt && outbox.lastQueuedAt ? outbox.lastQueuedAt.getTime() - outbox.firstQueuedAt.getTime() : NaN;
      const statusList =
        Object.entries(outbox.byStatus)
          .map(([s, c]) => `${int(c)} ${s}`)
          .join(", ") || "none";

      const fanOutProblems: string[] = [];
      if (!complete) fanOutProblems.push(`Fan-out: not complete after ${deadlineMs / 1000} s (${int(received)} of ${int(followers)} recipients reached)`);
      if (lost > 0) fanOutProblems.push(`Fan-out: ${int(lost)} recipients got no mail`);
      if (duplicates > 0 || duplicateIds > 0)
        fanOutProblems.push(`Fan-out: ${int(duplicates)} recipients got more than one mail (${int(duplicateIds)} Message-IDs accepted more than once)`);
      if (outbox.rows !== followers || sent !== followers)
        fanOutProblems.push(`Fan-out: the outbox holds ${int(outbox.rows)} rows for the event (${statusList}), expected ${int(followers)} sent`);

      // ---- Posting figures
      const p99Limit = Math.max(idleBefore.measurement.p99, idleAfter.measurement.p99) * (1 + TARGETS.p99Tolerance);
      const unaffected = onFollowed.measurement.p99 <= p99Limit;
      const lastMailAt = t0 + lastMs;
      const overlap = Math.max(0, Math.min(duringRun.endedAt, lastMailAt) - duringRun.startedAt) / Math.max(duringRun.endedAt - duringRun.startedAt, 1);
      const check = (r: PostingRun) => {
        const ok = r.created === r.redirects && r.other === 0 && r.measurement.errors === 0 && (r.measurement.warmup?.errors ?? 0) === 0;
        return {
          ok,
          text: `${int(r.redirects)} answered 302 (warm-up included), ${int(r.other)} otherwise, ${int(r.created)} comments created${ok ? "" : " — MISMATCH"}`,
        };
      };
      const postingRow = (id: string, label: string, r: PostingRun, note: string, extraProblems: string[] = []): ScenarioResult => {
        const c = check(r);
        return {
          id,
          label,
          target: "app",
          expectStatus: 302,
          measurement: r.measurement,
          note: `${note} Check: ${c.text}.`,
          problems: [...(c.ok ? [] : [`${label}: the comments created do not match the 302 answers (${c.text})`]), ...extraProblems],
        };
      };

      results.push(
        postingRow(
          "fo-post-followed.app",
          `Post a comment, consultation with ${int(followers)} followers`,
          onFollowed,
          `Posting on the consultation with ${int(followers)} followers: p99 ${onFollowed.measurement.p99} ms against ${idleBefore.measurement.p99} and ` +
            `${idleAfter.measurement.p99} ms without followers (target ≤ ${Math.round(p99Limit)} ms): ${unaffected ? "unaffected — met" : "affected — NOT met"}.`,
        ),
        postingRow(
          "fo-post-idle-before.app",
          "Post a comment, no followers, worker idle (before)",
          idleBefore,
          `Posting with the worker idle, before the fan-out: p99 ${idleBefore.measurement.p99} ms.`,
        ),
        postingRow(
          "fo-post-during.app",
          "Post a comment, no followers, during the fan-out",
          duringRun,
          `Posting while the worker fans out and delivers (sharing the two cores with the worker and the SMTP server): p99 ${duringRun.measurement.p99} ms. ` +
            `The run lasted ${((duringRun.endedAt - duringRun.startedAt) / 1000).toFixed(1)} s, ${Math.round(overlap * 100)} % of it before the last mail was accepted.`,
          fanOutProblems,
        ),
        postingRow(
          "fo-post-idle-after.app",
          "Post a comment, no followers, worker idle (after)",
          idleAfter,
          `Posting with the worker idle again, after the fan-out: p99 ${idleAfter.measurement.p99} ms.`,
        ),
        {
          id: "fo-fan-out.app",
          label: `Fan-out: ${int(followers)} mails accepted (messages/s; p50/p99: ms after posting)`,
          target: "app",
          expect2xx: false,
          measurement: {
            requestsPerSecond: Number.isFinite(messagesPerSecond) ? messagesPerSecond : 0,
            p50: Math.round(percentile(times, 50)),
            p99: Math.round(percentile(times, 99)),
            total: received,
            non2xx: duplicates,
            errors: lost,
            timeouts: 0,
            durationSeconds: lastMs / 1000,
            statusCounts: {},
          },
          note:
            `Fan-out: ${int(received)} of ${int(followers)} followers got their mail; the last one was accepted ${(lastMs / 1000).toFixed(1)} s after posting: ` +
            `${int(messagesPerSecond)} messages/s (target ≥ ${TARGETS.messagesPerSecond}): ${messagesPerSecond >= TARGETS.messagesPerSecond && complete ? "met" : "NOT met"}. ` +
            `Lost ${int(lost)}, duplicates ${int(duplicates)} (recipients with more than one mail; ${int(duplicateIds)} Message-IDs accepted twice): ` +
            `${lost === 0 && duplicates === 0 && duplicateIds === 0 ? "met" : "NOT met"}. Outbox rows of the event: ${statusList}. ` +
            `The posting request itself answered in ${postLatency} ms. The worker finished expanding the event ${(expandedMs / 1000).toFixed(1)} s after posting ` +
            `(rows queued over ${(queuedSpan / 1000).toFixed(1)} s); the first mail was accepted after ${(firstMs / 1000).toFixed(1)} s, ` +
            `then ${int(deliveryRate)} messages/s until the last. In this row Unexpected = recipients with duplicates, Errors = recipients without mail` +
            (others ? `; ${int(others)} other mails (demo data, the scheduler) reached the SMTP server meanwhile.` : "."),
        },
      );
      ctx.log(
        `Fan-out: ${int(received)}/${int(followers)} in ${(lastMs / 1000).toFixed(1)} s = ${int(messagesPerSecond)} msg/s; lost ${lost}, duplicates ${duplicates}; ` +
          `posting p99 ${onFollowed.measurement.p99} ms with followers; ${idleBefore.measurement.p99} / ${duringRun.measurement.p99} / ${idleAfter.measurement.p99} ms without (idle / during / idle)`,
      );
    } finally {
      // SIGTERM lets the worker finish its tick (and write its CPU profile when asked).
      if (worker) await stop(worker, 15_000);
      if (sink) await stop(sink.child);
      await data.close();
    }
    return results;
  },
};
