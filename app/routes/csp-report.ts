import type { ActionFunctionArgs } from "@remix-run/node";
import { recordCspViolations } from "~/features/security/csp-report.server";
import { clientIp, hitRateLimit } from "~/services/rate-limit.server";
import { parseCspReports } from "~/features/security/csp-report-validation";

// Where browsers report Content-Security-Policy violations (the `report-to` and `report-uri`
// directives of every page). Reports come without cookies, from any page, so the endpoint is
// open to anyone: it is rate-limited per address and stores only bounded, counted rows.

const REPORT_TYPES = new Set(["application/reports+json", "application/csp-report", "application/json"]);
const MAX_REPORT_BYTES = 64 * 1024;

const answer = (status: number, message?: string) =>
  new Response(message ?? null, { status, headers: message ? { "Content-Type": "text/plain; charset=utf-8" } : {} });

export async function action({ request }: ActionFunctionArgs) {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!REPORT_TYPES.has(type)) return answer(415, "Send a CSP violation report (application/reports+json or application/csp-report).");
  const limited = await hitRateLimit({ key: `csp-report:${clientIp(request)}`, limit: 100, windowSeconds: 600 });
  if (!limited.allowed) return new Response(null, { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
  const text = await request.text();
  if (text.length > MAX_REPORT_BYTES) return answer(413, "That report is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return answer(400, "That report is not valid JSON.");
  }
  await recordCspViolations({ violations: parseCspReports(body), userAgent: request.headers.get("user-agent") });
  return answer(204);
}
