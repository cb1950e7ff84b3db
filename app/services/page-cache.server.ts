/**
 * A whole-response cache for anonymous readers (see docs/decisions/010-anonymous-page-cache.md).
 *
 * Pure logic only — which requests and responses may be cached, the cache key, the LRU store,
 * coalescing of concurrent misses, the per-response CSP nonce substitution and the ETag — so it
 * can be unit-tested without a server. server.ts wires it into the HTTP server. It deliberately
 * imports no other app module: server.ts loads it directly (outside the Remix build).
 *
 * The nonce: a page is stored as the bytes between the occurrences of the nonce it was rendered
 * with; every response joins them with a fresh nonce, which also goes into the CSP header. The
 * ETag is `"<hash of the nonce-independent body>.<nonce of this response>"`: a strong validator
 * that changes whenever the bytes do, and that tells a 304 which nonce the browser's stored copy
 * carries, so the CSP header sent with the 304 (browsers replace the stored headers with a 304's)
 * still matches the stored body's inline scripts.
 *
 * Compression: an entry also keeps its parts gzip-compressed (raw deflate, each part on its own,
 * flushed to a byte boundary). A gzip answer is those blocks with the fresh nonce spliced in as an
 * uncompressed ("stored") deflate block, and the gzip trailer (CRC-32 and length) computed for
 * this response: compressed once per entry, never per response, and the nonce is never compressed
 * together with the page (no compression side channel on it).
 *
 * Brotli cannot be spliced that way from independently compressed parts (a brotli meta-block
 * depends on the decoder's state: the last distances and the last two bytes), so an entry's
 * brotli form is one compression of the whole page, with a placeholder where each nonce goes
 * and a flush on either side of it. A response replaces each placeholder's meta-blocks with an
 * uncompressed meta-block holding its nonce. That is sound because nothing else in the page
 * can refer to a placeholder's bytes: they are drawn from bytes the page does not contain, and
 * they end in "==" like every nonce, so the literal context after them is the same; each entry
 * is checked once by decompressing it with two nonces that differ in every position, and keeps
 * no brotli form if the check fails.
 */
import crypto from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { crc32Combine, crc32Shift } from "./crc32-combine";
import { addToVary, LEVELS, MIN_COMPRESS_BYTES, negotiateEncoding, type Encoding } from "./http-compression.server";
import { negotiateLocale } from "./language";

// ---------------------------------------------------------------------------------------------
// Settings

export type PageCacheSettings = {
  /** How long an entry is served before it is rendered again; 0 turns the cache off. */
  ttlMs: number;
  /** At most this many entries (least recently used are dropped first). */
  maxEntries: number;
  /** At most this many body bytes in all entries together. */
  maxBytes: number;
  /** Responses larger than this are not cached. */
  maxEntryBytes: number;
};

/** How long past its TTL an entry is kept for the readers that come while it is rendered again. */
const SWEEP_AFTER_MS = 60_000;

export const DEFAULT_PAGE_CACHE_SETTINGS: PageCacheSettings = {
  ttlMs: 5_000,
  maxEntries: 500,
  maxBytes: 32 * 1024 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
};

/** Reads PAGE_CACHE_TTL_MS (milliseconds, default 5000, 0 = off); refuses anything else. */
export function pageCacheSettingsFromEnv(env: Record<string, string | undefined>): PageCacheSettings {
  const raw = env.PAGE_CACHE_TTL_MS;
  let ttlMs = DEFAULT_PAGE_CACHE_SETTINGS.ttlMs;
  if (raw !== undefined && raw.trim() !== "") {
    ttlMs = Number(raw);
    if (!Number.isInteger(ttlMs) || ttlMs < 0 || ttlMs > 24 * 3600 * 1000) {
      throw new Error(`PAGE_CACHE_TTL_MS must be a whole number of milliseconds from 0 (off) to 86400000, not "${raw}"`);
    }
  }
  return { ...DEFAULT_PAGE_CACHE_SETTINGS, ttlMs };
}

// ---------------------------------------------------------------------------------------------
// What may be cached

