import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import {
  DEFAULT_CACHE_CONTROL,
  PERSONAL_CACHE_CONTROL,
  PageCache,
  applySessionCaching,
  bodyHash,
  brotliPartsAsync,
  brotliPiecesWithNonce,
  cacheKey,
  chooseCoding,
  formatEtag,
  gzipParts,
  gzipWithNonce,
  isCacheableRequest,
  isCacheableResponse,
  isValidNonce,
  joinWithNonce,
  matchIfNoneMatch,
  newNonce,
  pageCacheSettingsFromEnv,
  replayForm,
  responsePieces,
  splitOnNonce,
  toCachedResponse,
  toCachedResponseAsync,
  type CachedResponse,
} from "./page-cache.server";

const anonymous = (url: string, method = "GET", headers: Record<string, string> = {}) => ({ method, url, headers: { host: "example.test", ...headers } });

function entry(body: string, nonce = "", storedAt = 0): CachedResponse {
  return toCachedResponse({ status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: Buffer.from(body), renderNonce: nonce, now: storedAt });
}

describe("which requests are cached", () => {
  test("an anonymous GET or HEAD of a public page is cacheable", () => {
    expect(isCacheableRequest(anonymous("/"))).toBe(true);
    expect(isCacheableRequest(anonymous("/consultations/root-zone-ksk?sort=newest"))).toBe(true);
    expect(isCacheableRequest(anonymous("/consultations/x/comments.json", "HEAD"))).toBe(true);
    expect(isCacheableRequest(anonymous("/", "GET", { cookie: "theme=dark" }))).toBe(true);
  });

  test("other methods are never cached", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(isCacheableRequest(anonymous("/", method))).toBe(false);
  });

  test("a signed-in visitor or one with a flash message waiting is never served from the cache", () => {
    expect(isCacheableRequest(anonymous("/", "GET", { cookie: "__session=abc.def" }))).toBe(false);
    expect(isCacheableRequest(anonymous("/", "GET", { cookie: "a=1; __flash=xyz" }))).toBe(false);
    expect(isCacheableRequest(anonymous("/", "GET", { authorization: "Bearer x" }))).toBe(false);
  });

  test("personal, staff, sign-in and operational pages are never cached, however the path is spelt", () => {
    for (const url of [
      "/admin",
      "/admin/users",
      "/ADMIN",
      "//admin",
      "/%61dmin",
      "/admin.data",
      "/account",
      "/login",
      "/login/check?email=a",
      "/login-help",
      "/welcome",
      "/healthz",
      "/markdown-preview",
      "/logout",
      "/unsubscribe/abc",
      "/consultations/x/manage",
      "/consultations/x/manage?tab=1",
      "/consultations/x/manage.data",
    ]) {
      expect(isCacheableRequest(anonymous(url)), url).toBe(false);
    }
    expect(isCacheableRequest(anonymous("/consultations/management-of-keys"))).toBe(true);
    expect(isCacheableRequest(anonymous("/administrative-notes"))).toBe(true);
  });

  test("the key holds the full URL and the host it was asked of", () => {
    const a = cacheKey(anonymous("/consultations?page=2"));
    expect(a).not.toBe(cacheKey(anonymous("/consultations?page=3")));
    expect(a).not.toBe(cacheKey(anonymous("/consultations")));
    expect(a).not.toBe(cacheKey(anonymous("/consultations?page=2", "GET", { host: "evil.test" })));
    expect(a).not.toBe(cacheKey(anonymous("/consultations?page=2", "GET", { "x-forwarded-host": "evil.test" })));
    expect(a).toBe(cacheKey(anonymous("/consultations?page=2", "HEAD")));
  });

  test("readers of one unprefixed URL in two languages get two keys; the same language shares one", () => {
    const english = cacheKey(anonymous("/consultations"));
    const french = cacheKey(anonymous("/consultations", "GET", { "accept-language": "fr-FR,fr;q=0.9" }));
    const frenchByCookie = cacheKey(anonymous("/consultations", "GET", { cookie: "lang=fr" }));
    expect(french).not.toBe(english);
    expect(frenchByCookie).toBe(french);
    // The cookie wins over the browser's language, as the page itself decides.
    expect(cacheKey(anonymous("/consultations", "GET", { cookie: "lang=en", "accept-language": "fr" }))).toBe(english);
    expect(cacheKey(anonymous("/consultations", "GET", { "accept-language": "de" }))).toBe(english);
    // A prefixed URL is in its language whatever the reader's headers say.
    expect(cacheKey(anonymous("/fr/consultations", "GET", { "accept-language": "ru" }))).toBe(cacheKey(anonymous("/fr/consultations")));
  });
});

