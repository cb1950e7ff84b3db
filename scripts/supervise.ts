// The supervisor of several server processes on one port (server.ts, WEB_CONCURRENCY > 1). It
// loads no part of the app: it starts the first server (which loads the demo data into a new
// database and runs the background worker), waits until it listens, starts the others, restarts
// any that exits, and stops them all on SIGINT/SIGTERM.
import cluster, { type Worker } from "node:cluster";
import { settingsOrExit } from "./command";
import { isWriteTurnMessage, WriteTurns } from "../app/services/write-turns";

// glibc's allocator in the server processes. It gives every thread that allocates an arena of its
// own (the compression and file threads of libuv's pool): with two, memory freed after a burst is
// reused instead of staying with idle threads. Its thresholds grow after a burst of large
// buffers (rendered pages, compressed bodies), after which freed memory is kept: fixed at 128 kB,
// large buffers are mapped and unmapped, and free memory at the top of the heap is given back.
// A value the operator sets wins.
const MALLOC_DEFAULTS = { MALLOC_ARENA_MAX: "2", MALLOC_TRIM_THRESHOLD_: "131072", MALLOC_MMAP_THRESHOLD_: "131072" };

function mallocSettings(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.keys(MALLOC_DEFAULTS).flatMap((name) => (environment[name] ? [[name, environment[name]!]] : [])));
}

/** A process that dies this soon after it started is not restarted in a loop faster than this. */
const RESTART_DELAY_MS = 1_000;

/** Starts and keeps WEB_CONCURRENCY servers; false (nothing started) when one process is asked for. */
export async function superviseServers(): Promise<boolean> {
  const { WEB_CONCURRENCY: count } = settingsOrExit();
  if (count <= 1) return false;
  let stopping = false;
  const roles = new Map<Worker, "first" | "more">();
  // The servers' turns to write to the database, in the order they ask (app/services/write-turns.ts).
  const turns = new WriteTurns<Worker>((child) => {
    if (child.isConnected()) child.send({ writeTurn: "yours" });
    else turns.drop(child);
  });

  const stop = (signal: NodeJS.Signals, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const children = [...roles.keys()];
    if (!children.length) process.exit(exitCode);
    let left = children.length;
    for (const child of children) {
      child.once("exit", () => --left === 0 && process.exit(exitCode));
      child.process.kill(signal);
    }
  };

  const start = (role: "first" | "more") =>
    new Promise<void>((resolve) => {
      const child = cluster.fork({ WEB_ROLE: role, ...MALLOC_DEFAULTS, ...mallocSettings(process.env) });
      let ready = false;
      roles.set(child, role);
      child.on("message", (message: { ready?: boolean }) => {
        if (isWriteTurnMessage(message)) {
          if (message.writeTurn === "ask") turns.ask(child);
          else if (message.writeTurn === "done") turns.done(child);
          return;
        }
        if (!message?.ready) return;
        ready = true;
        resolve();
      });
      child.once("exit", (code, signal) => {
        roles.delete(child);
        turns.drop(child);
        resolve();
        if (stopping) return;
        // A server that stops before it listens has said why (a setting, a folder): so do we.
        if (!ready && code) {
          stop("SIGTERM", code);
          return;
        }
        console.error(`Server process ${child.process.pid} (${role}) exited (${signal ?? `code ${code}`}); starting another.`);
        setTimeout(() => void start(role), RESTART_DELAY_MS).unref();
      });
    });

  await start("first");
  await Promise.all(Array.from({ length: count - 1 }, () => start("more")));
  console.log(`Supervisor ${process.pid}: ${count} server processes on one port; the first runs the background worker.`);

  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return true;
}