/** Paths that are never cached: personal, staff-only, sign-in and operational pages. */
const NEVER_CACHED = [/^\/(?:admin|account|welcome|healthz|markdown-preview|logout|unsubscribe)(?:[/.]|$)/, /^\/login/, /\/manage(?:[/.]|$)/];

/** The path of a request URL, lower-cased, percent-decoded and with repeated slashes collapsed. */
export function normalisedPath(url: string): string {
  const q = url.indexOf("?");
  let p = q === -1 ? url : url.slice(0, q);
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it encoded: a malformed escape simply does not match a rule */
  }
  return p.replace(/\/{2,}/g, "/").toLowerCase();
}

export function isExcludedPath(url: string): boolean {
  const p = normalisedPath(url);
  return NEVER_CACHED.some((re) => re.test(p));
}

/** True for a signed-in visitor or one with a flash message waiting: their pages are personal. */
export function hasPersonalCookie(cookie: string | string[] | undefined): boolean {
  if (!cookie) return false;
  const value = Array.isArray(cookie) ? cookie.join(";") : cookie;
  return value.includes("__session") || value.includes("__flash");
}

/** What a response that depends on the session must say: no cache, shared or the browser's, keeps it. */
export const PERSONAL_CACHE_CONTROL = "private, no-store";

/**
 * The caching headers of every response of the app (pages, data, exports): `Vary: Cookie`, since
 * what the app answers may differ for a signed-in visitor; and `Cache-Control: private, no-store`
 * when it depends on the session — the request carries a session or flash cookie, or the response
 * sets a cookie — replacing whatever the route said. Anonymous responses keep the route's own.
 */
export function applySessionCaching(requestCookie: string | string[] | undefined, headers: Headers): void {
  headers.set("vary", addToVary(headers.get("vary") ?? undefined, "Cookie"));
  if (hasPersonalCookie(requestCookie) || headers.getSetCookie().length > 0) headers.set("cache-control", PERSONAL_CACHE_CONTROL);
}

/** May this request be answered from (or fill) the cache? GET and HEAD of anonymous visitors only. */
export function isCacheableRequest(req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> }): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (!req.url || req.url[0] !== "/") return false;
  if (hasPersonalCookie(req.headers.cookie)) return false;
  // Authorization would make the response personal too (no route uses it today).
  if (req.headers.authorization) return false;
  return !isExcludedPath(req.url);
}

function first(value: string | string[] | number | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/**
 * The cache key: the full URL (path and query, as sent) and everything the app builds absolute
 * URLs from (Host and, behind a proxy, X-Forwarded-Host/-Proto), so a forged Host header can
 * only ever poison its own key; and the language the page is written in, which an unprefixed URL
 * takes from the reader's cookie or Accept-Language (language.ts), so one reader's French page is
 * never another's English one.
 */
export function cacheKey(req: { url?: string; headers: Record<string, string | string[] | undefined> }): string {
  const h = req.headers;
  const locale = negotiateLocale({ pathname: req.url ?? "/", cookie: h.cookie, acceptLanguage: h["accept-language"] });
  return `${first(h.host)}\n${first(h["x-forwarded-host"])}\n${first(h["x-forwarded-proto"])}\n${locale}\n${req.url ?? ""}`;
}

/** May this response be stored? 200, HTML or JSON, no cookie set, not marked private by the route. */
export function isCacheableResponse(res: {
  status: number;
  contentType: string | string[] | number | undefined;
  setCookie: string | string[] | number | undefined;
  cacheControl: string | string[] | number | undefined;
}): boolean {
  if (res.status !== 200) return false;
  if (res.setCookie !== undefined && first(res.setCookie) !== "") return false;
  const type = first(res.contentType).toLowerCase();
  if (!/^(?:text\/html|application\/json)\s*(?:;|$)/.test(type)) return false;
  const cc = first(res.cacheControl).toLowerCase();
  return !/\b(?:no-store|private|no-cache)\b/.test(cc);
}

// ---------------------------------------------------------------------------------------------
// Nonces, bodies and validators

/** A CSP nonce as server.ts makes them: 16 random bytes in base64 (24 characters). */
const NONCE_LENGTH = 24;
const NONCE_FORMAT = /^[A-Za-z0-9+/]{22}==$/;

export function isValidNonce(value: string): boolean {
  return NONCE_FORMAT.test(value);
}

// Nonces are cut from a pool of random bytes: one system call per 256 responses, not per response.
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

export function newNonce(): string {
  if (poolOffset >= pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const nonce = pool.toString("base64", poolOffset, poolOffset + 16);
  poolOffset += 16;
  return nonce;
}

/** The body cut at every occurrence of `nonce` (a random string, so nothing else matches it). */
export function splitOnNonce(body: Buffer, nonce: string): Buffer[] {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce, "latin1");
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle, from); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The pieces of the body with `nonce` between the stored parts (no copy of the parts is made). */
export function piecesWithNonce(parts: Buffer[], nonce: string): Buffer[] {
  if (parts.length === 1) return parts;
  const needle = Buffer.from(nonce, "latin1");
  const pieces: Buffer[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) pieces.push(needle);
    pieces.push(parts[i]);
  }
  return pieces;
}

