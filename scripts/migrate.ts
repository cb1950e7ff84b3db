// Makes the database ready: creates the folders the app writes to, then applies every migration
// in prisma/migrations (`prisma migrate deploy`, which creates the SQLite file when it does not
// exist yet). Run by `npm start` and `npm run seed`; alone: `node --import tsx scripts/migrate.ts`.
import { ensureDataFoldersOrExit } from "../app/services/data-folders.server";
import { isEntryPoint, runOrExit, settingsOrExit } from "./command";

export function migrate() {
  ensureDataFoldersOrExit(settingsOrExit());
  runOrExit("prisma", ["migrate", "deploy"]);
}

if (isEntryPoint(import.meta.url)) migrate();