describe("which responses are stored", () => {
  const ok = { status: 200, contentType: "text/html; charset=utf-8", setCookie: undefined, cacheControl: undefined };
  test("a 200 HTML or JSON response without cookies is stored", () => {
    expect(isCacheableResponse(ok)).toBe(true);
    expect(isCacheableResponse({ ...ok, contentType: "application/json; charset=utf-8" })).toBe(true);
    expect(isCacheableResponse({ ...ok, cacheControl: "public, max-age=60" })).toBe(true);
  });
  test("errors, redirects, other types, cookies and private responses are not", () => {
    expect(isCacheableResponse({ ...ok, status: 404 })).toBe(false);
    expect(isCacheableResponse({ ...ok, status: 302 })).toBe(false);
    expect(isCacheableResponse({ ...ok, status: 500 })).toBe(false);
    expect(isCacheableResponse({ ...ok, contentType: "text/csv" })).toBe(false);
    expect(isCacheableResponse({ ...ok, contentType: "text/x-script" })).toBe(false);
    expect(isCacheableResponse({ ...ok, contentType: "text/htmlx" })).toBe(false);
    expect(isCacheableResponse({ ...ok, contentType: undefined })).toBe(false);
    expect(isCacheableResponse({ ...ok, setCookie: ["__flash=; Max-Age=0"] })).toBe(false);
    expect(isCacheableResponse({ ...ok, cacheControl: "private, max-age=0" })).toBe(false);
    expect(isCacheableResponse({ ...ok, cacheControl: "no-store" })).toBe(false);
  });
});