/** The stored parts joined with `nonce`: the body as if it had been rendered with that nonce. */
export function joinWithNonce(parts: Buffer[], nonce: string): Buffer {
  return parts.length === 1 ? parts[0] : Buffer.concat(piecesWithNonce(parts, nonce));
}

const PLACEHOLDER = Buffer.from("\u0000csp-nonce\u0000", "latin1");

/** SHA-256 of the body with every nonce replaced by a fixed placeholder (base64url, 43 characters). */
export function bodyHash(parts: Buffer[]): string {
  const hash = crypto.createHash("sha256");
  parts.forEach((part, i) => {
    if (i > 0) hash.update(PLACEHOLDER);
    hash.update(part);
  });
  return hash.digest("base64url");
}

/** Representations of one entry: the bytes as rendered, gzip or brotli. */
export type Coding = "identity" | Encoding;

const ETAG_SUFFIX: Record<Coding, string> = { identity: "", gzip: ":gz", br: ":br" };

/** The strong validator of one response: body hash, representation, and the nonce it carries. */
export function formatEtag(hash: string, nonce: string, coding: Coding = "identity"): string {
  return `"${hash}${ETAG_SUFFIX[coding]}.${nonce}"`;
}

/**
 * If-None-Match against the current body: the nonce of the client's stored copy when one of the
 * listed validators has this body's hash (in any representation: the content is the same),
 * else null. `*` and foreign validators do not match (the client then gets the full page with a
 * fresh nonce).
 */
export function matchIfNoneMatch(header: string | string[] | undefined, hash: string): string | null {
  if (!header) return null;
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value.length > 4096) return null;
  for (const raw of value.split(",")) {
    let tag = raw.trim();
    if (tag.startsWith("W/")) tag = tag.slice(2); // If-None-Match compares weakly
    if (tag.length < 2 || tag[0] !== '"' || tag[tag.length - 1] !== '"') continue;
    tag = tag.slice(1, -1);
    const dot = tag.indexOf(".");
    if (dot === -1) continue;
    const tagHash = tag.slice(0, dot);
    if (tagHash !== hash && tagHash !== `${hash}:gz` && tagHash !== `${hash}:br`) continue;
    const nonce = tag.slice(dot + 1);
    if (isValidNonce(nonce)) return nonce;
  }
  return null;
}

