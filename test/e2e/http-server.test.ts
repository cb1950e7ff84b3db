import fs from "node:fs";
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { signInOverHttp, startApp, type App } from "./harness";

// What server.ts adds around the app, seen from a client: content codings (brotli, gzip or none,
// as asked), immutable precompressed assets, the anonymous page cache's validators, body limits
// counted as bodies stream, and the caching headers of personal responses.

let app: App;
let staffCookie: string;
let adminCookie: string;
const SLUG = "root-zone-ksk-algorithm-rollover-from-rsa-sha-256-to-ecdsa-p-256";
const BROWSER = "gzip, deflate, br, zstd";

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number; sent?: number };

/** One request with node:http: the body exactly as sent on the wire (never decompressed). */
function raw(path: string, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function decoded(r: Raw): string {
  const coding = r.headers["content-encoding"];
  return (coding === "br" ? brotliDecompressSync(r.body) : coding === "gzip" ? gunzipSync(r.body) : r.body).toString();
}

/** Posts `total` bytes to `path`, chunked (no Content-Length) or with a Content-Length. */
function post(path: string, total: number, { chunked, cookie }: { chunked: boolean; cookie?: string }): Promise<Raw> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { origin: app.url, "content-type": "application/x-www-form-urlencoded" };
    if (!chunked) headers["content-length"] = total;
    if (cookie) headers.cookie = cookie;
    let answer: Raw | undefined;
    const req = http.request(`${app.url}${path}`, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        answer = { status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started };
        if (finished) resolve({ ...answer, sent });
      });
    });
    let finished = false;
    const done = () => {
      finished = true;
      if (answer) resolve({ ...answer, sent });
    };
    // Once answered, the server may cut the rest of an upload off: that is the point.
    req.on("error", (error) => (answer ? done() : reject(error)));
    req.on("finish", done);
    req.on("close", done);
    const piece = Buffer.from("bodyMd=" + "a".repeat(64 * 1024 - 7));
    let sent = 0;
    const write = () => {
      while (sent < total && !req.destroyed) {
        const next = piece.subarray(0, Math.min(piece.length, total - sent));
        sent += next.length;
        if (!req.write(next)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

function rssBytes(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(/(\d+)/.exec(line)![1]) * 1024;
}

beforeAll(async () => {
  app = await startApp({ demoData: true });
  staffCookie = await signInOverHttp(app, "hanna.lindqvist@iana-ifm.example");
  adminCookie = await signInOverHttp(app, "admin@consultations.example");
});

afterAll(async () => {
  await app?.stop();
});

test("pages in Arabic, Chinese and Russian are whole UTF-8: no byte is lost or zero where a character meets the renderer's 2 kB chunk edge", async () => {
  // React 18.3's stream flushed a full 2 kB chunk when a multi-byte character did not fit,
  // zeros and all (patches/react-dom).
  for (const path of ["/ar/consultations", "/zh/consultations", `/ar/consultations/${SLUG}`, `/zh/consultations/${SLUG}`, `/ru/consultations/${SLUG}`]) {
    for (const cookie of [undefined, staffCookie]) {
      const r = await raw(path, { headers: cookie ? { cookie } : {} });
      expect(r.status, path).toBe(200);
      expect(r.body.includes(0), `${path} ${cookie ? "signed in" : "anonymous"}`).toBe(false);
      // Decoding strictly: a cut character would throw.
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(r.body)).not.toThrow();
    }
  }
});

describe("compression", () => {
  test("a signed-in page comes back in brotli or gzip as asked, and as it is when not", async () => {
    const page = `/consultations/${SLUG}`;
    const br = await raw(page, { headers: { cookie: staffCookie, "accept-encoding": BROWSER } });
    const gz = await raw(page, { headers: { cookie: staffCookie, "accept-encoding": "gzip" } });
    const plain = await raw(page, { headers: { cookie: staffCookie } });
    expect([br.status, gz.status, plain.status]).toEqual([200, 200, 200]);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const r of [br, gz, plain]) {
      expect(r.headers.vary).toMatch(/Cookie/);
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
      expect(r.headers["x-page-cache"]).toBeUndefined(); // rendered for this user, not from the cache
      expect(decoded(r)).toContain("Sign out");
    }
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(br.body.length).toBeLessThan(gz.body.length);
  });

  test("exports and feeds (JSON, CSV, Atom, iCalendar) are compressed when asked", async () => {
    for (const path of [`/consultations/${SLUG}/comments.json`, `/consultations/${SLUG}/comments.csv`, "/feed.xml", "/calendar.ics"]) {
      const br = await raw(path, { headers: { "accept-encoding": "br" } });
      const gz = await raw(path, { headers: { "accept-encoding": "gzip;q=1, br;q=0.5" } });
      const plain = await raw(path);
      expect(br.headers["content-encoding"], path).toBe("br");
      expect(gz.headers["content-encoding"], path).toBe("gzip");
      expect(plain.headers["content-encoding"], path).toBeUndefined();
      // iCalendar stamps each answer with the time it was made: the three may straddle a second.
      const same = (text: string) => text.replace(/DTSTAMP:\d{8}T\d{6}Z/g, "DTSTAMP");
      expect(same(decoded(br))).toBe(same(plain.body.toString()));
      expect(same(decoded(gz))).toBe(same(plain.body.toString()));
      expect(br.headers.vary, path).toMatch(/Accept-Encoding/);
    }
    const json = await raw(`/consultations/${SLUG}/comments.json`, { headers: { cookie: staffCookie, "accept-encoding": "br" } });
    expect(json.headers["content-encoding"]).toBe("br");
    expect(JSON.parse(decoded(json))).toBeTruthy();
  });

  test("the page's CSS and JavaScript come precompressed, immutable, and as they are to clients that do not ask", async () => {
    const html = (await raw("/")).body.toString();
    const assets = [...html.matchAll(/(?:href|src)="(\/build\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    for (const asset of assets.slice(0, 6)) {
      const br = await raw(asset, { headers: { "accept-encoding": BROWSER } });
      const gz = await raw(asset, { headers: { "accept-encoding": "gzip" } });
      const plain = await raw(asset);
      expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(plain.headers["content-encoding"]).toBeUndefined();
      if (plain.body.length >= 1024) {
        expect(br.headers["content-encoding"], asset).toBe("br");
        expect(gz.headers["content-encoding"], asset).toBe("gzip");
        expect(decoded(br)).toBe(plain.body.toString());
        expect(decoded(gz)).toBe(plain.body.toString());
      }
    }
    // Signed-in visitors send their cookie with every asset request: the assets stay public.
    const withCookie = await raw(assets[0], { headers: { cookie: staffCookie } });
    expect(withCookie.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  test("a cached anonymous page is served in brotli, and its ETag still answers 304 with the nonce of the stored copy", async () => {
    const first = await raw("/", { headers: { "accept-encoding": BROWSER } });
    expect(first.headers["content-encoding"]).toBe("br");
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+:br\.[A-Za-z0-9+/]{22}=="$/);
    const nonce = /\.([^"]+)"$/.exec(etag)![1];
    expect(decoded(first)).toContain(`nonce="${nonce}"`);
    const again = await raw("/", { headers: { "accept-encoding": BROWSER, "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers["content-security-policy"]).toContain(`'nonce-${nonce}'`);
    // The same content revalidates from its gzip or identity validator too.
    const gzipTag = (await raw("/", { headers: { "accept-encoding": "gzip" } })).headers.etag!;
    expect((await raw("/", { headers: { "accept-encoding": BROWSER, "if-none-match": gzipTag } })).status).toBe(304);
    const other = await raw("/", { headers: { "accept-encoding": BROWSER, "if-none-match": '"elsewhere.AAAAAAAAAAAAAAAAAAAAAA=="' } });
    expect(other.status).toBe(200);
  });

  test("HEAD answers with the headers of GET and no body: cached, signed-in and static", async () => {
    const cached = await raw("/", { method: "HEAD", headers: { "accept-encoding": BROWSER } });
    expect(cached.status).toBe(200);
    expect(cached.body.length).toBe(0);
    expect(cached.headers["content-encoding"]).toBe("br");
    const personal = await raw("/account", { method: "HEAD", headers: { cookie: staffCookie, "accept-encoding": BROWSER } });
    expect(personal.status).toBe(200);
    expect(personal.body.length).toBe(0);
    expect(personal.headers["content-encoding"]).toBe("br");
    expect(personal.headers["cache-control"]).toBe("private, no-store");
    const css = /href="(\/build\/[^"]+\.css)"/.exec((await raw("/")).body.toString())![1];
    const asset = await raw(css, { method: "HEAD", headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.body.length).toBe(0);
    expect(asset.headers["content-encoding"]).toBe("gzip");
  });
});

describe("request body limits", () => {
  const comment = `/consultations/${SLUG}?index`;

  test("a chunked body over the limit is refused with 413 as soon as the limit is passed, not read whole", async () => {
    const answer = await post(comment, 20 * 1024 * 1024, { chunked: true, cookie: staffCookie });
    expect(answer.status).toBe(413);
    expect(answer.body.toString()).toBe("The submitted form is too large.");
    // Answered at the first megabyte: far sooner than 20 MB could be parsed.
    expect(answer.ms).toBeLessThan(3_000);
  });

  test("a body with a Content-Length over the limit is refused unread", async () => {
    const answer = await post(comment, 2 * 1024 * 1024, { chunked: false, cookie: staffCookie });
    expect(answer.status).toBe(413);
  });

  test("bodies under the limit reach the app, chunked or not", async () => {
    // 200 KiB of comment text: longer than a comment may be, so the app answers with its own 400.
    for (const chunked of [true, false]) {
      const answer = await post(comment, 200 * 1024, { chunked, cookie: staffCookie });
      expect(answer.status, `chunked: ${chunked}`).not.toBe(413);
      expect(answer.status, `chunked: ${chunked}`).toBeLessThan(500);
    }
  });

  test("a body the app does not read is dropped, so the connection serves the next request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const once = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${app.url}${path}`,
          { method, agent, headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded" } },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode!));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    try {
      // /about has no action: the app answers 405 without reading 200 KiB of form.
      expect(await once("POST", "/about", `x=${"a".repeat(200 * 1024)}`)).toBe(405);
      expect(await once("GET", "/about")).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  test("anonymous sign-in posts have a smaller limit, chunked or not", async () => {
    for (const chunked of [true, false]) {
      expect((await post("/login", 100 * 1024, { chunked })).status, `chunked: ${chunked}`).toBe(413);
    }
  });

  test("a refused upload is cut off, not read on: the server's memory stays where it was", async () => {
    const MB = 1024 * 1024;
    const before = rssBytes(app.pid);
    for (let i = 0; i < 4; i++) {
      const answer = await post("/login", 64 * MB, { chunked: true });
      expect(answer.status).toBe(413);
      // The connection was cut long before the client could send it all.
      expect(answer.sent).toBeLessThan(32 * MB);
    }
    // Four 64 MB bodies read whole would be 256 MB and more (parsed, the text twice over).
    expect(rssBytes(app.pid) - before).toBeLessThan(48 * MB);
  });
});

describe("caching headers of personal responses", () => {
  test("signed-in pages are private and never stored: account, notifications, staff pages, the consultation", async () => {
    for (const [path, cookie] of [
      ["/account", staffCookie],
      ["/settings/notifications", staffCookie],
      ["/admin/mail", staffCookie],
      ["/admin/users", adminCookie],
      [`/consultations/${SLUG}`, staffCookie],
    ]) {
      const r = await raw(path, { headers: { cookie } });
      expect(r.status, path).toBe(200);
      expect(r.headers["cache-control"], path).toBe("private, no-store");
      expect(r.headers.vary, path).toMatch(/Cookie/);
    }
  });

  test("a response that sets the session cookie is private, even to a request without one", async () => {
    const earlier = await raw("/login", {
      method: "POST",
      headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded" },
      body: "email=not-an-address",
    });
    expect(earlier.headers["set-cookie"]).toBeUndefined();
    const cookie = await signInOverHttp(app, "lea.fontaine@mail.example");
    expect(cookie).toMatch(/^__session=/);
    const signOut = await raw("/logout", {
      method: "POST",
      headers: { origin: app.url, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(signOut.headers["set-cookie"]?.join()).toMatch(/__session=/);
    expect(signOut.headers["cache-control"]).toBe("private, no-store");
  });

  test("public pages stay cacheable for anonymous readers and say they vary with the cookie", async () => {
    for (const path of ["/", `/consultations/${SLUG}`, "/consultations"]) {
      const r = await raw(path);
      expect(r.headers["cache-control"], path).toBe("public, max-age=0, must-revalidate");
      expect(r.headers.vary, path).toMatch(/Cookie/);
      expect(r.headers["x-page-cache"], path).toBeDefined();
    }
    // Never cached, but still the same for every anonymous reader: not private, varies on Cookie.
    const login = await raw("/login");
    expect(login.headers["cache-control"] ?? "").not.toMatch(/private|no-store/);
    expect(login.headers.vary).toMatch(/Cookie/);
  });
});
