/**
 * Content codings of HTTP responses (docs/decisions/023-server-compression.md): which coding a
 * client gets (Accept-Encoding with its q-values), which media types are worth compressing, and
 * the compressors with their settings — cheap for responses rendered per request, the smallest
 * output for what is compressed once (the build's assets, at build time).
 *
 * node:zlib only and no other app module: server.ts and scripts/build.ts load it directly.
 */
import { Transform } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";

export type Encoding = "br" | "gzip";

/** Best first: brotli is smaller at the same cost, so it wins a tie of q-values. */
export const SERVER_PREFERENCE: readonly Encoding[] = ["br", "gzip"];

/** Bodies smaller than this go out as they are (the coding's framing would eat the gain). */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * Compression levels (measured in docs/performance.md). Per-request responses (signed-in pages,
 * exports, feeds): brotli 4 and gzip 4 — each about 3.5 ms for the 240 kB signed-in consultation
 * page, a quarter of its rendering, where gzip 6 takes twice as long for 4 % less and brotli 4
 * is already 30 % smaller than gzip 6; they run on libuv's thread pool, not the event loop. The
 * anonymous page cache compresses an entry once per render: brotli 6, gzip 6. The build's
 * assets are compressed once, at build time, with the most thorough settings: brotli 11, gzip 9.
 */
export const LEVELS = {
  dynamic: { br: 4, gzip: 4 },
  cached: { br: 6, gzip: 6 },
  static: { br: 11, gzip: 9 },
} as const;
export type Effort = keyof typeof LEVELS;

/**
 * The coding to answer with, from the request's Accept-Encoding (RFC 9110 §12.5.3): the offered
 * coding with the highest non-zero q-value, `*` standing for codings the header does not name,
 * ties going to the server's preference; null for the identity (no header, nothing acceptable).
 */
export function negotiateEncoding(header: string | string[] | undefined, offered: readonly Encoding[] = SERVER_PREFERENCE): Encoding | null {
  if (!header) return null;
  const value = (Array.isArray(header) ? header.join(",") : header).toLowerCase();
  if (value.length > 1024) return null;
  const named = new Map<string, number>();
  let any: number | undefined;
  for (const item of value.split(",")) {
    const [rawName, ...params] = item.split(";");
    const name = rawName.trim();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, raw] = param.split("=").map((s) => s.trim());
      if (key === "q") q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(raw ?? "") ? Number(raw) : 0;
    }
    const coding = name === "x-gzip" ? "gzip" : name;
    if (coding === "*") any = q;
    else named.set(coding, Math.max(q, named.get(coding) ?? 0));
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const coding of offered) {
    const q = named.get(coding) ?? any ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** Text formats gain from compression; images, archives and fonts other than SVG are compressed already. */
export function isCompressibleType(contentType: string | number | string[] | undefined): boolean {
  if (contentType === undefined) return false;
  const type = String(Array.isArray(contentType) ? contentType[0] : contentType)
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (type === "text/event-stream") return false; // each event must leave as it is written
  return (
    type.startsWith("text/") ||
    /^application\/(?:json|javascript|ecmascript|xml|x-ndjson|manifest\+json|ld\+json|wasm)$/.test(type) ||
    /^(?:application|image)\/[\w.-]+\+(?:json|xml)$/.test(type)
  );
}

/** Adds `name` to a Vary value once (case-insensitive; `*` covers everything). */
export function addToVary(vary: string | number | string[] | undefined, name: string): string {
  const current = vary === undefined ? "" : Array.isArray(vary) ? vary.join(", ") : String(vary);
  const listed = current.split(",").map((v) => v.trim().toLowerCase());
  if (listed.includes("*") || listed.includes(name.toLowerCase())) return current;
  return current.trim() ? `${current}, ${name}` : name;
}

function brotliOptions(quality: number, sizeHint?: number): zlib.BrotliOptions {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      ...(sizeHint ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint } : {}),
    },
  };
}

/**
 * Joins small writes into pieces of up to `size` bytes. A rendered page arrives as a hundred
 * writes of a couple of kilobytes; handed to a compressor one by one, each is a job on the thread
 * pool and, at the low levels, a meta-block of its own (the output is then twice as large).
 */
export function coalesce(size = 64 * 1024): Transform {
  let held: Buffer[] = [];
  let heldBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= size) {
        const piece = Buffer.concat(held, heldBytes);
        held = [];
        heldBytes = 0;
        callback(null, piece);
      } else callback();
    },
    flush(callback) {
      callback(null, heldBytes ? Buffer.concat(held, heldBytes) : undefined);
    },
  });
}

/** A streaming compressor (it works on the thread pool) for `encoding` at the given effort. */
export function createCompressor(encoding: Encoding, effort: Effort): Transform {
  return encoding === "br" ? zlib.createBrotliCompress(brotliOptions(LEVELS[effort].br)) : zlib.createGzip({ level: LEVELS[effort].gzip });
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** A whole buffer compressed off the event loop. */
export function compress(body: Buffer, encoding: Encoding, effort: Effort): Promise<Buffer> {
  return encoding === "br" ? brotli(body, brotliOptions(LEVELS[effort].br, body.length)) : gzip(body, { level: LEVELS[effort].gzip });
}