/** Which stored form a client gets: brotli or gzip as its Accept-Encoding prefers, if the entry has it. */
export function chooseCoding(acceptEncoding: string | string[] | undefined, entry: Pick<CachedResponse, "gzip" | "brotli">): Coding {
  const offered: Encoding[] = [];
  if (entry.brotli) offered.push("br");
  if (entry.gzip) offered.push("gzip");
  return offered.length ? (negotiateEncoding(acceptEncoding, offered) ?? "identity") : "identity";
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** An empty final deflate block (fixed Huffman codes, end-of-block only). */
const DEFLATE_END = Buffer.from([0x03, 0x00]);

export type GzipParts = {
  /** Raw deflate of each part, each from a fresh compressor, ending on a byte boundary (not final). */
  blocks: Buffer[];
  /** CRC-32 of each part, and the operator that shifts a CRC past it (crc32-combine.ts): a response's trailer combines them with its nonce's. */
  crcs: number[];
  shifts: number[];
};

function partChecks(parts: Buffer[]): Pick<GzipParts, "crcs" | "shifts"> {
  return { crcs: parts.map((part) => zlib.crc32(part)), shifts: parts.map((part) => crc32Shift(part.length)) };
}

const nonceShifts = new Map<number, number>();
function shiftPast(length: number): number {
  let shift = nonceShifts.get(length);
  if (shift === undefined) nonceShifts.set(length, (shift = crc32Shift(length)));
  return shift;
}

const DEFLATE_OPTIONS: zlib.ZlibOptions = { level: LEVELS.cached.gzip, finishFlush: zlib.constants.Z_SYNC_FLUSH };

export function gzipParts(parts: Buffer[]): GzipParts {
  return { blocks: parts.map((part) => zlib.deflateRawSync(part, DEFLATE_OPTIONS)), ...partChecks(parts) };
}

const deflateRaw = promisify(zlib.deflateRaw);

/** gzipParts, compressing on libuv's thread pool: the event loop keeps answering meanwhile. */
export async function gzipPartsAsync(parts: Buffer[]): Promise<GzipParts> {
  const blocks = await Promise.all(parts.map((part) => deflateRaw(part, DEFLATE_OPTIONS)));
  return { blocks, ...partChecks(parts) };
}

/** A deflate "stored" block (not final) holding `bytes` uncompressed; starts and ends byte-aligned. */
function storedBlock(bytes: Buffer): Buffer {
  const n = bytes.length;
  const head = Buffer.from([0x00, n & 0xff, (n >>> 8) & 0xff, ~n & 0xff, (~n >>> 8) & 0xff]);
  return Buffer.concat([head, bytes]);
}

/** The pieces of the gzip member of `parts` joined with `nonce`, without compressing anything now. */
export function gzipPiecesWithNonce(parts: Buffer[], gz: GzipParts, nonce: string): Buffer[] {
  const needle = Buffer.from(nonce, "latin1");
  const nonceBlock = storedBlock(needle);
  const needleCrc = zlib.crc32(needle);
  const needleShift = shiftPast(needle.length);
  let crc = gz.crcs[0];
  let length = parts[0].length;
  const pieces: Buffer[] = [GZIP_HEADER, gz.blocks[0]];
  for (let i = 1; i < parts.length; i++) {
    crc = crc32Combine(crc32Combine(crc, needleCrc, needleShift), gz.crcs[i], gz.shifts[i]);
    length += needle.length + parts[i].length;
    pieces.push(nonceBlock, gz.blocks[i]);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  pieces.push(DEFLATE_END, trailer);
  return pieces;
}

/** The body of one response in the chosen stored form, with `nonce`, as pieces to write in order. */
export function responsePieces(entry: CachedResponse, coding: Coding, nonce: string): Buffer[] {
  if (coding === "br" && entry.brotli) return coalesceSmall(brotliPiecesWithNonce(entry.brotli, nonce));
  if (coding === "gzip" && entry.gzip) return coalesceSmall(gzipPiecesWithNonce(entry.parts, entry.gzip, nonce));
  return coalesceSmall(piecesWithNonce(entry.parts, nonce));
}

/** Pieces shorter than this are copied together with their small neighbours; longer ones are written as they are. */
const SMALL_PIECE = 2_048;

/**
 * The same bytes in fewer pieces: each run of small pieces (a nonce, its framing, the markup
 * between two scripts, a trailer) becomes one buffer, so a response is a handful of writes
 * instead of one per nonce and frame — copying a few hundred bytes costs less than writing them
 * one by one — while the large stored parts are still written without a copy.
 */
function coalesceSmall(pieces: Buffer[]): Buffer[] {
  if (pieces.length <= 2) return pieces;
  const out: Buffer[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length > 0) out.push(run.length === 1 ? run[0] : Buffer.concat(run));
    run = [];
  };
  for (const piece of pieces) {
    if (piece.length < SMALL_PIECE) run.push(piece);
    else {
      flush();
      out.push(piece);
    }
  }
  flush();
  return out;
}

/**
 * What every response of one entry in one form shares, worked out once: its replayed headers
 * (with Content-Encoding) as name/value pairs, and the body's length, which does not depend on
 * the nonce (nonces have one length, the compressed framing around them too).
 */
export type ReplayForm = { pairs: string[]; contentLength: number };

const replayForms = new WeakMap<CachedResponse, Partial<Record<Coding, ReplayForm>>>();

export function replayForm(entry: CachedResponse, coding: Coding): ReplayForm {
  let forms = replayForms.get(entry);
  if (!forms) replayForms.set(entry, (forms = {}));
  let form = forms[coding];
  if (!form) {
    const pairs: string[] = [];
    for (const [name, value] of Object.entries(entry.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) pairs.push(name, one);
    }
    if (coding !== "identity") pairs.push("content-encoding", coding);
    const sample = responsePieces(entry, coding, "x".repeat(NONCE_LENGTH));
    form = forms[coding] = { pairs, contentLength: sample.reduce((n, piece) => n + piece.length, 0) };
  }
  return form;
}

/** The gzip member of `parts` joined with `nonce`, as one buffer. */
export function gzipWithNonce(parts: Buffer[], gz: GzipParts, nonce: string): Buffer {
  return Buffer.concat(gzipPiecesWithNonce(parts, gz, nonce));
}

// ---------------------------------------------------------------------------------------------
// Brotli (see the top of this file)

export type BrotliParts = {
  /**
   * The compressed stream cut where the nonces go: segments[0] (stream header and the first
   * part), then one segment per further part, the last one ending the stream. Each segment
   * starts and ends on a byte boundary.
   */
  segments: Buffer[];
};

/** The header of an uncompressed brotli meta-block of NONCE_LENGTH bytes (RFC 7932 §9.2). */
const STORED_NONCE_HEADER = (() => {
  // ISLAST = 0 (1 bit), MNIBBLES = 4 (2 bits: 0), MLEN - 1 (16 bits), ISUNCOMPRESSED = 1 (1 bit),
  // then zero bits up to the byte boundary.
  const bits = 0 | (0 << 1) | ((NONCE_LENGTH - 1) << 3) | (1 << 19);
  return Buffer.from([bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff]);
})();

/** Bytes that occur nowhere in `parts` (placeholder material), or null when fewer than 16 are left. */
function absentBytes(parts: Buffer[]): number[] | null {
  const seen = new Uint8Array(256);
  for (const part of parts) for (let i = 0; i < part.length; i++) seen[part[i]] = 1;
  const absent: number[] = [];
  for (let b = 0; b < 256; b++) if (!seen[b] && b !== 0x3d) absent.push(b); // never "="
  return absent.length >= 16 ? absent : null;
}

/** 22 random bytes of `alphabet` and "==": as long as a nonce, ending like one. */
function placeholder(alphabet: number[]): Buffer {
  const random = crypto.randomBytes(NONCE_LENGTH - 2);
  const bytes = Buffer.alloc(NONCE_LENGTH, 0x3d);
  for (let i = 0; i < random.length; i++) bytes[i] = alphabet[random[i] % alphabet.length];
  return bytes;
}

/** The pieces of the brotli stream of `parts` joined with `nonce` (a 24-byte nonce ending "=="). */
export function brotliPiecesWithNonce(br: BrotliParts, nonce: string): Buffer[] {
  const needle = Buffer.from(nonce, "latin1");
  const pieces: Buffer[] = [br.segments[0]];
  for (let i = 1; i < br.segments.length; i++) pieces.push(STORED_NONCE_HEADER, needle, br.segments[i]);
  return pieces;
}

/** Two nonces that differ from each other in each of the 22 positions before "==". */
function checkNonces(): [string, string] {
  const a = newNonce();
  const b = [...a.slice(0, 22)].map((c) => (c === "A" ? "B" : "A")).join("") + "==";
  return [a, b];
}

/**
 * Compresses `parts` as one brotli stream, with placeholders where the nonce goes (flushed on
 * either side, so each placeholder's compressed form is a segment of its own, dropped here), on
 * the thread pool. Null when the parts contain every byte a placeholder could use, or when the
 * result does not decompress to the page with other nonces (it then simply has no brotli form).
 */
export async function brotliPartsAsync(parts: Buffer[]): Promise<BrotliParts | null> {
  const alphabet = parts.length > 1 ? absentBytes(parts) : [];
  if (!alphabet) return null;
  const size = parts.reduce((n, p) => n + p.length, 0) + NONCE_LENGTH * (parts.length - 1);
  const encoder = zlib.createBrotliCompress({
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: LEVELS.cached.br,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  });
  const output: Buffer[] = [];
  let produced = 0;
  encoder.on("data", (chunk: Buffer) => {
    output.push(chunk);
    produced += chunk.length;
  });
  const ended = new Promise<void>((resolve, reject) => {
    encoder.once("end", resolve);
    encoder.once("error", reject);
  });
  // Output offsets where each part and each placeholder ends.
  const marks: number[] = [];
  const flush = () => new Promise<void>((resolve) => encoder.flush(zlib.constants.BROTLI_OPERATION_FLUSH, () => resolve(void marks.push(produced))));
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      encoder.write(placeholder(alphabet));
      await flush();
    }
    encoder.write(parts[i]);
    if (i < parts.length - 1) await flush();
  }
  encoder.end();
  await ended;
  marks.push(produced);
  const stream = Buffer.concat(output);
  const segments: Buffer[] = [];
  let from = 0;
  marks.forEach((end, i) => {
    if (i % 2 === 0) segments.push(stream.subarray(from, end)); // parts; odd marks end placeholders
    from = end;
  });
  const candidate = { segments };
  for (const nonce of checkNonces()) {
    const expected = joinWithNonce(parts, nonce);
    let decoded: Buffer;
    try {
      decoded = await brotliDecompress(Buffer.concat(brotliPiecesWithNonce(candidate, nonce)));
    } catch {
      return null;
    }
    if (!decoded.equals(expected)) return null;
  }
  return candidate;
}

