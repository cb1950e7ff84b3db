// The production server: Express in front of the Remix build, adding what Remix leaves to the
// host — security headers with a per-request CSP nonce, the cross-site POST check, request body
// limits counted as the body streams, caching headers for personal responses, compression, the
// static files with their precompressed forms, a cache of the pages anonymous readers get — and
// the background worker.
//
// With WEB_CONCURRENCY > 1 (the default on a machine with several cores) this process is only a
// supervisor: it starts that many server processes on one port (node:cluster), the first of
// which also loads the demo data and runs the background worker, and restarts any that dies.
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import url from "node:url";
import v8 from "node:v8";
import express from "express";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import {
  PageCache,
  applySessionCaching,
  cacheKey,
  chooseCoding,
  formatEtag,
  isCacheableRequest,
  isCacheableResponse,
  matchIfNoneMatch,
  newNonce,
  replayForm,
  pageCacheSettingsFromEnv,
  responsePieces,
  toCachedResponseAsync,
  type CachedResponse,
  type Leader,
} from "./app/services/page-cache.server";
import { LOCALES, prefixLocale, type Locale } from "./app/services/language";
import { limitedBody } from "./app/services/request-body-limit.server";
import { restOf, sendResponse, toFetchRequest } from "./app/services/remix-http.server";
import { StaticFiles } from "./app/services/static-files.server";

type AppEntry = {
  startup: (options?: { loadDemoData?: boolean }) => Promise<void>;
  startBackground: () => { stop(): Promise<void> };
  crossSiteCheck: (req: { method: string; path: string; headers: Record<string, string | string[] | undefined> }) => boolean;
  securityHeaders: (nonce: string) => Record<string, string>;
  securityHeaderSet: () => { fixed: [string, string][]; cspBefore: string; cspAfter: string };
  bodyLimit: (path: string, contentType?: string) => number;
  env: () => { PORT: number; WORKER: string; TRUST_PROXY: string; APP_URL: string; WEB_CONCURRENCY: number };
  pageGenerationWatch: () => { current(): number; currentThisTurn(): number; healthy(): boolean; refreshThisTurn?(): Promise<void> | null };
  pageGenerationWatchReady: () => Promise<void>;
  loadContextFor: (pathname: string, cspNonce: string) => Record<string, unknown>;
  parseTrustProxy: (setting: string) => false | number | string[] | null;
};

/** The role a supervisor gives the server processes it starts (WEB_ROLE). */
type WebRole = "first" | "more";
const webRole = cluster.isWorker ? (process.env.WEB_ROLE as WebRole) : undefined;

if (cluster.isPrimary && Number(process.env.WEB_CONCURRENCY ?? 0) !== 1) {
  const { superviseServers } = await import("./scripts/supervise");
  // Decided here, before the build is loaded: the supervisor needs none of it.
  if (await superviseServers()) await new Promise(() => {}); // the supervisor's work is event-driven
}

// V8 lets a busy server's heap grow to about four times what is live before it collects the old
// generation, so the garbage of requests that waited their turn held hundreds of MB. Grown by
// 60 % instead, the heap stays near 1.6 times its live size, for more frequent (short,
// incremental) full collections (docs/decisions/054-server-heap-growth.md). A value given on the
// command line (node --heap-growing-percent=N build/server.mjs) wins.
const HEAP_GROWING_PERCENT = 60;
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

