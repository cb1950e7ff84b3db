// The "cluster" scenario group: the app on PostgreSQL with several servers and two workers. A
// private PostgreSQL server (test/postgres.ts: a cluster in a temporary folder, no fsync) is
// migrated (`prisma migrate deploy`); the first server loads the demo data, then the bench writes
// the comment-period group's consultation (1,000 comments) and the fan-out group's two
// consultations (followers, posting users with auto-follow off) with the app's own modules. Two
// background workers (`node --import tsx scripts/worker.ts`, twice) deliver mail to the bench's
// SMTP sink. For N = 1 and N = 2 web processes (WEB_CONCURRENCY=N, WORKER=off, one port): the
// signed-in consultation page (wrk) and comment posting (the paced cannon, every answer matched to
// its idempotency key and every key counted in the database). Then, with N = 2, posting again while
// one server process is killed with SIGKILL (the supervisor starts another), and a fan-out of one
// comment to BENCH_CLUSTER_FOLLOWERS followers delivered by the two workers, counted at the sink.
//
//   BENCH_CLUSTER_FOLLOWERS   followers of the fan-out (default 10000)
//   BENCH_CLUSTER_POST_RATE   posts per second the cannon asks for (default 400: more than two
//                             cores serve, so the figure is the throughput reached)
//   BENCH_CLUSTER_KILL_AT     share of the kill run after which a server is killed (default 0.33)
import { execFileSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import type autocannon from "autocannon";
import { startPostgres, type PostgresServer } from "../../test/postgres";
import { buildCommentPeriod } from "./comment-period-data";
import { buildFanOut, type FanOutData } from "./fan-out-data";
import { startSink, type Accepted, type Sink } from "./fan-out";
import { pct, positiveFromEnv, settle } from "./measure";
import { childrenOf, int, ipFor, postBody, root, sleep, startWorker } from "./helpers";
import { freePort, run, startApp, stop, tail } from "./processes";
import type { BenchContext, Measurement, ScenarioGroup, ScenarioResult } from "./types";

/** The environment of a server or worker process: the bench's, minus settings that could point elsewhere. */
function processEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["SMTP_URL", "MAIL_FROM", "MAIL_MAX_ATTEMPTS", "TRUST_PROXY", "PORT", "WEB_CONCURRENCY", "WORKER"]) delete env[key];
  return { ...env, ...own };
}

/** The client ports of the SMTP connections open now, by process id (ss -tnp). */
function smtpClientPorts(sinkPort: number): Map<number, number> {
  const ports = new Map<number, number>();
  let output = "";
  try {
    output = execFileSync("/usr/bin/ss", ["-Htnp", "state", "established", "dport", `= :${sinkPort}`], { encoding: "utf8" });
  } catch {
    return ports;
  }
  for (const line of output.split("\n")) {
    const local = /127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+/.exec(line);
    const pid = /pid=(\d+)/.exec(line);
    if (local && pid) ports.set(Number(local[1]), Number(pid[1]));
  }
  return ports;
}

type Servers = { n: number; url: string; child: ChildProcess; logFile: string };

type PostingRun = {
  label: string;
  measurement: Measurement;
  /** Idempotency keys answered 302, with the comment number of the Location. */
  acknowledged: Map<string, number | null>;
  statuses: Record<string, number>;
  seconds: number;
  /** Comments in the database with this run's keys: rows and distinct keys, seq by key. */
  landed: { rows: number; keys: Map<string, number[]> };
};

