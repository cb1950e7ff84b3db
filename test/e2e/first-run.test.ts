import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./harness";

// The README's two commands, checked as a newcomer runs them: a fresh clone of this commit (no
// var/, no build, no generated client), `npm install` standing in as a link to this checkout's
// node_modules plus what its postinstall does (the two `prisma generate`), then `npm start` with every
// setting at its default but the port.

const root = process.cwd();
/** The open consultation of the demo data (prisma/seed.ts). */
const DEMO_TITLE = "Root zone KSK algorithm rollover from RSA/SHA-256 to ECDSA P-256";
/** Settings that would make the start differ from a newcomer's. */
const APP_SETTINGS = [
  "NODE_ENV",
  "DATABASE_URL",
  "MAIL_DIR",
  "APP_URL",
  "SESSION_SECRET",
  "SMTP_URL",
  "MAIL_FROM",
  "MAIL_MAX_ATTEMPTS",
  "DEMO_DATA",
  "WORKER",
  "PAGE_CACHE_TTL_MS",
  "TRUST_PROXY",
  "WEB_CONCURRENCY",
];

let clone: string;
let child: ChildProcess | undefined;
let output = "";

/** Stops `npm start` and everything it started (its own process group). */
async function stop(process_: ChildProcess) {
  if (process_.exitCode !== null || process_.signalCode !== null) return;
  const exited = new Promise((resolve) => process_.once("exit", resolve));
  process.kill(-process_.pid!, "SIGTERM");
  const timer = setTimeout(() => process.kill(-process_.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "consultations-first-run-"));
  execFileSync("git", ["clone", "--quiet", root, clone], { stdio: "pipe" });
  fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(clone, "node_modules"));
  // What postinstall does, but patch-package (the linked node_modules are patched already).
  const { scripts } = JSON.parse(fs.readFileSync(path.join(clone, "package.json"), "utf8")) as { scripts: { postinstall: string } };
  const steps = scripts.postinstall.split("&&").map((step) => step.trim());
  expect(steps.filter((step) => step.includes("prisma generate"))).toHaveLength(2);
  for (const step of steps.filter((s) => s !== "patch-package")) {
    execFileSync("sh", ["-c", step], {
      cwd: clone,
      stdio: "pipe",
      env: { ...process.env, PATH: `${path.join(clone, "node_modules", ".bin")}:${process.env.PATH}` },
    });
  }
});

afterAll(async () => {
  if (child) await stop(child);
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

test("on a fresh clone, npm start creates var/, migrates, loads the demo data and serves the home page", { timeout: 240_000 }, async () => {
  expect(fs.existsSync(path.join(clone, "var"))).toBe(false);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  for (const name of APP_SETTINGS) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "TEST_RUN_DIR") delete env[name];
  child = spawn("npm", ["start"], { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  const deadline = Date.now() + 200_000;
  let home: Response | undefined;
  while (!home) {
    if (child.exitCode !== null) throw new Error(`npm start exited with status ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not serve / within 200 s:\n${output}`);
    home = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    if (!home) await new Promise((r) => setTimeout(r, 500));
  }
  expect(home.status, output).toBe(200);
  expect(await home.text()).toContain(DEMO_TITLE);
  expect(fs.existsSync(path.join(clone, "var", "data.db"))).toBe(true);
  expect(fs.statSync(path.join(clone, "var", "mail")).isDirectory()).toBe(true);
  expect(output).toContain("New database: demo data loaded");
});