describe("the nonce and the validator", () => {
  test("nonces are fresh 16-byte base64 strings", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const n = newNonce();
      expect(isValidNonce(n)).toBe(true);
      seen.add(n);
    }
    expect(seen.size).toBe(1000);
    expect(isValidNonce("x' 'unsafe-inline")).toBe(false);
  });

  test("a stored page is served with a new nonce everywhere the old one was, and nowhere else", () => {
    const old = newNonce();
    const html = `<script nonce="${old}">a</script><p>text</p><script nonce="${old}" src="/x.js"></script>`;
    const parts = splitOnNonce(Buffer.from(html), old);
    expect(parts).toHaveLength(3);
    const fresh = newNonce();
    const served = joinWithNonce(parts, fresh).toString();
    expect(served).toBe(html.replaceAll(old, fresh));
    expect(served).not.toContain(old);
  });

  test("a body without the nonce (JSON) is served as is", () => {
    const parts = splitOnNonce(Buffer.from('{"a":1}'), newNonce());
    expect(parts).toHaveLength(1);
    expect(joinWithNonce(parts, newNonce()).toString()).toBe('{"a":1}');
  });

  test("the hash does not depend on the nonce but on every other byte", () => {
    const [n1, n2] = [newNonce(), newNonce()];
    const page = (n: string, text: string) => splitOnNonce(Buffer.from(`<script nonce="${n}"></script>${text}`), n);
    expect(bodyHash(page(n1, "same"))).toBe(bodyHash(page(n2, "same")));
    expect(bodyHash(page(n1, "same"))).not.toBe(bodyHash(page(n1, "changed")));
  });

  test("If-None-Match with this body's hash answers with the nonce of the client's copy", () => {
    const nonce = newNonce();
    const hash = bodyHash([Buffer.from("x")]);
    expect(matchIfNoneMatch(formatEtag(hash, nonce), hash)).toBe(nonce);
    expect(matchIfNoneMatch(`"other", W/${formatEtag(hash, nonce)}`, hash)).toBe(nonce);
    expect(matchIfNoneMatch(formatEtag("stale-hash", nonce), hash)).toBeNull();
    expect(matchIfNoneMatch("*", hash)).toBeNull();
    expect(matchIfNoneMatch(undefined, hash)).toBeNull();
    // A validator cannot smuggle anything into the CSP header.
    expect(matchIfNoneMatch(`"${hash}.abc' 'unsafe-inline"`, hash)).toBeNull();
  });

  test("a stored response keeps its content headers, gets revalidation headers and drops per-response ones", () => {
    const e = toCachedResponse({
      status: 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "script-src 'nonce-abc'",
        "x-frame-options": "DENY",
        "content-length": 10,
        date: "now",
      },
      body: Buffer.from("0123456789"),
      renderNonce: "",
      omitHeaders: new Set(["content-security-policy", "x-frame-options"]),
    });
    expect(e.headers).toEqual({ "content-type": "text/html; charset=utf-8", "cache-control": DEFAULT_CACHE_CONTROL, vary: "Cookie" });
    const json = toCachedResponse({
      status: 200,
      headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=60", Vary: "Accept" },
      body: Buffer.from("{}"),
      renderNonce: "",
    });
    expect(json.headers["cache-control"]).toBe("public, max-age=60");
    expect(json.headers.vary).toBe("Accept, Cookie");
    const star = toCachedResponse({ status: 200, headers: { "content-type": "text/html", vary: "*" }, body: Buffer.alloc(2000, 97), renderNonce: "" });
    expect(star.headers.vary).toBe("*");
  });
});

