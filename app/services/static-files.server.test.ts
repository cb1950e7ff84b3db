import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { IMMUTABLE_CACHE_CONTROL, PUBLIC_FILE_CACHE_CONTROL, StaticFiles, precompressFolder } from "./static-files.server";

let dir: string;
const script = Buffer.from(`export function render(){return ${JSON.stringify("a module of the build ".repeat(300))}}`);
const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><title>icon</title></svg>`);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "static-files-"));
  fs.mkdirSync(path.join(dir, "build", "_shared"), { recursive: true });
  fs.writeFileSync(path.join(dir, "build", "_shared", "chunk-ABC.js"), script);
  fs.writeFileSync(path.join(dir, "build", "_shared", "photo.png"), Buffer.alloc(4000, 7));
  fs.writeFileSync(path.join(dir, "favicon.svg"), svg);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Serves `files` on a local port for one callback: what a request gets, as raw bytes. */
async function withServer(
  files: StaticFiles,
  fn: (
    get: (url: string, headers?: Record<string, string>, method?: string) => Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>,
  ) => Promise<void>,
) {
  const server = http.createServer((req, res) => {
    files.serve(req, res).then((served) => {
      if (!served) res.writeHead(404).end("to the app");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const get = (url: string, headers: Record<string, string> = {}, method = "GET") =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .request({ port, path: url, method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject)
        .end();
    });
  try {
    await fn(get);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe("the build's assets", () => {
  test("the build step writes brotli and gzip forms of compressible files only", async () => {
    const summary = await precompressFolder(path.join(dir, "build"));
    expect(summary.files).toBe(1);
    const base = path.join(dir, "build", "_shared", "chunk-ABC.js");
    expect(brotliDecompressSync(fs.readFileSync(`${base}.br`)).equals(script)).toBe(true);
    expect(gunzipSync(fs.readFileSync(`${base}.gz`)).equals(script)).toBe(true);
    expect(fs.existsSync(path.join(dir, "build", "_shared", "photo.png.br"))).toBe(false);
    expect(summary.br).toBeLessThan(script.length / 5);
  });

  test("are served in the client's preferred coding from the stored forms, immutable for a year", async () => {
    await precompressFolder(path.join(dir, "build"));
    const files = new StaticFiles(dir);
    expect(files.stats.compressedAtBuild).toBe(2);
    await withServer(files, async (get) => {
      const br = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(br.status).toBe(200);
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(br.headers["cache-control"]).toBe(IMMUTABLE_CACHE_CONTROL);
      expect(br.headers.vary).toBe("Accept-Encoding");
      expect(Number(br.headers["content-length"])).toBe(br.body.length);
      expect(brotliDecompressSync(br.body).equals(script)).toBe(true);

      const gz = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "gzip" });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(gz.body).equals(script)).toBe(true);

      const plain = await get("/build/_shared/chunk-ABC.js");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.equals(script)).toBe(true);
      expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    });
    expect(files.stats.compressedOnRequest).toBe(0);
  });

  test("an asset built without its compressed forms is compressed on its first request, once", async () => {
    const files = new StaticFiles(dir);
    await withServer(files, async (get) => {
      for (let i = 0; i < 3; i++) {
        const br = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "br" });
        expect(brotliDecompressSync(br.body).equals(script)).toBe(true);
      }
    });
    expect(files.stats.compressedOnRequest).toBe(1);
  });

  test("HEAD gets the headers of GET without a body, and a known validator gets 304", async () => {
    await precompressFolder(path.join(dir, "build"));
    await withServer(new StaticFiles(dir), async (get) => {
      const full = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "br" });
      const head = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "br" }, "HEAD");
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers["content-length"]).toBe(full.headers["content-length"]);
      expect(head.headers["content-encoding"]).toBe("br");
      const again = await get("/build/_shared/chunk-ABC.js", { "accept-encoding": "br", "if-none-match": full.headers.etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      const other = await get("/build/_shared/chunk-ABC.js", { "if-none-match": '"something-else"' });
      expect(other.status).toBe(200);
    });
  });
});

test("other public files are cached for an hour; small and binary ones go out as they are", async () => {
  await withServer(new StaticFiles(dir), async (get) => {
    const icon = await get("/favicon.svg", { "accept-encoding": "br" });
    expect(icon.headers["cache-control"]).toBe(PUBLIC_FILE_CACHE_CONTROL);
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.headers["content-encoding"]).toBeUndefined(); // under a kilobyte
    expect(icon.body.equals(svg)).toBe(true);
    const photo = await get("/build/_shared/photo.png", { "accept-encoding": "br" });
    expect(photo.headers["content-encoding"]).toBeUndefined();
    expect(photo.headers.vary).toBeUndefined();
  });
});

test("unknown paths, other methods and the precompressed copies themselves are left to the app", async () => {
  await precompressFolder(path.join(dir, "build"));
  const files = new StaticFiles(dir);
  expect(files.isStaticPath("/build/anything")).toBe(true);
  expect(files.isStaticPath("/favicon.svg?v=2")).toBe(true);
  expect(files.isStaticPath("/consultations")).toBe(false);
  await withServer(files, async (get) => {
    expect((await get("/build/_shared/missing.js")).status).toBe(404);
    expect((await get("/build/_shared/chunk-ABC.js.br")).status).toBe(404);
    expect((await get("/build/_shared/chunk-ABC.js", {}, "POST")).status).toBe(404);
    expect((await get("/build/../favicon.svg")).status).toBe(404);
  });
});
