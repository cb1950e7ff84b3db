import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { chromium, type Browser, type Page } from "playwright-core";
import { newTestDatabase, queryTestDatabase } from "../app-database";

// Runs the built app (npm test builds it first) as a real server process on a fresh database
// and mail folder, and drives it with Debian's Chromium.

export type App = {
  url: string;
  dir: string;
  mailDir: string;
  dbUrl: string;
  pid: number;
  /** Everything the server printed so far. */ log(): string;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The server's session secret: fixtures that start sessions in the test process sign with it too. */
export const E2E_SESSION_SECRET = "e2e-secret-e2e-secret-e2e-secret";

export async function startApp({ demoData = false, env = {} }: { demoData?: boolean; env?: Record<string, string> } = {}): Promise<App> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "consultations-e2e-"));
  const dbFile = path.join(dir, "app.db");
  const mailDir = path.join(dir, "mail");
  // The run's migrated template (test/global-setup.ts) when there is one: a copy takes
  // milliseconds, migrating takes seconds.
  const template = process.env.TEST_RUN_DIR && path.join(process.env.TEST_RUN_DIR, "template.db");
  const copied = await newTestDatabase(dbFile, () => !!template && fs.existsSync(template) && (fs.copyFileSync(template, dbFile), true));
  const dbUrl = copied ?? `file:${dbFile}`;
  if (!copied) execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: "pipe" });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["build/server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: dbUrl,
      MAIL_DIR: mailDir,
      UPLOAD_DIR: path.join(dir, "uploads"),
      DEMO_DATA: demoData ? "on" : "off",
      SESSION_SECRET: E2E_SESSION_SECRET,
      SMTP_URL: "",
      // One process unless a test asks for several: each extra server costs a start and memory.
      WEB_CONCURRENCY: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    mailDir,
    dbUrl,
    pid: child.pid!,
    log: () => output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export type ReceivedMail = { to: string; subject: string; text: string; html: string; headers: Map<string, unknown>; file: string };

/** Every .eml file the app's worker has written so far, parsed. */
export async function readMails(mailDir: string): Promise<ReceivedMail[]> {
  if (!fs.existsSync(mailDir)) return [];
  const files = fs
    .readdirSync(mailDir)
    .filter((f) => f.endsWith(".eml"))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(fs.readFileSync(path.join(mailDir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
      return {
        to: to ?? "",
        subject: parsed.subject ?? "",
        text: parsed.text ?? "",
        html: typeof parsed.html === "string" ? parsed.html : "",
        headers: parsed.headers,
        file,
      };
    }),
  );
}

/** Waits (the worker delivers within about a second) for a mail to `to` matching `match`. */
export async function waitForMail(mailDir: string, to: string, match: (m: ReceivedMail) => boolean = () => true, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMails(mailDir)).filter((m) => m.to.includes(to) && match(m));
    if (found.length) return found[found.length - 1];
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Signs in through the real form and the emailed link; returns once signed in. `onEachPage` is
 * called on every page of the way (sign-in form, "check your email", the link's page, and the
 * name form of a new account), for tests that check those pages.
 */
export async function signInThroughEmail(
  page: Page,
  app: App,
  email: string,
  displayName?: string,
  onEachPage: (page: Page) => Promise<void> = async () => {},
) {
  const earlier = (await readMails(app.mailDir)).filter((m) => m.to.includes(email)).length;
  await page.goto(`${app.url}/login`);
  await onEachPage(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await onEachPage(page);
  const mail = await waitForNthMail(app.mailDir, email, earlier + 1);
  const link = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
  await page.goto(link);
  await onEachPage(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (displayName) {
    await page.getByLabel("Your name").waitFor();
    await onEachPage(page);
    await page.getByLabel("Your name").fill(displayName);
    await page.getByRole("button", { name: "Continue" }).click();
  }
  return mail;
}

/**
 * Signs in over plain HTTP, as a browser without JavaScript would (the form, the emailed link,
 * its confirmation button); returns the `__session=…` cookie. For tests that need no browser.
 */
export async function signInOverHttp(app: App, email: string): Promise<string> {
  const earlier = (await readMails(app.mailDir)).filter((m) => m.to.includes(email)).length;
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    redirect: "manual" as const,
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  const asked = await fetch(`${app.url}/login`, form({ email }));
  if (asked.status !== 302) throw new Error(`POST /login answered ${asked.status}; the server's log ends:\n${app.log().slice(-3000)}`);
  const mail = await waitForNthMail(app.mailDir, email, earlier + 1);
  const link = /https?:\/\/\S+\/login\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)!;
  const confirmed = await fetch(`${app.url}/login/verify?token=${link[1]}`, form({ token: link[1] }));
  const cookie = confirmed.headers.getSetCookie().find((c) => c.startsWith("__session="));
  if (!cookie) throw new Error(`signing in answered ${confirmed.status} without a session cookie`);
  return cookie.split(";")[0];
}

/** Waits until `to` has received at least `n` mails and returns the n-th. */
export async function waitForNthMail(mailDir: string, to: string, n: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMails(mailDir)).filter((m) => m.to.includes(to));
    if (found.length >= n) return found[n - 1];
    if (Date.now() > deadline) throw new Error(`mail #${n} to ${to} did not arrive within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Makes `email` an administrator of the running app's database, as an operator would (scripts/grant-admin.ts). */
export function grantAdmin(app: App, email: string) {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/grant-admin.ts", email], { env: { ...process.env, DATABASE_URL: app.dbUrl }, stdio: "pipe" });
}

/** The slug of the first demo consultation whose comment period is open now. */
export async function openConsultationSlug(app: App): Promise<string> {
  const now = new Date();
  const [row] = await queryTestDatabase<{ slug: string }>(
    app.dbUrl,
    `SELECT "slug" FROM "Consultation" WHERE "publishedAt" IS NOT NULL AND "withdrawnAt" IS NULL AND "opensAt" <= ? AND "closesAt" > ? ORDER BY "number" LIMIT 1`,
    [now, now],
  );
  return row!.slug;
}

/**
 * The values of header `name` (case-insensitive) of a received mail, exactly as written in its
 * .eml file, folded lines joined: for checking header syntax that mailparser would reinterpret
 * (it turns the List-* headers into one structured "list" entry).
 */
export function rawMailHeader(mailDir: string, mail: ReceivedMail, name: string): string[] {
  const source = fs.readFileSync(path.join(mailDir, mail.file), "utf8");
  const end = source.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? source : source.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  return unfolded
    .split(/\r?\n/)
    .map((line) => /^([^:\s]+):[ \t]*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && m[1].toLowerCase() === wanted)
    .map((m) => m[2].trim());
}

/**
 * Waits until the app's worker has nothing left to do: every NotificationEvent is processed and
 * no outbox message is waiting to be written (queued, sending or retrying). After this, the
 * mail folder holds every mail the events so far will ever produce.
 */
export async function waitForWorkerIdle(app: App, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ events, pending }] = await queryTestDatabase<{ events: number | string; pending: number | string }>(
      app.dbUrl,
      `SELECT (SELECT COUNT(*) FROM "NotificationEvent" WHERE "processedAt" IS NULL) AS "events",
        (SELECT COUNT(*) FROM "OutboxMessage" WHERE "status" IN ('queued', 'sending', 'retrying')) AS "pending"`,
    );
    if (Number(events) === 0 && Number(pending) === 0) return;
    if (Date.now() > deadline) throw new Error(`worker still busy after ${timeoutMs} ms: ${events} unprocessed event(s), ${pending} unsent mail(s)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A page in a new browser context, remembered in `contexts` (to close later), whose script errors
 * are collected in `scriptErrors` so a test can fail on any of them.
 */
export async function trackedPage(
  browser: Browser,
  contexts: { close(): Promise<void> }[],
  scriptErrors: string[],
  options: Parameters<Browser["newContext"]>[0] = {},
) {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => scriptErrors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) scriptErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** Waits for the flash message (toast) of the last mutation. */
export async function flash(page: Page, text: string | RegExp) {
  await page.locator(".flash", { hasText: text }).waitFor();
}
