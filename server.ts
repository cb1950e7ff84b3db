// The production server: Express in front of the Remix build, adding what Remix leaves to the
// host — security headers with a per-request CSP nonce, the cross-site POST check, a request body
// limit, static files, a cache of the pages anonymous readers get — and starting the background
// worker in the same process.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import url from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import {
  PageCache,
  acceptsGzip,
  cacheKey,
  formatEtag,
  gzipPiecesWithNonce,
  isCacheableRequest,
  isCacheableResponse,
  matchIfNoneMatch,
  newNonce,
  pageCacheSettingsFromEnv,
  piecesWithNonce,
  toCachedResponseAsync,
  type CachedResponse,
  type Leader,
} from "./app/services/page-cache.server";

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

// ---------------------------------------------------------------------------------------------
// The anonymous page cache (docs/decisions/010-anonymous-page-cache.md). PAGE_CACHE_TTL_MS
// (default 5000, 0 = off) bounds how long a page can lag behind a change made elsewhere (the
// standalone worker, another process, the clock); any change made through this process clears it.

const cache = new PageCache(pageCacheSettingsFromEnv(process.env));
/** Lower-case names of the security headers: set afresh (new nonce) on every response. */
const securityHeaderNames = new Set(Object.keys(entry.securityHeaders("x")).map((h) => h.toLowerCase()));
const LEADER = Symbol("page-cache leader");
/** Set on requests server.ts refuses before the app sees them (they change nothing). */
const REFUSED = Symbol("refused before the app");
type RefusableRequest = http.IncomingMessage & { [REFUSED]?: boolean };
type CacheAwareRequest = http.IncomingMessage & { [LEADER]?: Leader & { startedAt: number } };

/**
 * Answers from a cache entry: the stored bytes with a fresh nonce (gzip-compressed when the client
 * takes it), or 304 when the client's copy is current (its own nonce kept in the CSP header).
 */
function sendCached(req: http.IncomingMessage, res: http.ServerResponse, cached: CachedResponse, how: string) {
  const clientNonce = matchIfNoneMatch(req.headers["if-none-match"], cached.hash);
  const nonce = clientNonce ?? newNonce();
  const gzip = cached.gzip && acceptsGzip(req.headers["accept-encoding"]) ? cached.gzip : null;
  const headers: http.OutgoingHttpHeaders = { ...entry.securityHeaders(nonce), ...cached.headers };
  headers.etag = formatEtag(cached.hash, nonce, gzip ? "gzip" : "identity");
  headers["x-page-cache"] = how;
  if (clientNonce) {
    delete headers["content-type"];
    res.removeHeader("content-type");
    res.writeHead(304, headers);
    res.end();
    return;
  }
  // The body goes out as its pieces (stored parts, nonce, gzip framing) in one writev: no copy of
  // the page is made per response.
  const pieces = gzip ? gzipPiecesWithNonce(cached.parts, gzip, nonce) : piecesWithNonce(cached.parts, nonce);
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = pieces.reduce((n, p) => n + p.length, 0);
  res.writeHead(cached.status, headers);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end(); // uncorks
}

/**
 * Holds back the response of the request that renders a cacheable page: once Remix has written
 * it, stores it (if it may be cached) and sends it with its ETag, or a 304. Anything that may not
 * be cached is passed through untouched from its first byte.
 */