// This file runs bundled as build/server.mjs (npm run build); the repository's root is above it.
const here = path.dirname(url.fileURLToPath(import.meta.url));
const root = path.basename(here) === "build" ? path.dirname(here) : here;
const build = (await import(url.pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
// Everything app-specific comes from the build's server entry, so the server, the routes and the
// worker share one module graph (one database client, one set of worker tasks).
const entry = build.entry.module as unknown as AppEntry;

try {
  await entry.startup({ loadDemoData: webRole !== "more" });
} catch (error) {
  // A setting or a folder the server cannot use: the message says which, a stack would not help.
  if (error instanceof Error && (error.name === "EnvironmentError" || error.name === "DataFolderError")) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const config = entry.env();

// ---------------------------------------------------------------------------------------------
// The anonymous page cache (docs/decisions/010-anonymous-page-cache.md). PAGE_CACHE_TTL_MS
// (default 5000, 0 = off) bounds how long a page can lag behind a change made elsewhere (the
// standalone worker, another process, the clock); any change made through this process clears it.

const cache = new PageCache(pageCacheSettingsFromEnv(process.env));
setInterval(() => cache.sweep(), 30_000).unref();
const generations = entry.pageGenerationWatch();
/** The generation of public content the cached pages were made from. */
let cachedGeneration = generations.current();
/** Lower-case names of the security headers: set afresh (new nonce) on every response. */
const securityHeaderNames = new Set(Object.keys(entry.securityHeaders("x")).map((h) => h.toLowerCase()));
const LEADER = Symbol("page-cache leader");
/** Set on requests server.ts refuses before the app sees them (they change nothing). */
const REFUSED = Symbol("refused before the app");
type RefusableRequest = http.IncomingMessage & { [REFUSED]?: boolean };
type CacheAwareRequest = http.IncomingMessage & { [LEADER]?: Leader & { startedAt: number } };

/**
 * Answers from a cache entry: the stored bytes with a fresh nonce (in the stored brotli or gzip
 * form the client prefers), or 304 when the client's copy is current (its own nonce kept in the
 * CSP header).
 */
/** A 304 carries the validators and caching headers, not the body's type or coding. */
function notModifiedHead(pairs: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i] !== "content-type" && pairs[i] !== "content-encoding") kept.push(pairs[i], pairs[i + 1]);
  }
  return kept;
}

function sendCached(req: http.IncomingMessage, res: http.ServerResponse, cached: CachedResponse, how: string) {
  const clientNonce = matchIfNoneMatch(req.headers["if-none-match"], cached.hash);
  const nonce = clientNonce ?? newNonce();
  const coding = chooseCoding(req.headers["accept-encoding"], cached);
  // Everything but the nonce's two headers is the same for every response of this entry and form.
  const form = replayForm(cached, coding);
  const security = entry.securityHeaderSet();
  const head = ["content-security-policy", security.cspBefore + nonce + security.cspAfter];
  for (const [name, value] of security.fixed) head.push(name, value);
  head.push(...form.pairs, "etag", formatEtag(cached.hash, nonce, coding), "x-page-cache", how);
  if (clientNonce) {
    res.removeHeader("content-type");
    res.writeHead(304, notModifiedHead(head));
    res.end();
    return;
  }
  head.push("content-length", String(form.contentLength));
  res.writeHead(cached.status, head);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  // The body goes out as its pieces (stored parts, nonce, compressed framing) in one writev: no
  // copy of the page is made per response.
  const pieces = responsePieces(cached, coding, nonce);
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end(); // uncorks
}

/** The response of a render others may be waiting for will not be cached: forget it, release them. */
function abandonLead(leader: Leader) {
  // A stale copy must not outlive a render that says the page is now different in kind.
  if (leader.generation === cache.generation) cache.delete(leader.key);
  leader.settle(null);
}

/**
 * The response of the request that renders a cacheable page: read whole, stored (if it may be
 * cached) and sent like any cached page, with its ETag, or a 304. Anything that may not be cached
 * is sent as it comes, from its first byte, and so is a page that turns out too large to keep.
 */
