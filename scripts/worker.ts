// The background worker on its own: `npm run worker`. Use it with WORKER=off on the web server,
// or beside it: claims are atomic, so any number of workers never send a message twice.
import os from "node:os";
import { ensureDataFoldersOrExit } from "../app/services/data-folders.server";
import { disconnectDb, isMigrated, tuneDatabase } from "../app/services/db.server";
import { startBackground } from "../app/background/startup.server";
import { settingsOrExit } from "./command";

function lowerPriority(by: number) {
  if (by === 0) return;
  try {
    os.setPriority(Math.min(19, os.getPriority() + by));
  } catch (error) {
    console.warn(`Could not lower the worker's priority: ${(error as Error).message}`);
  }
}

const settings = settingsOrExit();
ensureDataFoldersOrExit(settings);
await tuneDatabase();
if (!(await isMigrated())) {
  console.error(
    `The database ${settings.DATABASE_URL} has no tables yet: start the server once (npm start) or run node --import tsx scripts/migrate.ts first.`,
  );
  await disconnectDb();
  process.exit(1);
}
// Background work yields to the web servers where they share the cores: the fan-out of a burst of
// posts then uses what the requests leave instead of taking half the machine from them.
lowerPriority(settings.WORKER_NICE);
const worker = startBackground();
console.log("Worker started: delivering mail and running scheduled tasks. Ctrl-C stops it.");

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) {
    console.error(`${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: finishing the current run…`);
  try {
    await worker.stop();
    await disconnectDb();
    process.exit(0);
  } catch (error) {
    console.error("Worker did not stop cleanly:", error);
    process.exit(1);
  }
}

process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
