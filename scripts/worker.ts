// The background worker on its own: `npm run worker`. Use it with WORKER=off on the web server,
// or beside it: claims are atomic, so any number of workers never send a message twice.
import { ensureDataFoldersOrExit } from "../app/services/data-folders.server";
import { disconnectDb, isMigrated, tuneDatabase } from "../app/services/db.server";
import { startBackground } from "../app/background/startup.server";
import { settingsOrExit } from "./command";

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