async function sendAsLeader(
  req: express.Request,
  res: express.Response,
  leader: Leader & { startedAt: number },
  response: { status: number; headers: Headers; body: ReadableStream<Uint8Array> | null },
) {
  const { status, headers, body } = response;
  const cacheable = isCacheableResponse({
    status,
    contentType: headers.get("content-type") ?? undefined,
    setCookie: headers.getSetCookie(),
    cacheControl: headers.get("cache-control") ?? undefined,
  });
  if (!cacheable || !body) {
    abandonLead(leader);
    return sendResponse(req, res, response);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > cache.settings.maxEntryBytes) {
        // Too large to keep: what was read, then the rest as it comes.
        abandonLead(leader);
        return sendResponse(req, res, { status, headers, body: restOf(chunks, reader) });
      }
    }
    // Compressed on the thread pool, so the hits served meanwhile do not wait for it.
    const cached = await toCachedResponseAsync({
      status,
      headers: Object.fromEntries(headers),
      body: Buffer.concat(chunks),
      renderNonce: String(res.locals.cspNonce ?? ""),
      omitHeaders: securityHeaderNames,
      now: leader.startedAt,
    });
    cache.store(leader.key, cached, leader.generation);
    // Waiting requests get this page unless a change happened while it was rendered.
    leader.settle(leader.generation === cache.generation ? cached : null);
    // The page itself is answered like any cached one (a new nonce, compressed, or a 304).
    sendCached(req, res, cached, "miss");
  } catch (error) {
    leader.settle(null);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

// ---------------------------------------------------------------------------------------------
// Request bodies

/**
 * After a 413 the rest of the upload is read and dropped for a moment — up to this much, then the
 * request is paused, so TCP flow control stops the client without memory being spent — and the
 * connection is closed once the moment is over. Closing at once would reset the connection while
 * the answer may still be unread on the client's side, which then sees an error instead of the 413
 * (a lingering close, as Apache and nginx do it).
 */
const REFUSED_UPLOAD_LINGER = { ms: 2_000, bytes: 1024 * 1024 };

function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const unread = !req.complete;
  const socket = req.socket;
  // "Connection: close" keeps the client from sending its next request on this connection. Node
  // would then close the socket as soon as the answer is written; only the sending side is closed
  // here, and the socket itself after the linger.
  if (unread) socket.destroySoon = () => socket.end();
  res.writeHead(413, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...(unread ? { connection: "close" } : {}) });
  res.end("The submitted form is too large.");
  if (!unread) return;
  let dropped = 0;
  const timer = setTimeout(() => socket.destroy(), REFUSED_UPLOAD_LINGER.ms);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > REFUSED_UPLOAD_LINGER.bytes) req.pause();
  });
  // The whole body has come: nothing is left to be cut off.
  req.once("end", () => {
    clearTimeout(timer);
    socket.destroySoon();
  });
  req.resume();
}

// ---------------------------------------------------------------------------------------------
// The Express app

const app = express();
app.disable("x-powered-by");
app.disable("etag"); // pages get their own validator (above); res.send() bodies are small
// Which proxies may say who the client is: none, a number of hops, or their addresses (TRUST_PROXY).
app.set("trust proxy", entry.parseTrustProxy(config.TRUST_PROXY));

// Static files (public/, read once at start): only for the names at the top of public/, so a
// page request never costs a file-system lookup. The build's scripts and stylesheets carry only
// the security headers that mean something on them (a page's CSP and framing rules do not):
// a first visit fetches some 25 of them.
const staticFiles = new StaticFiles(path.join(root, "public"));
const assetSecurityHeaders = Object.entries(entry.securityHeaders("")).filter(([name]) => /^(?:x-content-type-options|strict-transport-security)$/i.test(name));
const serveStatic: express.RequestHandler = (req, res, next) => {
  staticFiles.serve(req, res).then((served) => served || next(), next);
};
app.use((req, res, next) => {
  if (!req.url.startsWith("/build/")) return next();
  for (const [name, value] of assetSecurityHeaders) res.setHeader(name, value);
  serveStatic(req, res, next);
});

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
  // A declared length over the limit is refused unread; a chunked body is counted as it streams.
  if (Number(req.headers["content-length"] ?? 0) > entry.bodyLimit(req.path, req.headers["content-type"])) {
    (req as RefusableRequest)[REFUSED] = true;
    refuseTooLarge(req, res);
    return;
  }
  next();
});

// The other files of public/ (the icon) get every security header, like pages.
app.use((req, res, next) => (staticFiles.isStaticPath(req.url) ? serveStatic(req, res, next) : next()));

const handleRemixRequest = createRequestHandler(build, process.env.NODE_ENV);
// A page under a language prefix (/fr/…) is the same route tree below that prefix: the build with
// that basename strips it to match routes and adds it to every link and redirect the page makes,
// on the server and, through the handoff, in the browser (docs/decisions/038-i18n-six-languages.md).
const handlersByPrefix = new Map<Locale, typeof handleRemixRequest>(
  LOCALES.filter((l) => l !== "en").map((l) => [l, createRequestHandler({ ...build, basename: `/${l}` }, process.env.NODE_ENV)]),
);

