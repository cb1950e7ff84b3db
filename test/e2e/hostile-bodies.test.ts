import { queryTestDatabase } from "../app-database";
import { afterAll, beforeAll, expect, test } from "vitest";
import { signInOverHttp, startApp, type App } from "./harness";
import { routeModules } from "./page-checks";

// Every action of the app, posted every kind of body a browser never sends, by a signed-in
// administrator (so the guards let the request reach the form): each answers 4xx, and the server
// logs at most one short line for it — never a stack trace.

const BAD_BODIES: { name: string; contentType: string | null; body: BodyInit }[] = [
  { name: "JSON", contentType: "application/json", body: '{"email":"a@b.example"}' },
  { name: "plain text", contentType: "text/plain", body: "email=a@b.example" },
  { name: "no Content-Type", contentType: null, body: new TextEncoder().encode("email=a@b.example") },
  { name: "octet-stream", contentType: "application/octet-stream", body: new Uint8Array([0, 1, 2, 255]) },
  { name: "multipart without a boundary", contentType: "multipart/form-data", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
  {
    name: "multipart without its closing delimiter",
    contentType: "multipart/form-data; boundary=x",
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
  },
];

let app: App;
let cookie: string;
let urls: Record<string, string>;

beforeAll(async () => {
  app = await startApp({ demoData: true });
  cookie = await signInOverHttp(app, "admin@consultations.example");
  const [c] = await queryTestDatabase<{ slug: string; number: number; seq: number }>(
    app.dbUrl,
    `SELECT c."slug", c."number", m."seq" FROM "Comment" m JOIN "Consultation" c ON c."id" = m."consultationId" ORDER BY c."number", m."seq" LIMIT 1`,
  );
  const [user] = await queryTestDatabase<{ id: string }>(app.dbUrl, `SELECT "id" FROM "User" LIMIT 1`);
  const [organisation] = await queryTestDatabase<{ id: string }>(app.dbUrl, `SELECT "id" FROM "Organisation" LIMIT 1`);
  const token = "not-a-real-token";
  // One address per route module with an action; the test below fails when a new one is missing.
  urls = {
    $: "/no-such-page",
    account: "/account",
    "admin.dug": "/admin/dug",
    "admin.inbound": "/admin/inbound",
    "admin.mail": "/admin/mail",
    "admin.organisations.$id": `/admin/organisations/${organisation.id}`,
    "admin.organisations._index": "/admin/organisations",
    "admin.settings": "/admin/settings",
    "admin.users.$id": `/admin/users/${user.id}`,
    "consultations.$slug._index": `/consultations/${c.slug}?index`,
    "consultations.$slug.comments.$ref": `/consultations/${c.slug}/comments/${c.number}-${c.seq}`,
    "consultations.$slug.comment-upload": `/consultations/${c.slug}/comment-upload`,
    "consultations.$slug.dug": `/consultations/${c.slug}/dug`,
    "consultations.$slug.follow": `/consultations/${c.slug}/follow`,
    "consultations.$slug.manage": `/consultations/${c.slug}/manage`,
    "consultations.$slug.translations": `/consultations/${c.slug}/translations`,
    "consultations.$slug.statement._index": `/consultations/${c.slug}/statement?index`,
    "consultations.$slug.statement.a.$n": `/consultations/${c.slug}/statement/a/1`,
    "consultations.$slug.statement.edit": `/consultations/${c.slug}/statement/edit`,
    "consultations.$slug.statement.translate": `/consultations/${c.slug}/statement/translate`,
    "consultations.$slug.statement.upload": `/consultations/${c.slug}/statement/upload`,
    "consultations.new": "/consultations/new",
    "csp-report": "/csp-report",
    "follow._index": "/follow?index",
    "follow.confirm.$token": `/follow/confirm/${token}`,
    "follow.manage.$token": `/follow/manage/${token}`,
    language: "/language",
    "login._index": "/login?index",
    "login.check": "/login/check",
    "login.verify": "/login/verify",
    logout: "/logout",
    "mail.inbound": "/mail/inbound",
    "mail.name.$token": `/mail/name/${token}`,
    "markdown-preview": "/markdown-preview",
    "settings.notifications": "/settings/notifications",
    "unsubscribe.$token": `/unsubscribe/${token}`,
    welcome: "/welcome",
  };
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

test("the list of action addresses covers every route module that has an action", () => {
  const withAction = routeModules()
    .filter((m) => /export (async function|const) action\b/.test(m.source))
    .map((m) => m.name);
  expect(withAction.sort()).toEqual(Object.keys(urls).sort());
});

test("every action answers every malformed body with a 4xx and at most one short log line, never a 500", async () => {
  const problems: string[] = [];
  const logBefore = app.log().length;
  let requests = 0;
  for (const [route, url] of Object.entries(urls)) {
    for (const bad of BAD_BODIES) {
      const headers: Record<string, string> = { Origin: app.url, Cookie: cookie };
      if (bad.contentType) headers["Content-Type"] = bad.contentType;
      const res = await fetch(`${app.url}${url}`, { method: "POST", headers, body: bad.body, redirect: "manual" });
      await res.arrayBuffer();
      requests++;
      // Browsers send CSP reports as JSON: a JSON body there is a (useless) report, stored as nothing.
      const expected = route === "csp-report" && bad.name === "JSON" ? [204] : undefined;
      // The one-click unsubscribe must work whatever a mail provider sends (RFC 8058); with this
      // unknown token it is a 404 all the same.
      const ok = expected ? expected.includes(res.status) : res.status >= 400 && res.status < 500;
      if (!ok) problems.push(`${route} (${url}), ${bad.name}: ${res.status}`);
    }
  }
  // The session is still valid: the posts were refused, not mistaken for a sign-out.
  const account = await fetch(`${app.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(account.status).toBe(200);
  expect(problems).toEqual([]);
  const logged = app.log().slice(logBefore).split("\n").filter(Boolean);
  expect(logged.filter((line) => /^\s+at /.test(line))).toEqual([]);
  expect(logged.length).toBeLessThanOrEqual(requests);
  expect(logged.every((line) => line.length < 200)).toBe(true);
});

test("a body that is not a form gets 415 and says what to send; a malformed multipart body gets 400", async () => {
  const post = (contentType: string, body: string) =>
    fetch(`${app.url}/login`, { method: "POST", headers: { Origin: app.url, "Content-Type": contentType }, body, redirect: "manual" });
  const json = await post("application/json", '{"email":"a@b.example"}');
  expect(json.status).toBe(415);
  expect(await json.text()).toMatch(/application\/x-www-form-urlencoded or multipart\/form-data/);
  const broken = await post("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.example');
  expect(broken.status).toBe(400);
  expect(await broken.text()).toMatch(/malformed/);
});
