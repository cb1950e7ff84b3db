import { db, tuneDatabase } from "./db.server";
import { env } from "./env.server";
import { startWorker } from "./worker.server";
import { seedDemoData } from "../../prisma/seed";

/**
 * Runs once when the server starts (after `prisma migrate deploy`): tunes SQLite and, on a new
 * database, loads the demo data unless DEMO_DATA=off.
 */
export async function startup() {
  await tuneDatabase();
  if (env().DEMO_DATA === "on" && (await db().user.count()) === 0) {
    await seedDemoData(db());
    console.log("New database: demo data loaded (DEMO_DATA=off prevents this).");
  }
}

/** The background worker (mail delivery and, later, notifications and scheduled jobs). */
export function startBackground() {
  return startWorker();
}