app.all("*", async (req, res, next) => {
  const leader = (req as CacheAwareRequest)[LEADER];
  // Requests waiting for this render are released however it ends (an error, a client gone).
  if (leader) res.once("close", () => leader.settle(null));
  let tooLarge = false;
  let abort: (reason: unknown) => void = () => {};
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const limited = hasBody
    ? limitedBody(req, entry.bodyLimit(req.path, req.headers["content-type"]), (error) => {
        tooLarge = true;
        abort(error); // the app stops; the reason keeps its error out of the log
        refuseTooLarge(req, res);
      })
    : undefined;
  // Answered without reading the whole body (a form posted where there is no action …).
  if (limited) res.once("finish", limited.discardRest);
  try {
    const fetchRequest = toFetchRequest(req, res, limited?.body);
    abort = fetchRequest.abort;
    const prefixed = prefixLocale(req.path);
    const handler = (prefixed && handlersByPrefix.get(prefixed)) || handleRemixRequest;
    const response = await handler(fetchRequest.request, entry.loadContextFor(req.path, res.locals.cspNonce as string));
    if (tooLarge || res.headersSent) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    const headers = new Headers(response.headers);
    applySessionCaching(req.headers.cookie, headers);
    const answer = { status: response.status, statusText: response.statusText, headers, body: response.body };
    await (leader ? sendAsLeader(req, res, leader, answer) : sendResponse(req, res, answer));
  } catch (error) {
    if (leader) abandonLead(leader);
    if (tooLarge) return;
    next(error);
  }
});

// ---------------------------------------------------------------------------------------------
// The HTTP server: cached pages are answered here, before Express, at the cost of a map lookup.

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  // The health check answers here: it must stay cheap under load, and needs no session or page.
  if (req.url === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
    const ok = generations.healthy();
    res.writeHead(ok ? 200 : 503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : ok ? "ok\n" : "database unreachable\n");
    return;
  }
  if (cache.enabled) {
    // On PostgreSQL, after a look at the database that follows this request's arrival.
    const looking = generations.refreshThisTurn?.();
    if (looking) {
      looking.then(
        () => withCache(req, res),
        () => withCache(req, res),
      );
      return;
    }
    return withCache(req, res);
  }
  app(req, res);
}

/** `handle` for a server with the anonymous page cache. */
function withCache(req: http.IncomingMessage, res: http.ServerResponse) {
  // A change anywhere (this process, another server, the worker, a script) retires every page.
  const generation = generations.currentThisTurn();
  if (generation !== cachedGeneration) {
    cachedGeneration = generation;
    cache.clear();
  }
  const method = req.method;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    // Every change goes through a POST (or another non-GET method): once one has been handled by
    // the app, forget every page — whatever its status, since a render may have read rows of a
    // transaction that was then rolled back. Only what this file refuses up front (cross-site,
    // too large) never reaches the database and keeps the cache.
    res.once("close", () => {
      if (!(req as RefusableRequest)[REFUSED]) cache.clear();
    });
  } else if (!staticFiles.isStaticPath(req.url) && isCacheableRequest(req)) {
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
  app(req, res);
}

const server = http.createServer(handle);
// On PostgreSQL, once the page generation is heard (until then nothing would be cached).
await entry.pageGenerationWatchReady();
server.listen(config.PORT, () => {
  console.log(
    `Consultations listening on ${config.APP_URL} (port ${config.PORT}); ` +
      (cache.enabled ? `anonymous page cache on (PAGE_CACHE_TTL_MS=${cache.settings.ttlMs})` : "anonymous page cache off"),
  );
});

// One background worker per deployment: in this process, unless it is one of several servers
// started by the supervisor and not the first.
const worker = config.WORKER === "on" && webRole !== "more" ? entry.startBackground() : undefined;
if (cluster.isWorker) server.once("listening", () => process.send?.({ ready: true }));

async function shutdown() {
  server.close();
  await worker?.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