const brotliDecompress = promisify(zlib.brotliDecompress);

/** Response headers never stored with an entry: per-response, per-connection, or set afresh on replay. */
const NOT_REPLAYED = new Set(["set-cookie", "date", "connection", "keep-alive", "transfer-encoding", "content-length", "etag", "x-page-cache"]);

export const DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate";

type EntryInput = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
  renderNonce: string;
  omitHeaders?: ReadonlySet<string>;
  now?: number;
};

/**
 * Turns a rendered response into a cache entry, as it was rendered (no compressed forms).
 * `omitHeaders` are lower-case names set afresh on every response (the security headers, whose
 * CSP carries the nonce). The route's own Cache-Control is kept; without one, browsers are told
 * to revalidate every time. `Vary: Cookie` is added (a signed-in visitor's page differs).
 */
export function toCachedResponse({ status, headers, body, renderNonce, omitHeaders = new Set<string>(), now = Date.now() }: EntryInput): CachedResponse {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || NOT_REPLAYED.has(lower) || omitHeaders.has(lower)) continue;
    kept[lower] = Array.isArray(value) ? value : String(value);
  }
  kept["cache-control"] ??= DEFAULT_CACHE_CONTROL;
  kept.vary = addToVary(kept.vary, "Cookie");
  const parts = splitOnNonce(body, renderNonce);
  return { status, headers: kept, parts, gzip: null, brotli: null, hash: bodyHash(parts), bytes: body.length, storedAt: now };
}