describe("the store", () => {
  test("PAGE_CACHE_TTL_MS sets the lifetime; 0 turns the cache off; nonsense is refused", () => {
    expect(pageCacheSettingsFromEnv({}).ttlMs).toBe(5000);
    expect(pageCacheSettingsFromEnv({ PAGE_CACHE_TTL_MS: "250" }).ttlMs).toBe(250);
    expect(new PageCache(pageCacheSettingsFromEnv({ PAGE_CACHE_TTL_MS: "0" })).enabled).toBe(false);
    expect(() => pageCacheSettingsFromEnv({ PAGE_CACHE_TTL_MS: "soon" })).toThrow(/PAGE_CACHE_TTL_MS/);
    expect(() => pageCacheSettingsFromEnv({ PAGE_CACHE_TTL_MS: "-1" })).toThrow(/PAGE_CACHE_TTL_MS/);
  });

  test("an entry is fresh for the TTL, then stale until it is replaced", () => {
    let now = 1000;
    const cache = new PageCache({ ttlMs: 5000 }, () => now);
    expect(cache.store("k", entry("a", "", now), cache.generation)).toBe(true);
    expect(cache.lookup("k")?.fresh).toBe(true);
    now += 4999;
    expect(cache.lookup("k")?.fresh).toBe(true);
    now += 1;
    expect(cache.lookup("k")?.fresh).toBe(false);
    expect(cache.lookup("other")).toBeUndefined();
  });

  test("a sweep forgets entries a minute past their TTL and keeps the others", () => {
    let now = 1000;
    const cache = new PageCache({ ttlMs: 5000 }, () => now);
    cache.store("old", entry("a", "", now), cache.generation);
    now += 30_000;
    cache.store("recent", entry("b", "", now), cache.generation);
    now += 35_001; // "old" is 65 s old, "recent" 35 s
    cache.sweep();
    expect(cache.lookup("old")).toBeUndefined();
    expect(cache.lookup("recent")?.entry.parts[0].toString()).toBe("b");
  });

  test("an entry can be forgotten on its own", () => {
    const cache = new PageCache({ ttlMs: 5000 });
    cache.store("a", entry("aa"), cache.generation);
    cache.store("b", entry("bbb"), cache.generation);
    cache.delete("a");
    expect(cache.lookup("a")).toBeUndefined();
    expect(cache.bytes).toBe(3);
  });

  test("a change clears everything, and a render that started before it is not stored", () => {
    const cache = new PageCache({ ttlMs: 5000 });
    cache.store("a", entry("a"), cache.generation);
    const before = cache.generation;
    cache.clear();
    expect(cache.lookup("a")).toBeUndefined();
    expect(cache.bytes).toBe(0);
    expect(cache.store("b", entry("b"), before)).toBe(false);
    expect(cache.store("b", entry("b"), cache.generation)).toBe(true);
  });

  test("the least recently used entries go first when the count or the bytes would be exceeded", () => {
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 3, maxBytes: 10, maxEntryBytes: 6 });
    const g = cache.generation;
    cache.store("a", entry("aa"), g);
    cache.store("b", entry("bb"), g);
    cache.store("c", entry("cc"), g);
    cache.lookup("a"); // a is now the most recently used
    cache.store("d", entry("dd"), g);
    expect(cache.lookup("b")).toBeUndefined();
    expect(cache.size).toBe(3);
    cache.store("e", entry("eeeeee"), g); // 2 + 2 + 2 + 6 > 10: two more go
    expect(cache.bytes).toBeLessThanOrEqual(10);
    expect(cache.lookup("e")).toBeDefined();
    expect(cache.store("huge", entry("x".repeat(7)), g)).toBe(false);
  });

  test("replacing an entry does not count its bytes twice", () => {
    const cache = new PageCache({ ttlMs: 5000 });
    cache.store("a", entry("aaaa"), cache.generation);
    cache.store("a", entry("aa"), cache.generation);
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(2);
  });

  test("concurrent misses wait for one render", async () => {
    const cache = new PageCache({ ttlMs: 5000 });
    const leader = cache.lead("k")!;
    expect(cache.lead("k")).toBeUndefined();
    const waiting = cache.pending("k")!;
    const e = entry("page");
    leader.settle(e);
    leader.settle(null); // only the first settle counts
    await expect(waiting).resolves.toBe(e);
    expect(cache.pending("k")).toBeUndefined();
    expect(cache.lead("k")).toBeDefined();
  });

  test("after a change, new requests do not wait for a render that started before it", () => {
    const cache = new PageCache({ ttlMs: 5000 });
    const old = cache.lead("k")!;
    cache.clear();
    expect(cache.pending("k")).toBeUndefined();
    const fresh = cache.lead("k")!;
    old.settle(null); // the old render finishing does not end the new one
    expect(cache.pending("k")).toBeDefined();
    fresh.settle(null);
  });
});

