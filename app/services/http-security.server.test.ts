import { crossSiteCheck, securityHeaders } from "./http-security.server";
import { safeRedirect } from "./http.server";

const post = (headers: Record<string, string>, path = "/login") => ({ method: "POST", path, headers });

test("a POST whose Origin is another site is refused", () => {
  expect(crossSiteCheck(post({ origin: "https://evil.example", host: "localhost:3000" }))).toBe(true);
  expect(crossSiteCheck(post({ origin: "null", host: "localhost:3000" }))).toBe(true);
});

test("a POST from the app's own origin or host is accepted", () => {
  expect(crossSiteCheck(post({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(false);
  expect(crossSiteCheck(post({ origin: "http://127.0.0.1:4100", host: "127.0.0.1:4100" }))).toBe(false);
});

test("without an Origin header, Sec-Fetch-Site decides", () => {
  expect(crossSiteCheck(post({ "sec-fetch-site": "cross-site" }))).toBe(true);
  expect(crossSiteCheck(post({ "sec-fetch-site": "same-origin" }))).toBe(false);
  expect(crossSiteCheck(post({}))).toBe(false);
});

test("CSP violation reports are accepted from any origin, but only at /csp-report itself", () => {
  expect(crossSiteCheck(post({ origin: "https://elsewhere.example" }, "/csp-report"))).toBe(false);
  expect(crossSiteCheck(post({ origin: "https://elsewhere.example" }, "/csp-report/../login"))).toBe(true);
  expect(crossSiteCheck(post({ origin: "https://elsewhere.example" }, "/csp-reports"))).toBe(true);
});

test("one-click unsubscribe URLs accept cross-site POSTs (RFC 8058)", () => {
  expect(crossSiteCheck(post({ origin: "https://mail.example" }, "/unsubscribe/abc"))).toBe(false);
});

test("the CSP carries the nonce and forbids framing, inline scripts without it, and plugins", () => {
  const csp = securityHeaders("abc123")["Content-Security-Policy"];
  expect(csp).toContain("script-src 'self' 'nonce-abc123'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
});

test("redirect targets must be local paths", () => {
  expect(safeRedirect("/consultations?x=1")).toBe("/consultations?x=1");
  expect(safeRedirect("//evil.example")).toBe("/");
  expect(safeRedirect("/\\evil.example")).toBe("/");
  expect(safeRedirect("https://evil.example")).toBe("/");
  expect(safeRedirect("javascript:alert(1)")).toBe("/");
  expect(safeRedirect("/ok\r\nSet-Cookie: x=1")).toBe("/");
  expect(safeRedirect(null, "/account")).toBe("/account");
});