function worthCompressing(entry: CachedResponse): boolean {
  return entry.bytes >= MIN_COMPRESS_BYTES && !entry.headers["content-encoding"];
}

/**
 * toCachedResponse with the entry's gzip and brotli forms, compressed on the thread pool so the
 * event loop keeps answering meanwhile (what the server stores). `Vary: Accept-Encoding` is added
 * when a compressed form is kept.
 */
export async function toCachedResponseAsync(input: EntryInput): Promise<CachedResponse> {
  const entry = toCachedResponse(input);
  if (!worthCompressing(entry)) return entry;
  const [gzip, brotli] = await Promise.all([gzipPartsAsync(entry.parts), brotliPartsAsync(entry.parts)]);
  const compressedBytes = [...gzip.blocks, ...(brotli?.segments ?? [])].reduce((n, b) => n + b.length, 0);
  return {
    ...entry,
    gzip,
    brotli,
    headers: { ...entry.headers, vary: addToVary(entry.headers.vary, "Accept-Encoding") },
    bytes: entry.bytes + compressedBytes,
  };
}

// ---------------------------------------------------------------------------------------------
// The store

export type CachedResponse = {
  status: number;
  /** Response headers to replay (content type, the route's own cache headers …). */
  headers: Record<string, string | string[]>;
  /** The body cut at the nonce it was rendered with. */
  parts: Buffer[];
  /** The same parts gzip-compressed, for clients that accept it (null for small bodies). */
  gzip: GzipParts | null;
  /** The page brotli-compressed around its nonces (null for small bodies, or if it could not be). */
  brotli: BrotliParts | null;
  hash: string;
  /** Memory held: the body and its compressed forms. */
  bytes: number;
  storedAt: number;
};

