import { db } from "~/services/db.server";
import { securityHeaders } from "~/services/http-security.server";
import * as reportRoute from "~/routes/csp-report";
import * as securityRoute from "~/routes/admin.security";
import { parseCspReports } from "~/features/security/csp-report-validation";
import { call, createUser, sessionCookie } from "../factories";

const reportingApi = (overrides: Record<string, unknown> = {}) => [
  {
    type: "csp-violation",
    age: 10,
    url: "http://localhost:3000/consultations/x?token=secret",
    user_agent: "Chrome",
    body: {
      documentURL: "http://localhost:3000/consultations/x?token=secret",
      blockedURL: "https://evil.example/x.js",
      effectiveDirective: "script-src-elem",
      sourceFile: "http://localhost:3000/build/root.js",
      lineNumber: 12,
      sample: "",
      disposition: "enforce",
      ...overrides,
    },
  },
];
const legacy = {
  "csp-report": { "document-uri": "http://localhost:3000/", "blocked-uri": "inline", "violated-directive": "script-src 'self'", "script-sample": "alert(1)" },
};

function report(body: unknown, { type = "application/reports+json", ip = "198.51.100.7" } = {}) {
  return new Request("http://localhost:3000/csp-report", {
    method: "POST",
    headers: { "Content-Type": type, "User-Agent": "Mozilla/5.0 test", "x-client-ip": ip },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

test("every page's policy reports violations to /csp-report, by report-to and report-uri", () => {
  const headers = securityHeaders("n0nce");
  expect(headers["Content-Security-Policy"]).toContain("report-uri /csp-report");
  expect(headers["Content-Security-Policy"]).toContain("report-to csp");
  expect(headers["Reporting-Endpoints"]).toBe('csp="http://localhost:3000/csp-report"');
});

test("both report formats are recorded, with page addresses cut before their query string", async () => {
  expect((await call(reportRoute.action, report(reportingApi()))).status).toBe(204);
  expect((await call(reportRoute.action, report(legacy, { type: "application/csp-report" }))).status).toBe(204);
  const rows = await db().cspViolation.findMany({ orderBy: { directive: "asc" } });
  expect(rows.map((r) => [r.directive, r.blockedUri, r.documentUri, r.count])).toEqual([
    ["script-src", "inline", "http://localhost:3000/", 1],
    ["script-src-elem", "https://evil.example/x.js", "http://localhost:3000/consultations/x", 1],
  ]);
  expect(rows[0].sample).toBe("alert(1)");
  expect(JSON.stringify(rows)).not.toContain("secret");
});

test("the same violation seen again is counted on its row, not stored twice", async () => {
  for (let i = 0; i < 3; i++) await call(reportRoute.action, report(reportingApi()));
  const rows = await db().cspViolation.findMany();
  expect(rows).toHaveLength(1);
  expect(rows[0].count).toBe(3);
});

test("bad reports are refused without storing anything: wrong type 415, broken JSON 400, too large 413", async () => {
  expect((await call(reportRoute.action, report(reportingApi(), { type: "application/x-www-form-urlencoded" }))).status).toBe(415);
  expect((await call(reportRoute.action, report("{not json"))).status).toBe(400);
  expect((await call(reportRoute.action, report(reportingApi({ sample: "x".repeat(70_000) })))).status).toBe(413);
  expect((await call(reportRoute.action, report({ hello: "world" }))).status).toBe(204);
  expect(await db().cspViolation.count()).toBe(0);
});

test("one address may send 100 reports in ten minutes; then it gets 429 and nothing more is counted", async () => {
  for (let i = 0; i < 100; i++) expect((await call(reportRoute.action, report(reportingApi(), { ip: "192.0.2.50" }))).status).toBe(204);
  const refused = await call(reportRoute.action, report(reportingApi(), { ip: "192.0.2.50" }));
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect((await db().cspViolation.findFirstOrThrow()).count).toBe(100);
  expect((await call(reportRoute.action, report(reportingApi(), { ip: "192.0.2.51" }))).status).toBe(204);
});

test("hostile fields are cleaned and cut short, and at most 20 reports of one request are read", () => {
  const many = Array.from({ length: 50 }, (_, i) => reportingApi({ blockedURL: `https://x.example/${i}` })[0]);
  expect(parseCspReports(many)).toHaveLength(20);
  const [v] = parseCspReports(reportingApi({ sample: "a\u0000b\nc" + "z".repeat(500), lineNumber: "not a number", effectiveDirective: "script-src" }));
  expect(v.sample).toBe("a b c" + "z".repeat(195));
  expect(v.lineNumber).toBeNull();
  expect(parseCspReports(reportingApi({ effectiveDirective: undefined }))).toEqual([]);
  expect(parseCspReports("just a string")).toEqual([]);
});

test("staff read the reports at Staff → Security reports; other people may not", async () => {
  await call(reportRoute.action, report(reportingApi()));
  const staff = await createUser({ roles: ["ifm"] });
  const page = await call(securityRoute.loader, new Request("http://localhost:3000/admin/security", { headers: { Cookie: await sessionCookie(staff.id) } }));
  expect(page.status).toBe(200);
  expect(page.data.violations[0]).toMatchObject({ directive: "script-src-elem", count: 1 });
  const member = await createUser();
  const refused = await call(
    securityRoute.loader,
    new Request("http://localhost:3000/admin/security", { headers: { Cookie: await sessionCookie(member.id) } }),
  );
  expect(refused.status).toBe(403);
});
