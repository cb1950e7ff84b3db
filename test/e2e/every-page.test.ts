import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, signInThroughEmail, startApp, waitForMail, type App } from "./harness";
import { PageChecker, pageRouteIds, type PageReport } from "./page-checks";

// Opens every page of the app on the demo data, as each kind of visitor sees it (signed out, a
// signed-in user, a DUG member, the DUG chair, IFM staff, an administrator), with JavaScript on,
// and checks each one: the expected status, hydration without a script error or failed request,
// no serious or critical axe-core violation at 1280 px, no sideways scrolling at 390 and 320 px.
// Pages that need a particular state (open, closed, concluded, withdrawn, upcoming and draft
// consultations, a statement, a DUG review, tokens from mails) are reached with real addresses.
// The last test fails when a page route in app/routes was rendered by none of the visits, so a
// new page cannot be left out.

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
const reports: PageReport[] = [];
const slugs = { open: "", closed: "", concluded: "", withdrawn: "", upcoming: "", draft: "" };

const FOLLOWER = "fern.follower@example.org";
const READER = { email: "rae.reader@example.org", name: "Rae Reader" };
const DUG_MEMBER = "einar.thorvaldsson@nordhaf-registry.example";
const DUG_CHAIR = "ngaire.holloway@kestrelbay-nic.example";
const IFM = "hanna.lindqvist@iana-ifm.example";
const ADMIN = "admin@consultations.example";

let publicChecker: PageChecker;

beforeAll(async () => {
  app = await startApp({ demoData: true });
  browser = await launchBrowser();
  Object.assign(slugs, consultationSlugsByState(app));
  publicChecker = await checkerFor("signed out");
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

/** The demo data's consultations in each state, read from the database file. */
function consultationSlugsByState(app: App): typeof slugs {
  const db = new Database(app.dbUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    const now = { now: new Date().toISOString() };
    const slug = (where: string) => {
      const query = db.prepare(`SELECT slug FROM Consultation WHERE ${where} ORDER BY number LIMIT 1`);
      const row = (where.includes(":now") ? query.get(now) : query.get()) as { slug: string } | undefined;
      if (!row) throw new Error(`the demo data has no consultation where ${where}`);
      return row.slug;
    };
    const live = "publishedAt IS NOT NULL AND withdrawnAt IS NULL AND concludedAt IS NULL";
    return {
      open: slug(`${live} AND julianday(opensAt) <= julianday(:now) AND julianday(closesAt) > julianday(:now)`),
      closed: slug(`${live} AND julianday(closesAt) <= julianday(:now)`),
      concluded: slug("concludedAt IS NOT NULL"),
      withdrawn: slug("withdrawnAt IS NOT NULL"),
      upcoming: slug(`${live} AND julianday(opensAt) > julianday(:now)`),
      draft: slug("publishedAt IS NULL"),
    };
  } finally {
    db.close();
  }
}

async function checkerFor(role: string): Promise<PageChecker> {
  const context = await browser.newContext();
  contexts.push(context);
  return new PageChecker(await context.newPage(), role);
}

/** Checks each address in turn and returns every problem found, one readable line each. */
async function visitAll(checker: PageChecker, paths: (string | { path: string; status: number })[]): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of paths) {
    const { path, status } = typeof entry === "string" ? { path: entry, status: 200 } : entry;
    problems.push(...record(await checker.visit(`${app.url}${path}`, { status })));
  }
  return problems;
}

function record(report: PageReport): string[] {
  reports.push(report);
  return report.problems;
}

/** The `href` of the first link on the page matching `selector`, for pages reached through links. */
async function hrefOf(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).first().getAttribute("href");
  if (!href) throw new Error(`no link ${selector} on ${page.url()}`);
  return new URL(href, app.url).pathname;
}

