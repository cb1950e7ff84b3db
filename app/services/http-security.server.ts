import { appOrigin, env } from "./env.server";

/** Largest request body accepted by default (forms with long markdown fit comfortably). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Addresses whose bodies have a limit of their own, first match wins (paths are compared
 * percent-decoded and case-insensitively, as routes match). The sign-in, follow and unsubscribe
 * forms carry an address, a code or a few choices, and anyone may post them: 64 KiB. A route that
 * takes uploads adds its own (larger) entry here; its body is counted as it streams the same way.
 */
const BODY_LIMITS: { path: RegExp; multipartOnly?: true; bytes: number }[] = [
  { path: /^\/(?:login|follow|unsubscribe)(?:\/|$)|^\/consultations\/[^/]+\/follow\/?$/i, bytes: 64 * 1024 },
  // The comment forms and the statement builder take attachments: a multipart body may carry
  // files (streamed to disk; its text fields are still held to MAX_BODY_BYTES by
  // multipart.server.ts). Any other body there keeps the default.
  {
    path: /^\/consultations\/(?!new\/?$)[^/]+(?:\/comments\/[^/]+|\/comment-upload|\/statement\/(?:edit|upload))?\/?$/i,
    multipartOnly: true,
    bytes: uploadBodyBytes(),
  },
];

/** The inbound-mail webhook: posted by mail providers from elsewhere, authenticated by its shared secret. */
const INBOUND_WEBHOOK_PATH = /^\/mail\/inbound\/?$/i;

/**
 * The body limit of the addresses that take attachments: the most files a comment carries at the
 * largest size an administrator may allow (app/features/attachments/rules.ts: 5 × 25 MB), the
 * text fields, and room for the multipart framing. The files' own limits are checked as they stream.
 */
export function uploadBodyBytes(): number {
  return 5 * 25_000_000 + MAX_BODY_BYTES + 64 * 1024;
}

/** The most bytes a request body to `path` (of `contentType`) may have; server.ts refuses more with 413. */
export function bodyLimit(path: string, contentType?: string | string[]): number {
  const multipart = /^\s*multipart\/form-data\b/i.test(String(contentType ?? ""));
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* a malformed escape matches no route either */
  }
  // Mail providers post whole messages to the inbound webhook, as large as the SMTP receiver takes.
  if (INBOUND_WEBHOOK_PATH.test(decoded)) return env().INBOUND_MAX_BYTES;
  return BODY_LIMITS.find((limit) => limit.path.test(decoded) && (multipart || !limit.multipartOnly))?.bytes ?? MAX_BODY_BYTES;
}

// Paths that are meant to be POSTed from elsewhere: RFC 8058 one-click unsubscribe, which mail
// providers send without cookies (they authenticate with a signed token in the URL instead), and
// the browsers' CSP violation reports, which change nothing but a counter.
const CROSS_SITE_ALLOWED = [/^\/unsubscribe\//, /^\/csp-report$/, INBOUND_WEBHOOK_PATH];

/** Where browsers send Content-Security-Policy violation reports (app/routes/csp-report.ts). */
export const CSP_REPORT_PATH = "/csp-report";

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * True when a state-changing request comes from another site and must be refused (CSRF).
 * Browsers send Origin on every POST; when it is absent (old browsers, non-browser clients)
 * Sec-Fetch-Site is the fallback. Same-origin means the configured APP_URL or the Host the
 * request was sent to.
 */
export function crossSiteCheck(req: { method: string; path: string; headers: HeaderBag }): boolean {
  if (CROSS_SITE_ALLOWED.some((re) => re.test(req.path))) return false;
  const origin = header(req.headers, "origin");
  if (origin) {
    if (origin === "null") return true;
    const host = header(req.headers, "host");
    const allowed = new Set([appOrigin()]);
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    return !allowed.has(origin);
  }
  const site = header(req.headers, "sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}

/**
 * The security headers of a page, as the parts that never change and the CSP around its nonce:
 * made once per APP_URL, since every response (a cached page's too) sends them.
 */
export type SecurityHeaderSet = { fixed: [name: string, value: string][]; cspBefore: string; cspAfter: string };

let headerSet: { origin: string; set: SecurityHeaderSet } | undefined;

export function securityHeaderSet(): SecurityHeaderSet {
  const origin = appOrigin();
  if (headerSet?.origin === origin) return headerSet.set;
  const fixed: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
    ["Reporting-Endpoints", `csp="${new URL(CSP_REPORT_PATH, origin).toString()}"`],
  ];
  if (origin.startsWith("https:")) fixed.push(["Strict-Transport-Security", "max-age=31536000"]);
  const set = {
    fixed,
    cspBefore: "default-src 'self'; script-src 'self' 'nonce-",
    cspAfter: [
      "'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
      // Violations are reported (staff read them at Staff → Security reports): `report-to` for
      // current browsers, `report-uri` for the others.
      `report-uri ${CSP_REPORT_PATH}`,
      "report-to csp",
    ].join("; "),
  };
  headerSet = { origin, set };
  return set;
}

export function securityHeaders(nonce: string): Record<string, string> {
  const { fixed, cspBefore, cspAfter } = securityHeaderSet();
  const headers: Record<string, string> = { "Content-Security-Policy": cspBefore + nonce + cspAfter };
  for (const [name, value] of fixed) headers[name] = value;
  return headers;
}