describe("compressed forms", () => {
  const page = (nonce: string) =>
    `<!DOCTYPE html><html><head><script nonce="${nonce}">x</script></head><body>${"<p>Plan text that repeats. </p>".repeat(400)}` +
    `<script nonce="${nonce}" type="module">import "/build/a.js"</script><script nonce="${nonce}"></script></body></html>`;
  const stored = (nonce: string, body = page(nonce)) =>
    toCachedResponseAsync({ status: 200, headers: { "content-type": "text/html" }, body: Buffer.from(body), renderNonce: nonce });

  test("gzip and brotli answers inflate to the page with the new nonce, without compressing per response", async () => {
    const old = newNonce();
    const e = await stored(old);
    expect(e.gzip).not.toBeNull();
    expect(e.brotli).not.toBeNull();
    expect(e.headers.vary).toBe("Cookie, Accept-Encoding");
    for (let i = 0; i < 20; i++) {
      const fresh = newNonce();
      const gz = gzipWithNonce(e.parts, e.gzip!, fresh);
      expect(gunzipSync(gz).toString()).toBe(page(fresh));
      expect(gz.length).toBeLessThan(page(fresh).length / 5);
      const br = Buffer.concat(brotliPiecesWithNonce(e.brotli!, fresh));
      expect(brotliDecompressSync(br).toString()).toBe(page(fresh));
      expect(br.length).toBeLessThan(gz.length);
    }
  });

  test("the entry as rendered has no compressed forms; the stored one adds both and counts their bytes", async () => {
    const old = newNonce();
    const input = { status: 200, headers: { "content-type": "text/html" }, body: Buffer.from(page(old)), renderNonce: old, now: 1 };
    const plain = toCachedResponse(input);
    expect(plain.gzip).toBeNull();
    expect(plain.brotli).toBeNull();
    const compressed = await toCachedResponseAsync(input);
    expect(compressed.hash).toBe(plain.hash);
    expect(compressed.bytes).toBeGreaterThan(plain.bytes);
    const gzipBytes = compressed.gzip!.blocks.reduce((n, b) => n + b.length, 0);
    const brotliBytes = compressed.brotli!.segments.reduce((n, b) => n + b.length, 0);
    expect(compressed.bytes).toBe(plain.bytes + gzipBytes + brotliBytes);
  });

  test("a body that starts or ends with the nonce, repeats it back to back, or has none, is spliced correctly", async () => {
    const n = newNonce();
    for (const body of [`${n}${"a".repeat(2000)}${n}`, "b".repeat(3000), `${n}${n}`.padEnd(1500, "c"), `<p>${"words and more words ".repeat(90)}</p>${n}`]) {
      const parts = splitOnNonce(Buffer.from(body), n);
      const fresh = newNonce();
      expect(gunzipSync(gzipWithNonce(parts, gzipParts(parts), fresh)).toString()).toBe(body.replaceAll(n, fresh));
      const br = await brotliPartsAsync(parts);
      expect(br).not.toBeNull();
      expect(brotliDecompressSync(Buffer.concat(brotliPiecesWithNonce(br!, fresh))).toString()).toBe(body.replaceAll(n, fresh));
    }
  });

  test("a page that uses every byte value gets no brotli form (placeholders need bytes it lacks), and still gzip", async () => {
    const n = newNonce();
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, b) => b));
    const body = Buffer.concat([everyByte, Buffer.from(`<script nonce="${n}"></script>`), Buffer.alloc(2000, 120)]);
    const e = await toCachedResponseAsync({ status: 200, headers: { "content-type": "text/html" }, body, renderNonce: n });
    expect(e.brotli).toBeNull();
    expect(e.gzip).not.toBeNull();
    expect(chooseCoding("br, gzip", e)).toBe("gzip");
  });

  test("a response is a few pieces: runs of small ones (nonces, framing, the markup between scripts) come as one", async () => {
    const e = await stored(newNonce());
    const fresh = newNonce();
    const decode = { identity: (b: Buffer) => b, gzip: gunzipSync, br: brotliDecompressSync } as const;
    for (const coding of ["identity", "gzip", "br"] as const) {
      const pieces = responsePieces(e, coding, fresh);
      expect(decode[coding](Buffer.concat(pieces)).toString()).toBe(page(fresh));
      // No two neighbours are both small: each run of small pieces was copied into one.
      for (let i = 1; i < pieces.length; i++) expect(Math.max(pieces[i - 1].length, pieces[i].length)).toBeGreaterThanOrEqual(2_048);
    }
    // The page's three nonces and their framing: without coalescing, 7 pieces raw and 10 gzip.
    expect(responsePieces(e, "identity", fresh).length).toBeLessThanOrEqual(3);
    expect(responsePieces(e, "gzip", fresh).length).toBeLessThanOrEqual(3);
  });

  test("each form's replayed headers and length, worked out once, fit every response's pieces", async () => {
    const e = await stored(newNonce());
    for (const coding of ["identity", "gzip", "br"] as const) {
      const form = replayForm(e, coding);
      expect(replayForm(e, coding)).toBe(form);
      for (let i = 0; i < 5; i++) {
        const length = responsePieces(e, coding, newNonce()).reduce((n, piece) => n + piece.length, 0);
        expect(form.contentLength).toBe(length);
      }
      const headers = Object.fromEntries(form.pairs.flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]]])));
      expect(headers["content-type"]).toBe("text/html");
      expect(headers["content-encoding"]).toBe(coding === "identity" ? undefined : coding);
    }
  });

  test("small bodies are kept only as they are", async () => {
    const e = await toCachedResponseAsync({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from("{}"), renderNonce: "" });
    expect(e.gzip).toBeNull();
    expect(e.brotli).toBeNull();
    expect(e.headers.vary).toBe("Cookie");
    expect(chooseCoding("gzip, deflate, br, zstd", e)).toBe("identity");
  });

  test("each client gets the stored form its Accept-Encoding prefers", async () => {
    const e = await stored(newNonce());
    expect(chooseCoding("gzip, deflate, br, zstd", e)).toBe("br");
    expect(chooseCoding("br;q=0.5, gzip", e)).toBe("gzip");
    expect(chooseCoding("gzip", e)).toBe("gzip");
    expect(chooseCoding("*", e)).toBe("br");
    expect(chooseCoding("identity", e)).toBe("identity");
    expect(chooseCoding("br;q=0, gzip;q=0", e)).toBe("identity");
    expect(chooseCoding(undefined, e)).toBe("identity");
    const fresh = newNonce();
    expect(Buffer.concat(responsePieces(e, "identity", fresh)).toString()).toBe(page(fresh));
  });

  test("the validators of every representation revalidate the same content", () => {
    const nonce = newNonce();
    const hash = bodyHash([Buffer.from("x")]);
    const tags = (["identity", "gzip", "br"] as const).map((coding) => formatEtag(hash, nonce, coding));
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(matchIfNoneMatch(tag, hash)).toBe(nonce);
  });
});

