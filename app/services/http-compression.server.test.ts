import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, test } from "vitest";
import { addToVary, coalesce, compress, createCompressor, isCompressibleType, negotiateEncoding } from "./http-compression.server";

describe("choosing the coding from Accept-Encoding", () => {
  test("browsers get brotli, clients that only take gzip get gzip, others the identity", () => {
    expect(negotiateEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(negotiateEncoding("gzip, deflate")).toBe("gzip");
    expect(negotiateEncoding("x-gzip")).toBe("gzip");
    expect(negotiateEncoding("deflate, zstd")).toBeNull();
    expect(negotiateEncoding("identity")).toBeNull();
    expect(negotiateEncoding("")).toBeNull();
    expect(negotiateEncoding(undefined)).toBeNull();
  });

  test("q-values decide, a tie goes to brotli, and q=0 refuses a coding", () => {
    expect(negotiateEncoding("br;q=0.5, gzip;q=0.8")).toBe("gzip");
    expect(negotiateEncoding("gzip;q=0.8, br;q=0.8")).toBe("br");
    expect(negotiateEncoding("br;q=0, gzip")).toBe("gzip");
    expect(negotiateEncoding("br;q=0, gzip;q=0")).toBeNull();
    expect(negotiateEncoding("GZIP ; Q=1.0")).toBe("gzip");
    expect(negotiateEncoding("br;q=nonsense, gzip;q=0.1")).toBe("gzip");
    expect(negotiateEncoding("br;q=1.5")).toBeNull(); // not a q-value: treated as refused
  });

  test("`*` stands for every coding the header does not name", () => {
    expect(negotiateEncoding("*")).toBe("br");
    expect(negotiateEncoding("br;q=0, *")).toBe("gzip");
    expect(negotiateEncoding("*;q=0")).toBeNull();
    expect(negotiateEncoding("gzip, *;q=0")).toBe("gzip");
  });

  test("only the codings on offer are chosen", () => {
    expect(negotiateEncoding("br", ["gzip"])).toBeNull();
    expect(negotiateEncoding("br, gzip;q=0.1", ["gzip"])).toBe("gzip");
  });
});

test("text formats are compressible; event streams, images, archives and fonts are not", () => {
  for (const type of [
    "text/html; charset=utf-8",
    "text/css",
    "text/javascript",
    "text/csv; charset=utf-8",
    "text/calendar",
    "application/json",
    "application/atom+xml; charset=utf-8",
    "application/manifest+json",
    "image/svg+xml",
  ]) {
    expect(isCompressibleType(type), type).toBe(true);
  }
  for (const type of [
    "text/event-stream",
    "image/png",
    "image/jpeg",
    "font/woff2",
    "application/zip",
    "application/octet-stream",
    "application/pdf",
    undefined,
  ]) {
    expect(isCompressibleType(type), String(type)).toBe(false);
  }
});

test("Vary gets a name once, case-insensitively, and never beside *", () => {
  expect(addToVary(undefined, "Accept-Encoding")).toBe("Accept-Encoding");
  expect(addToVary("Cookie", "Accept-Encoding")).toBe("Cookie, Accept-Encoding");
  expect(addToVary("cookie, accept-encoding", "Accept-Encoding")).toBe("cookie, accept-encoding");
  expect(addToVary("*", "Cookie")).toBe("*");
});

test("buffers and streams compress to what they decompress back to", async () => {
  const text = Buffer.from("<p>A paragraph of the plan, repeated. </p>".repeat(500));
  expect(brotliDecompressSync(await compress(text, "br", "static")).equals(text)).toBe(true);
  expect(gunzipSync(await compress(text, "gzip", "dynamic")).equals(text)).toBe(true);
  for (const encoding of ["br", "gzip"] as const) {
    const chunks: Buffer[] = [];
    await pipeline(Readable.from([text.subarray(0, 7000), text.subarray(7000)]), createCompressor(encoding, "dynamic"), async (source) => {
      for await (const chunk of source) chunks.push(chunk as Buffer);
    });
    const back = encoding === "br" ? brotliDecompressSync(Buffer.concat(chunks)) : gunzipSync(Buffer.concat(chunks));
    expect(back.equals(text)).toBe(true);
  }
});

test("small writes reach the compressor joined into large pieces, every byte in order", async () => {
  const writes = Array.from({ length: 150 }, (_, i) => Buffer.from(`<li>comment ${i} ${"text ".repeat(400)}</li>`));
  const pieces: Buffer[] = [];
  await pipeline(Readable.from(writes), coalesce(64 * 1024), async (source) => {
    for await (const piece of source) pieces.push(piece as Buffer);
  });
  expect(Buffer.concat(pieces).equals(Buffer.concat(writes))).toBe(true);
  expect(pieces.length).toBeLessThan(6);
  expect(pieces.slice(0, -1).every((p) => p.length >= 64 * 1024)).toBe(true);
});
