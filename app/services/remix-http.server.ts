/**
 * Remix behind Express, the two halves server.ts needs in its own hands: the Fetch Request made
 * from an incoming message (with a body it supplies: counted against the route's limit), and a
 * Fetch Response written out — compressed with the client's preferred coding when the type is
 * worth it. @remix-run/express does the same without either (it hands the app the raw request
 * stream and sends every body as it is), so server.ts uses @remix-run/node's handler with these.
 *
 * Plain Node, Express's request helpers and http-compression.server: server.ts loads it directly.
 */
import type http from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type express from "express";
import { addToVary, coalesce, compress, createCompressor, isCompressibleType, MIN_COMPRESS_BYTES, negotiateEncoding } from "./http-compression.server";

function fetchHeaders(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * The Fetch Request of an Express request, as @remix-run/express builds it (the host as Express
 * resolves it, so `trust proxy` applies; the port from X-Forwarded-Host or Host), with `body`.
 * Its signal aborts when the connection closes before the response is finished.
 */
export function toFetchRequest(
  req: express.Request,
  res: express.Response,
  body?: ReadableStream<Uint8Array>,
): { request: Request; abort(reason: unknown): void } {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("Host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  let finished = false;
  res.once("finish", () => (finished = true));
  res.once("close", () => finished || controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: fetchHeaders(req.headers), signal: controller.signal };
  if (body) {
    init.body = body;
    init.duplex = "half";
  }
  return { request: new Request(url.href, init), abort: (reason) => controller.abort(reason) };
}

/**
 * A response whose whole body the app already holds in memory (a shared rendered document) says
 * so under this symbol (a global one: the app's build and server.ts are separate module graphs),
 * so it is written without passing through a stream.
 */
export const WHOLE_BODY = Symbol.for("iana-consultations.whole-body");

export function withWholeBody(response: Response, body: Buffer): Response {
  (response as Response & { [WHOLE_BODY]?: Buffer })[WHOLE_BODY] = body;
  return response;
}

/** Statuses that never have a body. */
const BODILESS = new Set([204, 205, 304]);

/**
 * Writes a response: its headers (Set-Cookie ones each on its own), then its body — brotli or
 * gzip as the client prefers when the type is compressible, it is not already encoded and not
 * known to be tiny; `Vary: Accept-Encoding` whenever the coding depended on the request. HEAD
 * gets the headers a GET would. Resolves when the body is written (or the client left).
 */
export async function sendResponse(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  response: { status: number; statusText?: string; headers: Headers; body: ReadableStream<Uint8Array> | null },
): Promise<void> {
  const { status, headers } = response;
  const body = response.body;
  const hasBody = body !== null && req.method !== "HEAD" && !BODILESS.has(status);
  const length = Number(headers.get("content-length") ?? Number.NaN);
  // HEAD: Remix drops the body, but the headers are those of the GET.
  const compressible =
    (body !== null || req.method === "HEAD") &&
    !BODILESS.has(status) &&
    status !== 206 &&
    isCompressibleType(headers.get("content-type") ?? undefined) &&
    !headers.has("content-encoding") &&
    !/\bno-transform\b/i.test(headers.get("cache-control") ?? "");
  const encoding = compressible && !(length < MIN_COMPRESS_BYTES) ? negotiateEncoding(req.headers["accept-encoding"]) : null;
  if (compressible) headers.set("vary", addToVary(headers.get("vary") ?? undefined, "Accept-Encoding"));
  if (encoding) {
    headers.set("content-encoding", encoding);
    headers.delete("content-length");
    // The validator of the uncompressed bytes names another representation now.
    const etag = headers.get("etag");
    if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
  }

  res.statusCode = status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);

  if (!hasBody || !body) {
    res.end();
    await body?.cancel().catch(() => {});
    return;
  }
  const whole = (response as { [WHOLE_BODY]?: Buffer })[WHOLE_BODY];
  if (whole) {
    await body.cancel().catch(() => {});
    const encoded = encoding ? await compress(whole, encoding, "dynamic") : whole;
    res.setHeader("content-length", encoded.length);
    res.end(encoded);
    return;
  }
  try {
    if (encoding) {
      // A body that fits is compressed in one go: one job on the thread pool, about half the CPU
      // of the same work as a stream, and the answer gets its length. Larger ones stream.
      const reader = body.getReader();
      const head = await readUpTo(reader, ONE_SHOT_MAX_BYTES);
      if (head.complete) {
        const encoded = await compress(Buffer.concat(head.chunks), encoding, "dynamic");
        res.setHeader("content-length", encoded.length);
        res.end(encoded);
        return;
      }
      const rest = Readable.fromWeb(restOf(head.chunks, reader) as NodeReadableStream<Uint8Array>);
      await pipeline(rest, coalesce(), createCompressor(encoding, "dynamic"), res);
      return;
    }
    const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
    // An event stream's events leave as they are written; anything else in 64 kB pieces, a
    // socket write each rather than one per 2 kB write of React's.
    if (/^text\/event-stream/i.test(headers.get("content-type") ?? "")) await pipeline(source, res);
    else await pipeline(source, coalesce(), res);
  } catch (error) {
    // The client went away, or the body failed mid-way (logged by the app): the connection ends.
    if (!res.destroyed) res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Bodies up to this size are compressed whole; larger ones as a stream. */
const ONE_SHOT_MAX_BYTES = 8 * 1024 * 1024;

/** Reads `reader` until its end or until more than `max` bytes have come. */
async function readUpTo(reader: ReadableStreamDefaultReader<Uint8Array>, max: number): Promise<{ chunks: Uint8Array[]; complete: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { chunks, complete: true };
    chunks.push(value);
    size += value.byteLength;
    if (size > max) return { chunks, complete: false };
  }
}

/** A stream of `head` (already read), then whatever `reader` still has. */
export function restOf(head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start: (controller) => head.forEach((chunk) => controller.enqueue(chunk)),
    pull: async (controller) => {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
