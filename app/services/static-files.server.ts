/**
 * The files of public/ — the build's assets under /build and the few files beside them — served
 * from memory, each compressible one in its brotli and gzip forms made once: at build time
 * (scripts/build.ts writes `<file>.br` and `<file>.gz` beside each asset), or, for an asset
 * built without them, on its first request (then kept). /build names carry a content hash, so
 * they are cached for a year as immutable; the other files for an hour.
 *
 * public/ is build output: the server reads it once at start (restart to add a file).
 * Plain Node and http-compression.server only: server.ts and scripts/build.ts load it directly.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { compress, isCompressibleType, MIN_COMPRESS_BYTES, negotiateEncoding, SERVER_PREFERENCE, type Encoding } from "./http-compression.server";

const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };
const ETAG_SUFFIX: Record<Encoding, string> = { br: ":br", gzip: ":gz" };

export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
export const PUBLIC_FILE_CACHE_CONTROL = "public, max-age=3600";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function isPrecompressedCopy(file: string): boolean {
  return file.endsWith(SUFFIX.br) || file.endsWith(SUFFIX.gzip);
}

function worthCompressing(file: string, size: number): boolean {
  return size >= MIN_COMPRESS_BYTES && isCompressibleType(contentTypeOf(file));
}

/** Every file under `dir` (relative paths with "/"), without the precompressed copies. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path
        .relative(dir, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join("/"),
    )
    .filter((file) => !isPrecompressedCopy(file))
    .sort();
}

export type PrecompressSummary = { files: number; bytes: number; br: number; gzip: number };

/**
 * Writes the brotli and gzip forms of every compressible file under `dir` beside it, with the most
 * thorough settings (the work is done once per build, on the thread pool). A form that would not
 * be smaller is not written.
 */
export async function precompressFolder(dir: string): Promise<PrecompressSummary> {
  const summary: PrecompressSummary = { files: 0, bytes: 0, br: 0, gzip: 0 };
  const files = filesUnder(dir).filter((file) => worthCompressing(file, fs.statSync(path.join(dir, file)).size));
  await Promise.all(
    files.map(async (file) => {
      const full = path.join(dir, file);
      const body = await fs.promises.readFile(full);
      summary.files++;
      summary.bytes += body.length;
      for (const encoding of SERVER_PREFERENCE) {
        const encoded = await compress(body, encoding, "static");
        const target = full + SUFFIX[encoding];
        if (encoded.length < body.length) {
          await fs.promises.writeFile(target, encoded);
          summary[encoding] += encoded.length;
        } else {
          await fs.promises.rm(target, { force: true });
          summary[encoding] += body.length;
        }
      }
    }),
  );
  return summary;
}

type StaticFile = {
  type: string;
  cacheControl: string;
  identity: Buffer;
  hash: string;
  compressible: boolean;
  /** The compressed forms: read from the build's copies, or made on first request (a promise meanwhile). */
  encoded: Partial<Record<Encoding, Buffer | Promise<Buffer | null> | null>>;
};

export type StaticFilesStats = { files: number; compressedAtBuild: number; compressedOnRequest: number };

export class StaticFiles {
  readonly stats: StaticFilesStats = { files: 0, compressedAtBuild: 0, compressedOnRequest: 0 };
  private readonly files = new Map<string, StaticFile>();
  private readonly topLevelNames: Set<string>;

  /** Reads every file of `publicDir` (build output: a few megabytes at most). */
  constructor(publicDir: string) {
    this.topLevelNames = new Set(fs.existsSync(publicDir) ? fs.readdirSync(publicDir).filter((name) => !isPrecompressedCopy(name)) : []);
    for (const file of filesUnder(publicDir)) {
      const full = path.join(publicDir, file);
      const identity = fs.readFileSync(full);
      const compressible = worthCompressing(file, identity.length);
      const encoded: StaticFile["encoded"] = {};
      if (compressible) {
        for (const encoding of SERVER_PREFERENCE) {
          const copy = full + SUFFIX[encoding];
          if (fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= fs.statSync(full).mtimeMs) {
            encoded[encoding] = fs.readFileSync(copy);
            this.stats.compressedAtBuild++;
          }
        }
      }
      this.files.set(`/${file}`, {
        type: contentTypeOf(file),
        cacheControl: file.startsWith("build/") ? IMMUTABLE_CACHE_CONTROL : PUBLIC_FILE_CACHE_CONTROL,
        identity,
        hash: crypto.createHash("sha256").update(identity).digest("base64url").slice(0, 27),
        compressible,
        encoded,
      });
    }
    this.stats.files = this.files.size;
  }

  /**
   * Is this request URL under a name at the top of public/? Such paths are never pages (the page
   * cache skips them) — without a file-system lookup per request.
   */
  isStaticPath(requestUrl: string | undefined): boolean {
    if (!requestUrl || requestUrl[0] !== "/") return false;
    const end = requestUrl.slice(1).search(/[/?]/);
    return this.topLevelNames.has(end === -1 ? requestUrl.slice(1) : requestUrl.slice(1, end + 1));
  }

  private find(requestUrl: string): StaticFile | undefined {
    const q = requestUrl.indexOf("?");
    const pathname = q === -1 ? requestUrl : requestUrl.slice(0, q);
    const found = this.files.get(pathname);
    if (found) return found;
    try {
      return this.files.get(decodeURIComponent(pathname));
    } catch {
      return undefined;
    }
  }

  /** The form for this client: a stored one, made now (once) if the build did not write it. */
  private async encodedForm(file: StaticFile, encoding: Encoding): Promise<Buffer | null> {
    let form = file.encoded[encoding];
    if (form === undefined) {
      this.stats.compressedOnRequest++;
      form = compress(file.identity, encoding, "static").then(
        (buffer) => (file.encoded[encoding] = buffer.length < file.identity.length ? buffer : null),
        () => (file.encoded[encoding] = null),
      );
      file.encoded[encoding] = form;
    }
    return form;
  }

  /**
   * Answers a GET or HEAD of a file of public/ (true), or leaves the request alone (false): other
   * methods and unknown paths go on to the app.
   */
  async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const file = req.url ? this.find(req.url) : undefined;
    if (!file) return false;
    let encoding = file.compressible ? negotiateEncoding(req.headers["accept-encoding"]) : null;
    let body = file.identity;
    if (encoding) {
      const form = await this.encodedForm(file, encoding);
      if (form) body = form;
      else encoding = null;
    }
    const etag = `"${file.hash}${encoding ? ETAG_SUFFIX[encoding] : ""}"`;
    const headers: http.OutgoingHttpHeaders = { "cache-control": file.cacheControl, etag };
    if (file.compressible) headers.vary = "Accept-Encoding";
    if (matchesAnyForm(req.headers["if-none-match"], file.hash)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    headers["content-type"] = file.type;
    headers["content-length"] = body.length;
    if (encoding) headers["content-encoding"] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }
}

/** If-None-Match naming any form of this file (or `*`). */
function matchesAnyForm(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  return header.split(",").some((raw) => {
    const tag = raw.trim().replace(/^W\//, "");
    return tag === "*" || tag === `"${hash}"` || tag === `"${hash}:br"` || tag === `"${hash}:gz"`;
  });
}
