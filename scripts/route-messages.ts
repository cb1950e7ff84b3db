// A build step: for every route, the message ids its browser code can use, written to
// build/route-messages.json with the route tree. A page then carries the messages of the routes it
// shows, not the whole catalogue of the app (app/i18n/route-messages.server.ts).
//
// A route's browser code is its chunk and every chunk that chunk imports (esbuild's metafile);
// the ids are the string literals of those chunks' source files that look like message ids, and
// the stems of ids built from a typed key (`consultations.status.${status}`) or checked by their
// prefix (`own.startsWith("shell.error.")`: an id the server's data names).
import fs from "node:fs";
import path from "node:path";

type Metafile = { outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }> };
type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: string; imports?: string[] };
type Manifest = { entry: { module: string; imports?: string[] }; routes: Record<string, ManifestRoute> };

export type RouteMessagesFile = {
  routes: { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }[];
  /** Per route id: the literal ids and the stems (ending in ".") its browser code uses. */
  used: Record<string, { ids: string[]; stems: string[] }>;
};

const LITERAL = /"([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)+)"/g;
const STEM = /`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*\.)\$\{/g;
const PREFIX = /"([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*\.)"/g;

/** The id-like literals and stems of one source file. */
export function scanSource(text: string): { ids: string[]; stems: string[] } {
  return {
    ids: [...new Set([...text.matchAll(LITERAL)].map((m) => m[1]))],
    stems: [...new Set([...text.matchAll(STEM), ...text.matchAll(PREFIX)].map((m) => m[1]))],
  };
}

function readManifest(root: string): Manifest {
  const serverBuild = fs.readFileSync(path.join(root, "build", "index.js"), "utf8");
  const url = serverBuild.match(/\/build\/manifest-[A-Za-z0-9]+\.js/)?.[0];
  if (!url) throw new Error("build/index.js names no browser manifest");
  const text = fs.readFileSync(path.join(root, "public", url), "utf8");
  return JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
}

export function writeRouteMessages(root: string): { routes: number; ids: number } {
  const metafile = JSON.parse(fs.readFileSync(path.join(root, "build", "metafile.js.json"), "utf8")) as Metafile;
  const manifest = readManifest(root);
  const outputOf = (module: string) => metafile.outputs[path.posix.join("public", module)];
  const scanned = new Map<string, { ids: string[]; stems: string[] }>();
  const scanFile = (file: string) => {
    let found = scanned.get(file);
    if (!found) {
      found = /^app\/.*\.(tsx?|jsx?)$/.test(file) ? scanSource(fs.readFileSync(path.join(root, file), "utf8")) : { ids: [], stems: [] };
      scanned.set(file, found);
    }
    return found;
  };
  // The source files of a chunk and of every chunk it imports, however deep.
  const sourcesOf = (module: string) => {
    const files = new Set<string>();
    const seen = new Set<string>();
    const visit = (output: string) => {
      if (seen.has(output)) return;
      seen.add(output);
      const out = metafile.outputs[output];
      if (!out) return;
      for (const input of Object.keys(out.inputs)) files.add(input);
      for (const imported of out.imports) if (imported.kind === "import-statement") visit(imported.path);
    };
    if (!outputOf(module)) throw new Error(`the metafile has no output for ${module}`);
    visit(path.posix.join("public", module));
    return files;
  };
  const usedBy = (modules: string[]) => {
    const ids = new Set<string>();
    const stems = new Set<string>();
    for (const module of modules)
      for (const file of sourcesOf(module)) {
        const found = scanFile(file);
        for (const id of found.ids) ids.add(id);
        for (const stem of found.stems) stems.add(stem);
      }
    return { ids: [...ids].sort(), stems: [...stems].sort() };
  };
  const routes = Object.values(manifest.routes);
  const file: RouteMessagesFile = {
    routes: routes.map(({ id, parentId, path: p, index, caseSensitive }) => ({ id, parentId, path: p, index, caseSensitive })),
    // The browser's entry is loaded with every page: its code counts as the root's.
    used: Object.fromEntries(routes.map((r) => [r.id, usedBy(r.id === "root" ? [r.module, manifest.entry.module] : [r.module])])),
  };
  fs.writeFileSync(path.join(root, "build", "route-messages.json"), JSON.stringify(file));
  return { routes: routes.length, ids: new Set(Object.values(file.used).flatMap((u) => u.ids)).size };
}
