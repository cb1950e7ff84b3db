// The standalone worker (`npm run worker`) as a process: it starts on the test database, lowers
// its CPU priority by WORKER_NICE so that web servers on the same cores go first, and refuses a
// value out of range with the setting's name.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = undefined;
});

/** Starts scripts/worker.ts with `own` settings; resolves with its output once `until` appears or it exits. */
function startWorker(own: Record<string, string>, until: string): Promise<{ output: string; exitCode: number | null }> {
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, ...own }, stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  let output = "";
  return new Promise((resolve) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(until)) resolve({ output, exitCode: null });
    };
    proc.stdout!.on("data", seen);
    proc.stderr!.on("data", seen);
    proc.once("exit", (code) => resolve({ output, exitCode: code }));
  });
}

/** The niceness of a process (field 19 of /proc/<pid>/stat). */
function niceness(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

test("the worker starts with its priority lowered by WORKER_NICE, on top of the niceness it was given", { timeout: 60_000 }, async () => {
  const started = await startWorker({ WORKER_NICE: "7" }, "Worker started");
  expect(started.output).toContain("Worker started");
  expect(niceness(child!.pid!) - niceness(process.pid)).toBe(7);
});

test("WORKER_NICE out of range stops the worker with a message naming it", { timeout: 60_000 }, async () => {
  const { output, exitCode } = await startWorker({ WORKER_NICE: "25" }, "\u0000never");
  expect(exitCode).not.toBe(0);
  expect(output).toContain("WORKER_NICE must be between 0 and 19");
});