describe("responses that depend on the session", () => {
  const headersOf = (init: Record<string, string> = {}, cookies: string[] = []) => {
    const h = new Headers(init);
    for (const c of cookies) h.append("set-cookie", c);
    return h;
  };

  test("a signed-in request's response is private and not stored, whatever the route said", () => {
    const h = headersOf({ "cache-control": "public, max-age=60" });
    applySessionCaching("theme=dark; __session=abc", h);
    expect(h.get("cache-control")).toBe(PERSONAL_CACHE_CONTROL);
    expect(h.get("vary")).toBe("Cookie");
  });

  test("a response that sets a cookie is private, even to an anonymous request", () => {
    const h = headersOf({}, ["__session=new; Path=/; HttpOnly"]);
    applySessionCaching(undefined, h);
    expect(h.get("cache-control")).toBe(PERSONAL_CACHE_CONTROL);
    const flash = headersOf({}, ["__flash=msg; Path=/"]);
    applySessionCaching(["__flash=old"], flash);
    expect(flash.get("cache-control")).toBe(PERSONAL_CACHE_CONTROL);
  });

  test("an anonymous response keeps the route's caching and varies on Cookie", () => {
    const h = headersOf({ "cache-control": "public, max-age=300", vary: "Accept" });
    applySessionCaching("theme=dark", h);
    expect(h.get("cache-control")).toBe("public, max-age=300");
    expect(h.get("vary")).toBe("Accept, Cookie");
    const none = headersOf();
    applySessionCaching(undefined, none);
    expect(none.has("cache-control")).toBe(false);
    expect(none.get("vary")).toBe("Cookie");
  });
});
