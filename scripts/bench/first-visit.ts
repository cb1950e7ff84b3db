// The weight of a first visit: a page's HTML and every script and stylesheet it references
// (stylesheets, module scripts, modulepreload links and the modules its inline module scripts
// import), each fetched once as a browser with an empty cache asks for it (`Accept-Encoding: br,
// gzip`), counting the bytes on the wire: compressed bodies and the response headers.
import http from "node:http";
import zlib from "node:zlib";

export type Transfer = {
  url: string;
  kind: "html" | "js" | "css";
  status: number;
  encoding: string;
  bodyBytes: number;
  headerBytes: number;
  decodedBytes: number;
};

export type FirstVisit = {
  transfers: Transfer[];
  /** Bytes on the wire: bodies and headers of every response. */
  total: number;
  headerBytes: number;
  byKind: Record<Transfer["kind"], number>;
  /** What the bodies would weigh uncompressed. */
  uncompressed: number;
};

export const FIRST_VISIT_ACCEPT_ENCODING = "br, gzip";

/** One GET; the body as sent (still compressed) and the size of the status line and headers. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; encoding: string; body: Buffer; headerBytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        let headerBytes = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < response.rawHeaders.length; i += 2)
          headerBytes += Buffer.byteLength(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`);
        resolve({
          status: response.statusCode ?? 0,
          encoding: String(response.headers["content-encoding"] ?? "identity"),
          body: Buffer.concat(chunks),
          headerBytes,
        });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`${url} did not answer within 10 s`)));
    request.on("error", reject);
  });
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === "br") return zlib.brotliDecompressSync(body);
  if (encoding === "gzip") return zlib.gunzipSync(body);
  return body;
}

/** The same-origin scripts and stylesheets an HTML page makes a browser fetch. */
export function referencedAssets(html: string): { url: string; kind: "js" | "css" }[] {
  const found = new Map<string, "js" | "css">();
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? "";
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (rel === "stylesheet") found.set(href, "css");
    else if (rel === "modulepreload") found.set(href, "js");
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) found.set(m[1], "js");
  for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1].matchAll(/\bimport\s*(?:[^"'();]*?\bfrom\s*)?\(?\s*["']([^"']+)["']/g)) found.set(i[1], "js");
  }
  return [...found].filter(([url]) => url.startsWith("/") && !url.startsWith("//")).map(([url, kind]) => ({ url, kind }));
}

export async function measureFirstVisit(origin: string, path: string): Promise<FirstVisit> {
  const headers = { "accept-encoding": FIRST_VISIT_ACCEPT_ENCODING, accept: "text/html,*/*" };
  const page = await get(`${origin}${path}`, headers);
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  const html = decode(page.body, page.encoding);
  const transfers: Transfer[] = [
    {
      url: path,
      kind: "html",
      status: page.status,
      encoding: page.encoding,
      bodyBytes: page.body.length,
      headerBytes: page.headerBytes,
      decodedBytes: html.length,
    },
  ];
  for (const asset of referencedAssets(html.toString())) {
    const r = await get(`${origin}${asset.url}`, headers);
    if (r.status !== 200) throw new Error(`GET ${asset.url} (referenced by ${path}) answered ${r.status}`);
    transfers.push({
      url: asset.url,
      kind: asset.kind,
      status: r.status,
      encoding: r.encoding,
      bodyBytes: r.body.length,
      headerBytes: r.headerBytes,
      decodedBytes: decode(r.body, r.encoding).length,
    });
  }
  const byKind = { html: 0, js: 0, css: 0 };
  for (const t of transfers) byKind[t.kind] += t.bodyBytes;
  const headerBytes = transfers.reduce((n, t) => n + t.headerBytes, 0);
  return {
    transfers,
    total: byKind.html + byKind.js + byKind.css + headerBytes,
    headerBytes,
    byKind,
    uncompressed: transfers.reduce((n, t) => n + t.decodedBytes, 0),
  };
}
