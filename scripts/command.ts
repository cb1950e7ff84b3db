// Helpers of the command-line entry points (scripts/migrate.ts, scripts/build.ts, scripts/start.ts):
// each step either succeeds or ends the process with one clear message and no stack trace.
import { spawnSync } from "node:child_process";
import path from "node:path";
import url from "node:url";
import { env, EnvironmentError } from "../app/services/env.server";

export const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");

/** True when `importMetaUrl` is the module node was started with. */
export function isEntryPoint(importMetaUrl: string): boolean {
  return !!process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(importMetaUrl);
}

/** The validated settings, or the end of the process with the reason. */
export function settingsOrExit() {
  try {
    return env();
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** Runs a command installed in node_modules/.bin, in the repository root; exits if it fails. */
export function runOrExit(command: string, args: string[]) {
  const result = spawnSync(path.join(root, "node_modules", ".bin", command), args, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\`${command} ${args.join(" ")}\` failed${result.signal ? ` (${result.signal})` : ""}.`);
    process.exit(result.status ?? 1);
  }
}
