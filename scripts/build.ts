// `npm run build`: the Remix build, then the brotli and gzip forms of its browser assets, written
// beside each file in public/build (the server sends them as they are: see
// app/services/static-files.server.ts), then server.ts bundled into build/server.mjs, which plain
// `node` runs: no TypeScript loader (and its compiler thread and process) in the servers.
import path from "node:path";
import esbuild from "esbuild";
import { precompressFolder } from "../app/services/static-files.server";
import { isEntryPoint, root, runOrExit } from "./command";
import { writeRouteMessages } from "./route-messages";

const kB = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en-US")} kB`;

export async function build() {
  runOrExit("remix", ["build"]);
  const messages = writeRouteMessages(root);
  console.log(`Route messages: ${messages.ids} message ids used by the browser code of ${messages.routes} routes.`);
  const started = Date.now();
  const summary = await precompressFolder(path.join(root, "public", "build"));
  console.log(
    `Precompressed ${summary.files} assets (${kB(summary.bytes)}): ${kB(summary.br)} brotli, ${kB(summary.gzip)} gzip ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  await esbuild.build({
    entryPoints: [path.join(root, "server.ts")],
    outfile: path.join(root, "build", "server.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules at run time, as the Remix build's do.
    packages: "external",
    logLevel: "warning",
  });
}

if (isEntryPoint(import.meta.url)) await build();
