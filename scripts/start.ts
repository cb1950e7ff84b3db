// `npm start`: the database (scripts/migrate.ts: its folders and migrations), the build
// (scripts/build.ts), then the server with its worker (server.ts) in this process.
import { build } from "./build";
import { migrate } from "./migrate";

migrate();
await build();
await import("../server");
