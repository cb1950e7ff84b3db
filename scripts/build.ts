// `npm run build`: the Remix build, then the brotli and gzip forms of its browser assets, written
// beside each file in public/build (the server sends them as they are: see
// app/services/static-files.server.ts).
import path from "node:path";
import { precompressFolder } from "../app/services/static-files.server";
import { isEntryPoint, root, runOrExit } from "./command";

const kB = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en-US")} kB`;

export async function build() {
  runOrExit("remix", ["build"]);
  const started = Date.now();
  const summary = await precompressFolder(path.join(root, "public", "build"));
  console.log(
    `Precompressed ${summary.files} assets (${kB(summary.bytes)}): ${kB(summary.br)} brotli, ${kB(summary.gzip)} gzip ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
}

if (isEntryPoint(import.meta.url)) await build();