/** Signs in through the emailed link and waits until the browser has left the sign-in pages. */
async function signIn(checker: PageChecker, email: string) {
  await signInThroughEmail(checker.page, app, email);
  await checker.page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

const consultation = (state: keyof typeof slugs, rest = "") => `/consultations/${slugs[state]}${rest}`;

test("every public page, signed out", async () => {
  const problems = await visitAll(publicChecker, [
    "/",
    "/about",
    "/consultations",
    "/consultations?q=DNSSEC",
    consultation("open"),
    consultation("closed"),
    consultation("concluded"),
    consultation("withdrawn"),
    consultation("upcoming"),
    consultation("open", "/diff?from=1&to=2"),
    consultation("open", "/follow"),
    consultation("closed", "/dug"),
    consultation("concluded", "/dug"),
    consultation("concluded", "/statement"),
    consultation("concluded", "/statement?revision=1"),
    "/dug",
    "/follow",
    "/login",
    { path: "/no/such/page", status: 404 },
  ]);
  const page = publicChecker.page;
  await page.goto(`${app.url}${consultation("open")}`);
  problems.push(...(await visitAll(publicChecker, [await hrefOf(page, 'a[href*="/comments/"]')])));

  // Following by email: the confirmation link's page, then the settings page it leads to.
  await page.goto(`${app.url}${consultation("open")}`);
  const box = page.getByRole("region", { name: "Follow this consultation" });
  await box.getByLabel("Your email address").fill(FOLLOWER);
  await box.getByRole("button", { name: "Follow by email" }).click();
  await page.locator(".flash").waitFor();
  const confirm = await waitForMail(app.mailDir, FOLLOWER, (m) => m.subject.startsWith("Confirm"));
  const confirmUrl = /https?:\/\/\S+\/follow\/confirm\/[A-Za-z0-9_.-]+/.exec(confirm.text)![0];
  problems.push(...(await visitAll(publicChecker, [new URL(confirmUrl).pathname])));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL(/\/follow\/manage\//);
  problems.push(...(await visitAll(publicChecker, [new URL(page.url()).pathname])));
  expect(problems).toEqual([]);
});

test("every page of a signed-in user, from the sign-in pages on", async () => {
  const reader = await checkerFor("signed-in user");
  const problems: string[] = [];
  await signInThroughEmail(reader.page, app, READER.email, READER.name, async () => void problems.push(...record(await reader.check())));
  await reader.page.locator(".flash", { hasText: `Welcome, ${READER.name}.` }).waitFor();
  problems.push(
    ...(await visitAll(reader, [
      "/account",
      "/settings/notifications",
      consultation("open"),
      consultation("open", "/follow"),
      consultation("closed"),
      "/follow",
    ])),
  );
  await reader.page.goto(`${app.url}${consultation("open")}`);
  problems.push(...(await visitAll(reader, [await hrefOf(reader.page, 'a[href*="/comments/"]')])));

  // A comment mails the consultation's followers; the mail's unsubscribe link opens its page.
  await reader.page.goto(`${app.url}${consultation("open")}`);
  await reader.page.getByLabel("Your comment").fill("Please publish the test vectors for the new algorithm before the rollover starts.");
  await reader.page.getByRole("button", { name: "Post comment" }).click();
  await reader.page.locator(".flash", { hasText: /Your comment \d+-\d+ is posted\./ }).waitFor();
  const notice = await waitForMail(app.mailDir, FOLLOWER, (m) => !m.subject.startsWith("Confirm"), 20_000);
  const unsubscribe = /https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_.-]+/.exec(notice.text)![0];
  problems.push(...(await visitAll(publicChecker, [new URL(unsubscribe).pathname])));
  expect(problems).toEqual([]);
});

test("every page of a DUG member", async () => {
  const member = await checkerFor("DUG member");
  await signIn(member, DUG_MEMBER);
  expect(await visitAll(member, ["/dug/reviews", consultation("closed", "/dug"), consultation("concluded", "/dug"), "/dug", "/account"])).toEqual([]);
});

test("every page of the DUG chair", async () => {
  const chair = await checkerFor("DUG chair");
  await signIn(chair, DUG_CHAIR);
  expect(await visitAll(chair, ["/dug/reviews", consultation("closed", "/dug"), "/settings/notifications"])).toEqual([]);
});

test("every page of IFM staff", async () => {
  const ifm = await checkerFor("IFM staff");
  await signIn(ifm, IFM);
  const problems = await visitAll(ifm, [
    "/admin",
    "/admin/moderation",
    "/admin/mail",
    "/admin/mail?status=sent",
    "/admin/security",
    "/consultations/new",
    consultation("open"),
    consultation("open", "/manage"),
    consultation("open", "/dug"),
    consultation("draft"),
    consultation("draft", "/manage"),
    consultation("closed"),
    consultation("closed", "/manage"),
    consultation("closed", "/statement/edit"),
    consultation("closed", "/statement/edit?view=hidden"),
    consultation("closed", "/statement/edit?view=texts"),
    consultation("closed", "/statement/edit?view=publish"),
    consultation("closed", "/statement/preview"),
    consultation("concluded", "/statement"),
    consultation("concluded", "/statement/edit"),
    consultation("concluded", "/statement/edit?view=publish"),
    consultation("concluded", "/statement/preview"),
  ]);
  await ifm.page.goto(`${app.url}${consultation("closed")}`);
  problems.push(...(await visitAll(ifm, [await hrefOf(ifm.page, 'a[href*="/comments/"]')])));
  expect(problems).toEqual([]);
});

test("every page of an administrator", async () => {
  const admin = await checkerFor("administrator");
  await signIn(admin, ADMIN);
  const problems = await visitAll(admin, [
    "/admin/users",
    "/admin/organisations",
    "/admin/dug",
    "/admin/moderation",
    "/admin/mail",
    "/admin/audit",
    "/admin/settings",
  ]);
  await admin.page.goto(`${app.url}/admin/users`);
  const chairPage = await hrefOf(admin.page, 'a[href^="/admin/users/"]:text("Ngaire Holloway")');
  await admin.page.goto(`${app.url}/admin/organisations`);
  const organisationPage = await hrefOf(admin.page, 'a[href^="/admin/organisations/"]');
  problems.push(...(await visitAll(admin, [chairPage, organisationPage])));
  expect(problems).toEqual([]);
});

test("every page route in app/routes was opened by one of the visits above", () => {
  const rendered = new Set(reports.flatMap((r) => r.routeIds));
  const pageRoutes = pageRouteIds();
  expect(pageRoutes.length).toBeGreaterThan(30);
  expect(pageRoutes.filter((id) => !rendered.has(id))).toEqual([]);
});
