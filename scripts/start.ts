// `npm start`, first half: the database (scripts/migrate.ts: its folders and migrations) and the
// build (scripts/build.ts). The second half, `node build/server.mjs`, is the server with its
// worker (server.ts bundled), run by plain node.
import { build } from "./build";
import { migrate } from "./migrate";

migrate();
await build();
