// The production server: Express in front of the Remix build, adding what Remix leaves to the
// host — security headers with a per-request CSP nonce, the cross-site POST check, a request body
// limit, static files — and starting the background worker in the same process.
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

type AppEntry = {
  startup: () => Promise<void>;
  startBackground: () => { stop(): Promise<void> };
  crossSiteCheck: (req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }) => boolean;
  securityHeaders: (nonce: string) => Record<string, string>;
  MAX_BODY_BYTES: number;
  env: () => { PORT: number; WORKER: string; TRUST_PROXY: string; APP_URL: string };
};

const root = path.dirname(url.fileURLToPath(import.meta.url));
const build = (await import(url.pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
// Everything app-specific comes from the build's server entry, so the server, the routes and the
// worker share one module graph (one database client, one set of worker tasks).
const entry = build.entry.module as unknown as AppEntry;

await entry.startup();
const config = entry.env();

const app = express();
app.disable("x-powered-by");
if (config.TRUST_PROXY === "on") app.set("trust proxy", true);

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  // The client address for rate limits; never taken from the client itself.
  req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  for (const [name, value] of Object.entries(entry.securityHeaders(nonce))) res.setHeader(name, value);
  next();
});

app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (entry.crossSiteCheck(req)) {
    res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
    return;
  }
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > entry.MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("The submitted form is too large.");
    return;
  }
  next();
});

app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h", index: false }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
);

const server = app.listen(config.PORT, () => {
  console.log(`Consultations listening on ${config.APP_URL} (port ${config.PORT})`);
});

const worker = config.WORKER === "on" ? entry.startBackground() : undefined;

async function shutdown() {
  server.close();
  await worker?.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
