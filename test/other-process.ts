import { spawn } from "node:child_process";
import { env } from "~/services/env.server";

/**
 * Another process on the test database takes SQLite's write lock (BEGIN IMMEDIATE), runs `sql`
 * with `params` and commits after `holdMs`, as a second server or a script would. Resolves once
 * the lock is held, with a promise of the process's end (its exit code).
 */
export async function anotherProcessWriting(sql: string, params: unknown[], holdMs: number): Promise<{ done: Promise<number | null> }> {
  const file = env().DATABASE_URL.replace(/^file:/, "");
  const script = `
    const Database = require("better-sqlite3");
    const d = new Database(${JSON.stringify(file)}, { timeout: 10000 });
    d.prepare("BEGIN IMMEDIATE").run();
    d.prepare(${JSON.stringify(sql)}).run(...${JSON.stringify(params)});
    process.stdout.write("locked\\n");
    setTimeout(() => { d.prepare("COMMIT").run(); d.close(); process.exit(0); }, ${holdMs});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const done = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`the writer exited (${code}) before taking the lock`)));
  });
  return { done };
}
