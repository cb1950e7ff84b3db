import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { queryTestDatabase } from "../app-database";
import { freePort, openConsultationSlug, signInOverHttp, startApp, type App } from "./harness";

// WEB_CONCURRENCY=2: a supervisor and two server processes on one port and one SQLite file. Every
// process keeps its own cache of anonymous pages; a change made anywhere must show on the very
// next request, whichever process answers it.

let app: App;
let slug: string;
let pagePath: string;

beforeAll(async () => {
  app = await startApp({ demoData: true, env: { WEB_CONCURRENCY: "2" } });
  slug = await openConsultationSlug(app);
  pagePath = `/consultations/${slug}`;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

/** The server processes under the supervisor (the app's process). */
function serverPids(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(app.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes("build/server.mjs"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** `count` anonymous requests for the page, spread over the processes by the supervisor. */
async function anonymousPages(count = 8): Promise<{ body: string; cache: string | null }[]> {
  const pages = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${app.url}${pagePath}`);
    pages.push({ body: await res.text(), cache: res.headers.get("x-page-cache") });
  }
  return pages;
}

/** A GET on a new connection (a pooled one would be cut with the process that holds it). */
function freshGet(path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(`${app.url}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    // An answer that never comes counts as a failure, not as a test that hangs.
    req.setTimeout(10_000, () => req.destroy());
  });
}

test("two server processes answer on one port, with one supervisor", async () => {
  await expect.poll(() => app.log(), { timeout: 30_000 }).toMatch(/2 server processes on one port/);
  expect(serverPids()).toHaveLength(2);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});

test("the server processes run with glibc's allocator set to give freed memory back", () => {
  for (const pid of serverPids()) {
    const environment = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    expect(environment).toEqual(expect.arrayContaining(["MALLOC_ARENA_MAX=2", "MALLOC_TRIM_THRESHOLD_=131072", "MALLOC_MMAP_THRESHOLD_=131072"]));
  }
});

test("a change made outside the servers shows on the next request of every process, not after a timeout", async () => {
  const warm = await anonymousPages();
  expect(warm.some((p) => p.cache === "hit")).toBe(true);
  await queryTestDatabase(app.dbUrl, `UPDATE "Consultation" SET "title" = "title" || ' (renamed by a script)' WHERE "slug" = ?`, [slug]);
  for (const page of await anonymousPages()) expect(page.body).toContain("(renamed by a script)");
});

test("a comment posted through one process shows on the next request of every process", async () => {
  await anonymousPages(); // both processes hold the page
  const cookie = await signInOverHttp(app, "sam@dns-training.example");
  const text = `Several servers see this comment ${Date.now()}.`;
  const posted = await fetch(`${app.url}${pagePath}?index`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: app.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "post", bodyMd: text, idempotencyKey: `several-${Date.now()}` }),
  });
  expect(posted.status).toBe(302);
  for (const page of await anonymousPages()) expect(page.body).toContain(text);
});

/** A form POST on a new connection (so the supervisor spreads them over the processes); its status. */
function freshPost(path: string, cookie: string, fields: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve) => {
    const req = http.request(
      `${app.url}${path}`,
      {
        method: "POST",
        agent: false,
        headers: { Origin: app.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.setTimeout(30_000, () => req.destroy());
    req.end(body);
  });
}

test("comments posted at once through both processes, each sent twice, all land once", async () => {
  const authors = ["sam@dns-training.example", "einar.thorvaldsson@nordhaf-registry.example"];
  const cookies = await Promise.all(authors.map((email) => signInOverHttp(app, email)));
  const prefix = `at-once-${Date.now()}-`;
  const posts = Array.from({ length: 8 }, (_, i) => ({
    cookie: cookies[i % cookies.length],
    fields: { intent: "post", bodyMd: `Posted at once, number ${i}.`, idempotencyKey: `${prefix}${i}` },
  }));
  // Every post twice, all at once: the writes of both processes meet on the one database file.
  const statuses = await Promise.all([...posts, ...posts].map((p) => freshPost(`${pagePath}?index`, p.cookie, p.fields)));
  expect(statuses.every((status) => status === 302)).toBe(true);
  const rows = await queryTestDatabase<{ key: string }>(app.dbUrl, `SELECT "idempotencyKey" AS "key" FROM "Comment" WHERE "idempotencyKey" LIKE ?`, [
    `${prefix}%`,
  ]);
  expect(rows.map((r) => r.key).sort()).toEqual(posts.map((p) => p.fields.idempotencyKey).sort());
});

test("a server process that dies is replaced while the other keeps answering", async () => {
  const [victim] = serverPids();
  process.kill(victim!, "SIGKILL");
  // A connection handed to the process as it was killed is lost with it; from the moment the
  // supervisor knows, every request goes to the survivor until the replacement listens.
  const exited = new RegExp(`Server process ${victim} \\(\\w+\\) exited \\(SIGKILL\\); starting another`);
  await expect.poll(() => app.log(), { timeout: 20_000 }).toMatch(exited);
  // A new process loads the whole build: on a loaded machine that takes a while.
  const deadline = Date.now() + 60_000;
  let failures = 0;
  while (Date.now() < deadline) {
    if ((await freshGet("/healthz")) !== 200) failures++;
    const pids = serverPids();
    if (pids.length === 2 && !pids.includes(victim!)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(serverPids().filter((p) => p !== victim)).toHaveLength(2);
  expect(failures).toBe(0);
}, 120_000);

test("a second server can start on the same database while these run: no migration is attempted when none is pending", async () => {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: app.dbUrl },
    stdio: "pipe",
    timeout: 20_000,
  });
  const port = await freePort();
  const child = spawn(process.execPath, ["build/server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: app.dbUrl,
      MAIL_DIR: app.mailDir,
      WEB_CONCURRENCY: "1",
      WORKER: "off",
      SMTP_URL: "",
    },
    stdio: "ignore",
  });
  try {
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status ?? 0;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}${pagePath}`)).text()).toContain(slug);
  } finally {
    child.kill("SIGTERM");
  }
});