function captureResponse(req: http.IncomingMessage, res: express.Response, leader: Leader & { startedAt: number }) {
  type Fn = (this: unknown, ...args: unknown[]) => unknown;
  const originalWrite = res.write;
  const originalEnd = res.end;
  const write = originalWrite as unknown as Fn;
  const end = originalEnd as unknown as Fn;
  const chunks: Buffer[] = [];
  let size = 0;
  let mode: "undecided" | "capture" | "pass" = "undecided";
  res.once("close", () => leader.settle(null));

  const passThrough = () => {
    mode = "pass";
    res.write = originalWrite;
    res.end = originalEnd;
    // A stale copy must not outlive a render that says the page is now different in kind.
    if (leader.generation === cache.generation) cache.delete(leader.key);
    leader.settle(null);
  };
  const decide = () => {
    const cacheable =
      !res.headersSent &&
      isCacheableResponse({
        status: res.statusCode,
        contentType: res.getHeader("content-type"),
        setCookie: res.getHeader("set-cookie"),
        cacheControl: res.getHeader("cache-control"),
      });
    if (cacheable) mode = "capture";
    else passThrough();
  };
  const collect = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    chunks.push(Buffer.from(buffer)); // a copy: the writer may reuse its buffer
    size += buffer.length;
  };

  res.write = function (this: express.Response, chunk: unknown, encoding?: unknown, cb?: unknown) {
    if (mode === "undecided") decide();
    if (mode === "pass") return write.apply(this, [chunk, encoding, cb].filter((a) => a !== undefined)) as boolean;
    collect(chunk, encoding);
    const callback = typeof encoding === "function" ? encoding : cb;
    if (typeof callback === "function") process.nextTick(callback as () => void);
    if (size > cache.settings.maxEntryBytes) {
      // Too large to keep: send what was held back and stream the rest.
      passThrough();
      for (const c of chunks.splice(0)) write.call(this, c);
    }
    return true;
  } as unknown as typeof res.write;

  res.end = function (this: express.Response, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (mode === "undecided") decide();
    if (mode === "pass") return end.apply(this, [chunk, encoding, cb].filter((a) => a !== undefined)) as express.Response;
    collect(chunk, encoding);
    res.write = originalWrite;
    res.end = originalEnd;
    // Compressed on the thread pool, so the hits served meanwhile do not wait for it.
    void toCachedResponseAsync({
      status: res.statusCode,
      headers: res.getHeaders(),
      body: Buffer.concat(chunks),
      renderNonce: String(res.locals.cspNonce ?? ""),
      omitHeaders: securityHeaderNames,
      now: leader.startedAt,
    }).then(
      (cached) => {
        cache.store(leader.key, cached, leader.generation);
        // Waiting requests get this page unless a change happened while it was rendered.
        leader.settle(leader.generation === cache.generation ? cached : null);
        // The page itself is answered like any cached one (a new nonce, gzip, or a 304).
        sendCached(req, res, cached, "miss");
      },
      (error: unknown) => {
        leader.settle(null);
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return res;
  } as unknown as typeof res.end;
}

// ---------------------------------------------------------------------------------------------
// The Express app

const app = express();
app.disable("x-powered-by");
app.disable("etag"); // pages get their own validator (above); res.send() bodies are small
if (config.TRUST_PROXY === "on") app.set("trust proxy", true);

app.use((req, res, next) => {
  const nonce = newNonce();
  res.locals.cspNonce = nonce;
  // The client address for rate limits; never taken from the client itself.
  req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  for (const [name, value] of Object.entries(entry.securityHeaders(nonce))) res.setHeader(name, value);
  next();
});

app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (entry.crossSiteCheck(req)) {
    (req as RefusableRequest)[REFUSED] = true;
    res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
    return;
  }
  // crossSiteCheck is this app's CSRF gate, and it has just admitted this request (same origin,
  // APP_URL behind a proxy, or a path meant to be posted from elsewhere: the RFC 8058 one-click
  // unsubscribe). Remix 2.17 repeats a stricter check of its own on every POST (Origin must equal
  // Host or X-Forwarded-Host) and answers a bare 500 otherwise, so the vetted Origin stops here.
  delete req.headers.origin;
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > entry.MAX_BODY_BYTES) {
    (req as RefusableRequest)[REFUSED] = true;
    res.status(413).type("text/plain").send("The submitted form is too large.");
    return;
  }
  next();
});

// Static files: only for the names that exist at the top of public/ (read once at start), so a
// page request never costs a file-system lookup. public/ is build output: restart to add a file.
const publicDir = path.join(root, "public");
const publicNames = new Set(fs.existsSync(publicDir) ? fs.readdirSync(publicDir) : []);
function isStaticPath(requestUrl: string | undefined): boolean {
  if (!requestUrl || requestUrl[0] !== "/") return false;
  const end = requestUrl.slice(1).search(/[/?]/);
  return publicNames.has(end === -1 ? requestUrl.slice(1) : requestUrl.slice(1, end + 1));
}
app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
app.use((req, res, next) => (isStaticPath(req.url) ? publicFiles(req, res, next) : next()));

app.use((req, res, next) => {
  const leader = (req as CacheAwareRequest)[LEADER];
  if (leader) captureResponse(req, res, leader);
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
);

// ---------------------------------------------------------------------------------------------
// The HTTP server: cached pages are answered here, before Express, at the cost of a map lookup.

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  if (cache.enabled) {
    const method = req.method;
    if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
      // Every change goes through a POST (or another non-GET method): once one has been handled by
      // the app, forget every page — whatever its status, since a render may have read rows of a
      // transaction that was then rolled back. Only what this file refuses up front (cross-site,
      // too large) never reaches the database and keeps the cache.
      res.once("close", () => {
        if (!(req as RefusableRequest)[REFUSED]) cache.clear();
      });
    } else if (!isStaticPath(req.url) && isCacheableRequest(req)) {
      const key = cacheKey(req);
      const found = cache.lookup(key);
      if (found?.fresh) {
        cache.stats.hits++;
        return sendCached(req, res, found.entry, "hit");
      }
      const pending = cache.pending(key);
      if (pending) {
        if (found) {
          // Past its TTL, and being rendered again right now: the old copy until then.
          cache.stats.stale++;
          return sendCached(req, res, found.entry, "stale");
        }
        cache.stats.coalesced++;
        pending.then(
          (fresh) => (fresh ? sendCached(req, res, fresh, "coalesced") : app(req, res)),
          () => app(req, res),
        );
        return;
      }
      cache.stats.misses++;
      if (method === "GET") {
        const leader = cache.lead(key);
        if (leader) (req as CacheAwareRequest)[LEADER] = { ...leader, startedAt: Date.now() };
      }
    }
  }
  app(req, res);
}

const server = http.createServer(handle);
server.listen(config.PORT, () => {
  console.log(
    `Consultations listening on ${config.APP_URL} (port ${config.PORT}); ` +
      (cache.enabled ? `anonymous page cache on (PAGE_CACHE_TTL_MS=${cache.settings.ttlMs})` : "anonymous page cache off"),
  );
});

const worker = config.WORKER === "on" ? entry.startBackground() : undefined;

async function shutdown() {
  server.close();
  await worker?.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
