// `npm start`, first half: the database (scripts/migrate.ts: its folders and migrations, or on
// PostgreSQL the check that they were run) and the
// build (scripts/build.ts). The second half, `node build/server.mjs`, is the server with its
// worker (server.ts bundled), run by plain node.
import { build } from "./build";
import { migrateOrCheck } from "./migrate";

await migrateOrCheck();
await build();