/** A request that is rendering a page others may wait for; settle() exactly once. */
export type Leader = {
  key: string;
  generation: number;
  settle(entry: CachedResponse | null): void;
};

export type Lookup = { entry: CachedResponse; fresh: boolean };

export class PageCache {
  readonly settings: PageCacheSettings;
  private readonly entries = new Map<string, CachedResponse>();
  private readonly inflight = new Map<string, Promise<CachedResponse | null>>();
  private totalBytes = 0;
  private gen = 0;
  readonly stats = { hits: 0, stale: 0, misses: 0, coalesced: 0, stores: 0, evictions: 0, clears: 0 };

  constructor(
    settings: Partial<PageCacheSettings> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.settings = { ...DEFAULT_PAGE_CACHE_SETTINGS, ...settings };
  }

  get enabled(): boolean {
    return this.settings.ttlMs > 0;
  }

  /** Changes on every clear(); a render that started in an earlier generation is not stored. */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The entry for `key` (marked most recently used), fresh or past its TTL; undefined if none. */
  lookup(key: string): Lookup | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { entry, fresh: this.clock() - entry.storedAt < this.settings.ttlMs };
  }

  /** Stores `entry` if the cache was not cleared since `generation`; false when it was not stored. */
  store(key: string, entry: CachedResponse, generation: number): boolean {
    if (!this.enabled || generation !== this.gen) return false;
    const { bytes } = entry;
    if (bytes > this.settings.maxEntryBytes || bytes > this.settings.maxBytes) return false;
    this.remove(key);
    this.entries.set(key, entry);
    this.totalBytes += bytes;
    this.stats.stores++;
    while (this.entries.size > this.settings.maxEntries || this.totalBytes > this.settings.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
      this.stats.evictions++;
    }
    return true;
  }

  /**
   * Forgets the entries nobody asked for again within a minute past their TTL (a page past its
   * TTL is only served while it is rendered again), so memory returns after a burst of pages.
   */
  sweep() {
    const oldest = this.clock() - this.settings.ttlMs - SWEEP_AFTER_MS;
    for (const [key, entry] of this.entries) if (entry.storedAt < oldest) this.remove(key);
  }

  /** Forgets one entry (its page can no longer be cached: an error, a redirect, a cookie …). */
  delete(key: string) {
    this.remove(key);
  }

  private remove(key: string) {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.totalBytes -= old.bytes;
  }

  /** Forgets everything (after any change); renders under way will not be stored. */
  clear() {
    this.entries.clear();
    this.inflight.clear();
    this.totalBytes = 0;
    this.gen++;
    this.stats.clears++;
  }

  /** The render of `key` others are waiting for, if one is under way. */
  pending(key: string): Promise<CachedResponse | null> | undefined {
    return this.inflight.get(key);
  }

  /**
   * Makes the caller the one request that renders `key` (undefined when another already does).
   * Waiting requests get the stored entry, or null when the response could not be cached.
   */
  lead(key: string): Leader | undefined {
    if (this.inflight.has(key)) return undefined;
    let resolve!: (entry: CachedResponse | null) => void;
    const promise = new Promise<CachedResponse | null>((r) => (resolve = r));
    this.inflight.set(key, promise);
    const generation = this.gen;
    let settled = false;
    return {
      key,
      generation,
      settle: (entry) => {
        if (settled) return;
        settled = true;
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        resolve(entry);
      },
    };
  }
}