export const cluster: ScenarioGroup = {
  name: "cluster",
  markers: "cluster",
  title: "PostgreSQL: one and two web servers, two workers",
  description:
    "The app on PostgreSQL (a private server started by the benchmark, migrated with `prisma migrate deploy`, the demo data loaded " +
    "by the first server, then the comment-period group's consultation with 1,000 comments and the fan-out group's consultations " +
    "written with the app's modules). N = 1, then N = 2 web processes on one port (`WEB_CONCURRENCY=N`, `WORKER=off`, node:cluster) " +
    "and two worker processes (`node --import tsx scripts/worker.ts`, twice; `SMTP_URL` at the benchmark's SMTP server). For each N: " +
    "the signed-in consultation page (1,000 comments, wrk) and comment posting (autocannon asking for a fixed rate above what the " +
    "machine serves, signed-in users in turn, each post with its own idempotency key and `X-Forwarded-For` address; every 302 " +
    "matched to its key and its comment in the database). With N = 2: posting while one server process is killed with SIGKILL " +
    "(the supervisor starts another; every post answered 302 must be in the database), and one comment fanned out to 10,000 " +
    "followers by the two workers, counted at the SMTP server by recipient and Message-ID. 0 lost, 0 doubled comments or mails.",
  async run(ctx: BenchContext): Promise<ScenarioResult[]> {
    const { settings } = ctx;
    const followers = Math.round(positiveFromEnv("BENCH_CLUSTER_FOLLOWERS", 10_000));
    const rate = positiveFromEnv("BENCH_CLUSTER_POST_RATE", 400);
    const killAt = positiveFromEnv("BENCH_CLUSTER_KILL_AT", 0.33);
    const postAmount = Math.max(50, Math.round(rate * settings.duration));
    const postWarmup = Math.round(rate * settings.warmup);
    // Three posting runs; each posting user stays under 10 posts a minute (in turn, at most 8 each).
    const posters = Math.ceil((3 * (postAmount + postWarmup) + 3 * settings.connections) / 8);

    const results: ScenarioResult[] = [];
    let pg: PostgresServer | undefined;
    let sink: Sink | undefined;
    const workers: ChildProcess[] = [];
    let servers: Servers | undefined;
    let data: FanOutData | undefined;
    const appModules: { disconnect?: () => Promise<void> } = {};
    try {
      ctx.log("Starting a private PostgreSQL server");
      pg = await startPostgres();
      const databaseUrl = pg.createDatabase("bench");
      ctx.log("Migrating it (prisma migrate deploy)");
      await run("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeoutMs: 3 * 60_000 });

      sink = await startSink();
      const sinkPort = Number(new URL(sink.url).port);
      const own = {
        ...ctx.serverEnv,
        DATABASE_URL: databaseUrl,
        SMTP_URL: sink.url,
        MAIL_FROM: "IANA Consultations (benchmark) <consultations@cluster.example>",
      };

      const startServers = async (n: number): Promise<Servers> => {
        const port = await freePort();
        const origin = `http://127.0.0.1:${port}`;
        const logFile = path.join(ctx.tmpDir, `cluster-server-${n}.log`);
        const env = processEnv({ ...own, PORT: String(port), APP_URL: origin, WEB_CONCURRENCY: String(n), WORKER: "off" });
        const child = await startApp({ cwd: root, env, origin, logFile, timeoutMs: 120_000 });
        if (n > 1) {
          // The supervisor answers once its first server does: wait for all of them.
          const deadline = Date.now() + 60_000;
          while (childrenOf(child.pid!).length < n && Date.now() < deadline) await sleep(200);
        }
        return { n, url: origin, child, logFile };
      };

      ctx.log("Starting N = 1 web server on PostgreSQL (it loads the demo data)");
      servers = await startServers(1);

      // The app's modules, on this database (an earlier group may have loaded them on SQLite).
      const { disconnectDb, db } = await import("../../app/services/db.server");
      const { resetEnvCache } = await import("../../app/services/env.server");
      await disconnectDb();
      const saved = Object.fromEntries(["DATABASE_URL", "SESSION_SECRET", "APP_URL", "MAIL_DIR", "NODE_ENV"].map((k) => [k, process.env[k]]));
      Object.assign(process.env, { ...ctx.serverEnv, DATABASE_URL: databaseUrl, NODE_ENV: "production" });
      resetEnvCache();
      appModules.disconnect = async () => {
        await disconnectDb();
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        resetEnvCache();
      };
      const env = { ...ctx.serverEnv, DATABASE_URL: databaseUrl };
      for (let i = 0; i < 120 && !(await db().user.count({ where: { roles: { some: { role: "ifm" } } } })); i++) await sleep(500);

      let started = Date.now();
      const page = await buildCommentPeriod({ env, appUrl: ctx.appUrl, comments: 1_000, threads: 300, posters: 0 });
      ctx.log(
        `Built consultation ${page.number}: ${int(page.comments)} comments in ${int(page.threads)} threads (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      started = Date.now();
      data = await buildFanOut({ env, appUrl: ctx.appUrl, followers, posters });
      ctx.log(`Built the fan-out's consultations, ${int(followers)} followers and ${posters} posting users (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      const settled = await data.settleEarlierEvents();
      if (settled) ctx.log(`Marked ${int(settled)} earlier events (demo data) as processed`);

      const workerEnv = processEnv({ ...own, WORKER: "on" });
      for (const i of [1, 2]) {
        workers.push(await startWorker(workerEnv, path.join(ctx.tmpDir, `cluster-worker-${i}.log`)));
      }
      ctx.log(`Two workers started (pids ${workers.map((w) => w.pid).join(", ")}), SMTP sink on ${sink.url}`);

      // ---- Posting at a fixed rate, every answer matched to its key.
      let n = 0;
      const prefix = `bench-cl-${Date.now().toString(36)}-`;
      const posting = data.posting;
      const post = async (label: string, target: Servers, during?: (startedAt: number) => Promise<void>): Promise<PostingRun> => {
        const path = `/consultations/${posting.slug}?index`;
        const labelPrefix = `${prefix}${label.replace(/\W+/g, "-")}-`;
        const runPrefix = `${labelPrefix}run-`;
        let keyPrefix = `${labelPrefix}warmup-`;
        const acknowledged = new Map<string, number | null>();
        const statuses: Record<string, number> = {};
        const request: autocannon.Request = {
          method: "POST",
          path,
          setupRequest: (req, context: { key?: string }) => {
            const i = n++;
            const key = `${keyPrefix}${i}`;
            context.key = key;
            return {
              ...req,
              headers: {
                ...req.headers,
                "content-type": "application/x-www-form-urlencoded",
                origin: target.url,
                cookie: data!.posterCookies[i % data!.posterCookies.length],
                "x-forwarded-for": ipFor(i + 1),
              },
              body: postBody(i, key),
            };
          },
          onResponse: (status, _body, context: { key?: string }, headers) => {
            // Only a 302 to the new comment's permalink acknowledges a post (not one to /login).
            const location = String(headers?.location ?? "");
            const seq = status === 302 ? /\/comments\/\d+-(\d+)/.exec(location)?.[1] : undefined;
            const answer = status === 302 && seq === undefined ? `302 to ${location.split("?")[0] || "nowhere"}` : String(status);
            statuses[answer] = (statuses[answer] ?? 0) + 1;
            if (seq !== undefined) acknowledged.set(String(context.key), Number(seq));
          },
        };
        ctx.log(`Posting, ${label}: ${postWarmup} warm-up + ${postAmount} posts asked for at ${rate}/s`);
        const options = { url: `${target.url}${path}`, requests: [request], amount: postAmount, overallRate: rate };
        if (postWarmup) await ctx.paced({ ...options, amount: postWarmup });
        for (const k of Object.keys(statuses)) delete statuses[k];
        acknowledged.clear();
        keyPrefix = runPrefix;
        await quiet();
        const startedAt = Date.now();
        const side = during?.(startedAt);
        const measurement = await ctx.paced(options);
        const seconds = (Date.now() - startedAt) / 1000;
        await side;
        // Posts still in flight when the run ended land meanwhile: count once the number is steady.
        let rows: { idempotencyKey: string | null; seq: number }[] = [];
        for (let i = 0, last = -1; i < 20; i++) {
          rows = await db().comment.findMany({
            where: { consultationId: posting.id, idempotencyKey: { startsWith: runPrefix } },
            select: { idempotencyKey: true, seq: true },
          });
          if (rows.length === last) break;
          last = rows.length;
          await sleep(300);
        }
        const keys = new Map<string, number[]>();
        for (const r of rows) keys.set(r.idempotencyKey!, [...(keys.get(r.idempotencyKey!) ?? []), r.seq]);
        return { label, measurement, acknowledged, statuses, seconds, landed: { rows: rows.length, keys } };
      };

      /** Acknowledged but missing (or another number), and keys with two comments. */
      const checkPosts = (r: PostingRun) => {
        let lost = 0;
        let mismatched = 0;
        for (const [key, seq] of r.acknowledged) {
          const found = r.landed.keys.get(key);
          if (!found) lost++;
          else if (seq === null || !found.includes(seq)) mismatched++;
        }
        const doubled = [...r.landed.keys.values()].filter((seqs) => seqs.length > 1).length;
        const other = Object.entries(r.statuses)
          .filter(([s]) => s !== "302")
          .map(([s, c]) => `${int(c)} × ${s}`);
        const perSecond = r.acknowledged.size / Math.max(r.seconds, 0.001);
        const answered = Object.values(r.statuses).reduce((a, b) => a + b, 0);
        // Posts of the run that got neither an answer nor a connection error counted by the cannon
        // (their connection closed under them), and how many of those landed all the same.
        const unanswered = Math.max(0, postAmount - answered - r.measurement.errors);
        const landedUnacknowledged = [...r.landed.keys.keys()].filter((key) => !r.acknowledged.has(key)).length;
        const text =
          `${int(r.acknowledged.size)} of ${int(postAmount)} posts answered 302 in ${r.seconds.toFixed(1)} s (${int(perSecond)} comments/s), ${other.length ? other.join(", ") : "no other answers"}, ` +
          `${int(r.measurement.errors)} connection errors (${int(r.measurement.timeouts)} timeouts), ${int(unanswered)} without an answer; ` +
          `in the database: ${int(r.landed.keys.size)} keys landed (${int(landedUnacknowledged)} of them not answered 302), ` +
          `**${int(lost)} lost** (answered 302, not in the database), **${int(doubled)} doubled** (one key, two comments)` +
          (mismatched ? `, ${int(mismatched)} answered with another comment's number` : "");
        return { lost, doubled, mismatched, perSecond, other, unanswered, text };
      };

      // The workers work slowly through the events posts leave (the rate is reported below): each
      // measured run starts with them idle, what earlier runs left marked processed.
      let quieted = 0;
      const quiet = async () => {
        quieted += await data!.settleEarlierEvents();
      };
      const measureN = async (target: Servers) => {
        const consultationPage = `/consultations/${page.slug}`;
        await quiet();
        await settle(target.url);
        const probe = await fetch(`${target.url}${consultationPage}`, { headers: { cookie: page.readerCookie }, signal: AbortSignal.timeout(30_000) });
        await probe.arrayBuffer();
        // Signed-in answers are private (an anonymous one would come from the page cache).
        if (probe.status !== 200 || !/private/.test(probe.headers.get("cache-control") ?? "")) {
          throw new Error(
            `GET ${consultationPage} signed in answered ${probe.status} (Cache-Control: ${probe.headers.get("cache-control")}) with N = ${target.n}`,
          );
        }
        ctx.log(`N = ${target.n}: the signed-in consultation page (wrk)`);
        const pageRun = await ctx.load({ url: `${target.url}${consultationPage}`, headers: { cookie: page.readerCookie } });
        await settle(target.url);
        const postRun = await post(`N=${target.n}`, target);
        return { pageRun, postRun };
      };

      const one = await measureN(servers);
      await stop(servers.child);
      ctx.log("Starting N = 2 web servers on one port");
      servers = await startServers(2);
      const two = await measureN(servers);

      // ---- Kill one server process while posting continues.
      const supervisor = servers.child.pid!;
      const kill = { victim: 0, at: 0, restartedAfter: NaN, before: [] as number[], after: [] as number[] };
      ctx.log(`Posting with N = 2 while one server process is killed (SIGKILL) after ${pct(killAt)} of the run`);
      const killRun = await post("N=2-kill", servers, async (startedAt) => {
        await sleep(killAt * (postAmount / rate) * 1000);
        kill.before = childrenOf(supervisor);
        kill.victim = kill.before[kill.before.length - 1];
        kill.at = Date.now() - startedAt;
        ctx.log(`  SIGKILL to server process ${kill.victim} (of ${kill.before.join(", ")}) after ${(kill.at / 1000).toFixed(1)} s`);
        process.kill(kill.victim, "SIGKILL");
        const t = Date.now();
        while (Date.now() - t < 30_000) {
          const now = childrenOf(supervisor);
          if (now.length >= 2 && !now.includes(kill.victim)) {
            kill.restartedAfter = Date.now() - t;
            kill.after = now;
            break;
          }
          await sleep(50);
        }
        ctx.log(
          `  The supervisor had ${kill.after.length ? `${kill.after.join(", ")} after ${(kill.restartedAfter / 1000).toFixed(1)} s` : "no second server again within 30 s"}`,
        );
      });
      const supervisorLog = tail(servers.logFile, 200)
        .split("\n")
        .filter((l) => /exited|error|Error/.test(l))
        .slice(0, 5);

      // ---- The fan-out, delivered by the two workers.
      // Each post left a comment.created event (no followers: nothing to send). The workers work
      // through them for a while (their rate is reported); what is left is then marked processed,
      // as the fan-out group does, so the fan-out's event does not queue behind them.
      const backlogAt = Date.now();
      const backlogBefore = (await data.backlog()).events;
      ctx.log(`Posting left ${int(backlogBefore)} events unprocessed; the workers work on them for up to 20 s`);
      let backlogAfter = backlogBefore;
      while (Date.now() - backlogAt < 20_000 && backlogAfter > 0) {
        await sleep(500);
        backlogAfter = (await data.backlog()).events;
      }
      const backlogSeconds = (Date.now() - backlogAt) / 1000;
      const eventsPerSecond = (backlogBefore - backlogAfter) / backlogSeconds;
      const backlogSettled = await data.settleEarlierEvents();
      const backlogNote =
        `Posting left ${int(backlogBefore)} comment.created events (no followers) unprocessed; the two workers processed ` +
        `${int(backlogBefore - backlogAfter)} in ${backlogSeconds.toFixed(1)} s (${int(eventsPerSecond)} events/s), and the ${int(backlogSettled)} left were marked processed before the fan-out ` +
        `(${int(quieted)} more were, before the page and posting runs, so that each starts with the workers idle).`;
      ctx.log(backlogNote);
      for (let i = 0; i < 120 && (await data.backlog()).mails > 0; i++) await sleep(250);
      await sink.reset();
      const key = `${prefix}fan-out`;
      const t0 = Date.now();
      const response = await fetch(`${servers.url}/consultations/${data.followed.slug}?index`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: servers.url, cookie: data.authorCookie, "x-forwarded-for": "192.0.2.1" },
        body: postBody(0, key),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.status !== 302) throw new Error(`Posting the comment that fans out answered ${response.status}, not 302`);
      const posted = await data.findPosted(key);
      if (!posted?.eventId) {
        const events = await db().notificationEvent.findMany({
          orderBy: { createdAt: "desc" },
          take: 3,
          select: { type: true, subjectId: true, createdAt: true },
        });
        throw new Error(
          `The comment that fans out (answered ${response.status}, Location ${response.headers.get("location")}) ` +
            `${posted ? `is comment ${posted.commentId} but has no comment.created event` : "is not in the database"}; the latest events: ${JSON.stringify(events)}`,
        );
      }
      ctx.log(`Posted the comment to ${int(followers)} followers; the two workers deliver`);
      const portOwners = new Map<number, number>();
      const deadlineMs = Math.max(180_000, followers * 20);
      let complete = false;
      let lastProgress = 0;
      while (Date.now() - t0 < deadlineMs) {
        for (const [port, pid] of smtpClientPorts(sinkPort)) portOwners.set(port, pid);
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
      await sleep(1_000);
      const accepted: Accepted[] = await sink.report();
      const outbox = await data.outboxOf(posted.eventId);
      const expected = new Set(data.followerEmails);
      const perRecipient = new Map<string, number>();
      const perMessageId = new Map<string, number>();
      const perWorker = new Map<number, number>();
      let unattributed = 0;
      const times: number[] = [];
      let others = 0;
      for (const m of accepted) {
        const mine = m.rcpt.filter((r) => expected.has(r));
        if (mine.length === 0) {
          others++;
          continue;
        }
        times.push(m.at - t0);
        for (const r of mine) perRecipient.set(r, (perRecipient.get(r) ?? 0) + 1);
        perMessageId.set(m.messageId, (perMessageId.get(m.messageId) ?? 0) + 1);
        const pid = portOwners.get(m.port);
        if (pid === undefined) unattributed++;
        else perWorker.set(pid, (perWorker.get(pid) ?? 0) + 1);
      }
      times.sort((a, b) => a - b);
      const received = perRecipient.size;
      const lostMails = followers - received;
      const duplicateMails = [...perRecipient.values()].filter((c) => c > 1).length;
      const duplicateIds = [...perMessageId.values()].filter((c) => c > 1).length;
      const lastMs = times.length ? times[times.length - 1] : NaN;
      const mailsPerSecond = received / (lastMs / 1000);
      const shares = workers.map((w, i) => `worker ${i + 1} (pid ${w.pid}): ${int(perWorker.get(w.pid!) ?? 0)}`);
      const statusList =
        Object.entries(outbox.byStatus)
          .map(([s, c]) => `${int(c)} ${s}`)
          .join(", ") || "none";

      // ---- Results
      const c1 = checkPosts(one.postRun);
      const c2 = checkPosts(two.postRun);
      const ck = checkPosts(killRun);
      const pageRatio = two.pageRun.requestsPerSecond / one.pageRun.requestsPerSecond;
      const postRatio = c2.perSecond / c1.perSecond;
      const postProblems = (label: string, c: ReturnType<typeof checkPosts>) =>
        c.lost || c.doubled || c.mismatched ? [`${label}: ${c.lost} lost, ${c.doubled} doubled, ${c.mismatched} answered with another number`] : [];
      const postingRow = (id: string, label: string, r: PostingRun, c: ReturnType<typeof checkPosts>, note: string): ScenarioResult => ({
        id,
        label,
        target: "app",
        expectStatus: 302,
        measurement: { ...r.measurement, requestsPerSecond: c.perSecond },
        note: `${note} ${c.text}.`,
        problems: [
          ...postProblems(label, c),
          ...(c.other.length || r.measurement.errors || c.unanswered
            ? [`${label}: ${c.other.join(", ") || "no other answers"}, ${r.measurement.errors} connection errors, ${c.unanswered} without an answer`]
            : []),
        ],
      });
      results.push(
        {
          id: "cl-page-1.app",
          label: "Consultation page, signed in, 1,000 comments — N = 1",
          target: "app",
          measurement: one.pageRun,
          note: `Signed-in page: ${int(one.pageRun.requestsPerSecond)} req/s with N = 1, ${int(two.pageRun.requestsPerSecond)} req/s with N = 2: N = 2 ÷ N = 1 = **${pageRatio.toFixed(2)}**.`,
        },
        { id: "cl-page-2.app", label: "Consultation page, signed in, 1,000 comments — N = 2", target: "app", measurement: two.pageRun },
        postingRow(
          "cl-post-1.app",
          "Post a comment — N = 1 (302 expected)",
          one.postRun,
          c1,
          `Posting with N = 1: ${int(c1.perSecond)} comments/s (asked for ${int(rate)}/s), p99 ${one.postRun.measurement.p99} ms;`,
        ),
        postingRow(
          "cl-post-2.app",
          "Post a comment — N = 2 (302 expected)",
          two.postRun,
          c2,
          `Posting with N = 2: ${int(c2.perSecond)} comments/s, p99 ${two.postRun.measurement.p99} ms; N = 2 ÷ N = 1 = **${postRatio.toFixed(2)}**;`,
        ),
        {
          id: "cl-post-kill.app",
          label: "Post a comment — N = 2, one server killed (SIGKILL)",
          target: "app",
          expect2xx: false,
          expectStatus: 302,
          measurement: { ...killRun.measurement, requestsPerSecond: ck.perSecond },
          note:
            `Kill: server process ${kill.victim} of ${kill.before.join(" and ")} killed with SIGKILL ${(kill.at / 1000).toFixed(1)} s into the run; ` +
            (kill.after.length
              ? `the supervisor had two again (${kill.after.join(", ")}) ${(kill.restartedAfter / 1000).toFixed(1)} s later`
              : "NO SECOND SERVER AGAIN within 30 s") +
            (supervisorLog.length ? ` (its log: "${supervisorLog.join('"; "')}")` : "") +
            `. Posting went on against the port: ${ck.text}; p99 ${killRun.measurement.p99} ms. Connection errors while a server dies are expected; lost acknowledged comments are not.`,
          problems: [
            ...postProblems("Posting during the kill", ck),
            ...(kill.after.length ? [] : ["Kill: the supervisor did not start another server within 30 s"]),
            ...(killRun.acknowledged.size === 0 ? ["Kill: no post was acknowledged"] : []),
          ],
        },
        {
          id: "cl-fan-out.app",
          label: `Fan-out: ${int(followers)} mails by two workers (messages/s; p50/p99: ms after posting)`,
          target: "app",
          expect2xx: false,
          measurement: {
            requestsPerSecond: Number.isFinite(mailsPerSecond) ? mailsPerSecond : 0,
            p50: Math.round(times[Math.floor(times.length / 2)] ?? NaN),
            p99: Math.round(times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] ?? NaN),
            total: received,
            non2xx: duplicateMails,
            errors: lostMails,
            timeouts: 0,
            durationSeconds: lastMs / 1000,
            statusCounts: {},
          },
          note:
            `Fan-out: ${int(received)} of ${int(followers)} followers got their mail, the last ${(lastMs / 1000).toFixed(1)} s after posting: **${int(mailsPerSecond)} messages/s**. ` +
            `Lost ${int(lostMails)}, duplicates ${int(duplicateMails)} (recipients with more than one mail; ${int(duplicateIds)} Message-IDs accepted more than once). ` +
            `Outbox rows of the event: ${statusList}. ${backlogNote} Share of the workers (by the SMTP connection each mail came on): ${shares.join(", ")}` +
            `${unattributed ? `, ${int(unattributed)} on connections not seen open` : ""}. In this row Unexpected = recipients with duplicates, Errors = recipients without mail` +
            (others ? `; ${int(others)} other mails reached the SMTP server meanwhile.` : "."),
          problems: [
            ...(complete ? [] : [`Fan-out: not complete after ${deadlineMs / 1000} s (${int(received)} of ${int(followers)})`]),
            ...(lostMails > 0 ? [`Fan-out: ${int(lostMails)} recipients got no mail`] : []),
            ...(duplicateMails > 0 || duplicateIds > 0
              ? [`Fan-out: ${int(duplicateMails)} recipients got more than one mail (${int(duplicateIds)} Message-IDs twice)`]
              : []),
            ...(outbox.rows !== followers || (outbox.byStatus.sent ?? 0) !== followers
              ? [`Fan-out: the outbox holds ${statusList}, expected ${int(followers)} sent`]
              : []),
          ],
        },
      );
      ctx.log(
        `Cluster: page ${int(one.pageRun.requestsPerSecond)} → ${int(two.pageRun.requestsPerSecond)} req/s (×${pageRatio.toFixed(2)}); posting ${int(c1.perSecond)} → ${int(c2.perSecond)}/s ` +
          `(×${postRatio.toFixed(2)}); kill: ${ck.lost} lost of ${killRun.acknowledged.size} acknowledged; fan-out ${int(received)}/${int(followers)} at ${int(mailsPerSecond)}/s, ` +
          `${lostMails} lost, ${duplicateMails} duplicated (${shares.join(", ")})`,
      );
    } finally {
      if (servers) await stop(servers.child);
      for (const w of workers) await stop(w, 15_000);
      if (sink) await stop(sink.child);
      await appModules.disconnect?.();
      pg?.stop();
    }
    return results;
  },
};
