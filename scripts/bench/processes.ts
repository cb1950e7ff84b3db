// Child processes of the benchmark: one-off commands (build, migrations), the app server and the
// baseline server. Every child is started in its own process group and tracked, so stopAll() can
// end exactly what the benchmark started — on success, on error and on Ctrl-C.
import { spawn, fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import url from "node:url";
import type { Baseline, RecordedResponse } from "./types";

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the child's process group (it was started detached, so it leads one).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs` if the process has not exited. */
export async function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
  running.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child)));
}

/** Registers a child so that stopAll() ends it (on success, on error and on Ctrl-C). */
export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; its output is shown only if it fails. */
export async function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<void> {
  const child = track(
    spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    }),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stop(child);
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve(status));
  }).finally(() => clearTimeout(timer));
  const line = [command, ...args].join(" ");
  if (timedOut) throw new Error(`\`${line}\` did not finish within ${options.timeoutMs / 1000} s\n${output}`);
  if (code !== 0) throw new Error(`\`${line}\` failed (exit code ${code}):\n${output}`);
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

/**
 * Starts `node build/server.mjs` (the bundled server.ts) and waits until GET /healthz answers 200.
 * The server's output goes to `logFile`.
 */
export async function startApp(options: {
  cwd: string;
  /** The complete environment of the server process. */
  env: NodeJS.ProcessEnv;
  origin: string;
  logFile: string;
  timeoutMs: number;
  /** Node options before the script, e.g. --cpu-prof. */
  nodeArgs?: string[];
}): Promise<ChildProcess> {
  const log = fs.openSync(options.logFile, "a");
  const child = track(
    spawn(process.execPath, [...(options.nodeArgs ?? []), "build/server.mjs"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", log, log],
      detached: true,
    }),
  );
  fs.closeSync(log);
  const deadline = Date.now() + options.timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The app server exited (code ${child.exitCode ?? child.signalCode}) before answering /healthz.\n` +
          `Last lines of ${options.logFile}:\n${tail(options.logFile)}`,
      );
    }
    try {
      // Connection: close — an idle keep-alive socket left in fetch()'s pool can be closed by the
      // server while a group blocks this process's event loop, and the next fetch() would fail on it.
      const response = await fetch(`${options.origin}/healthz`, { headers: { connection: "close" }, signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return child;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop(child);
  throw new Error(
    `The app server did not answer GET /healthz with 200 within ${options.timeoutMs / 1000} s (${last}).\n` +
      `Last lines of ${options.logFile}:\n${tail(options.logFile)}`,
  );
}

/**
 * Starts the baseline node:http server (scripts/bench/baseline-server.ts) in a child process, on
 * `processes` processes; with `staticFile`, it serves that file for every request (the ceiling).
 */
export async function startBaseline(port: number, options: { processes: number; staticFile?: string }): Promise<{ child: ChildProcess; baseline: Baseline }> {
  const script = path.join(path.dirname(url.fileURLToPath(import.meta.url)), "baseline-server.ts");
  const child = track(
    fork(script, [], {
      env: {
        ...process.env,
        PORT: String(port),
        NODE_ENV: "production",
        BASELINE_PROCESSES: String(options.processes),
        ...(options.staticFile ? { STATIC_FILE: options.staticFile } : {}),
      },
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      detached: true,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("The baseline server did not start within 15 s")), 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The baseline server exited (code ${code})`));
    });
    child.on("message", (message: { type?: string }) => {
      if (message?.type === "listening") {
        clearTimeout(timer);
        resolve();
      }
    });
  });

  let nextId = 1;
  const baseline: Baseline = {
    url: `http://127.0.0.1:${port}`,
    serve(routePath: string, response: RecordedResponse) {
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("The baseline server did not acknowledge a route")), 5_000);
        const onMessage = (message: { type?: string; id?: number }) => {
          if (message?.type === "ack" && message.id === id) {
            clearTimeout(timer);
            child.off("message", onMessage);
            resolve();
          }
        };
        child.on("message", onMessage);
        child.send({
          type: "serve",
          id,
          path: routePath,
          status: response.status,
          headers: response.headers,
          body: response.body.toString("base64"),
        });
      });
    },
  };
  return { child, baseline };
}
