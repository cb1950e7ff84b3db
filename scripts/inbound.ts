// The SMTP receiver on its own: `npm run inbound`. It stores each message it accepts; the worker
// (in the first server process, or `npm run worker`) processes them.
import { ensureDataFoldersOrExit } from "../app/services/data-folders.server";
import { disconnectDb, isMigrated, tuneDatabase } from "../app/services/db.server";
import { createInboundSmtpServer } from "../app/services/inbound-smtp.server";
import { mailDomain } from "../app/services/env.server";
import { settingsOrExit } from "./command";

const settings = settingsOrExit();
ensureDataFoldersOrExit(settings);
await tuneDatabase();
if (!(await isMigrated())) {
  console.error(`The database ${settings.DATABASE_URL} has no tables yet: start the server once (npm start) or run npm run migrate first.`);
  await disconnectDb();
  process.exit(1);
}
const server = createInboundSmtpServer();
server.on("error", (error) => console.error("[inbound]", error.message));
server.listen(settings.INBOUND_SMTP_PORT, () => {
  const tls = settings.INBOUND_TLS_KEY && settings.INBOUND_TLS_CERT ? "STARTTLS offered" : "no STARTTLS (no certificate configured)";
  console.log(
    `Receiving mail for ${mailDomain()} on port ${settings.INBOUND_SMTP_PORT} (${tls}, at most ${settings.INBOUND_MAX_BYTES} bytes). Ctrl-C stops it.`,
  );
});

async function shutdown(signal: NodeJS.Signals) {
  console.log(`${signal}: closing the receiver…`);
  server.close(async () => {
    await disconnectDb();
    process.exit(0);
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
