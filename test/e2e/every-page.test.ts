import { queryTestDatabase } from "../app-database";
import type { BrowserContext, Page } from "playwright-core";
import { db } from "~/services/db.server";
import { nameUrl } from "~/features/email/name-link.server";
import { signInThroughEmail, waitForMail, type App } from "./harness";
import { appFixtures } from "./fixtures";
import { PageChecker, pageRouteIds, type PageReport } from "./page-checks";

// Opens every page of the app on the demo data, as each kind of visitor sees it (signed out, a
// signed-in user, a DUG member, the DUG chair, IFM staff, an administrator), with JavaScript on,
// and checks each one: the expected status, hydration without a script error or failed request,
// no serious or critical axe-core violation at 1280 px, no sideways scrolling at 390 and 320 px.
// Pages that need a particular state (open, closed, concluded, withdrawn, upcoming and draft
// consultations, a statement, a DUG review, tokens from mails) are reached with real addresses.
// The last test fails when a page route in app/routes was rendered by none of the visits, so a
// new page cannot be left out. Each kind of visitor's visits run once, by its test or, when that
// test did not run, by the last one: any test runs alone.

const e2e = appFixtures({ demoData: true });
const contexts: BrowserContext[] = [];
const reports: PageReport[] = [];
const slugs = { open: "", closed: "", concluded: "", withdrawn: "", upcoming: "", draft: "" };

const FOLLOWER = "fern.follower@example.org"; // follows through the form
const FIXTURE_FOLLOWER = "flo.follower@example.org"; // follows through a fixture, to be mailed a notification
const READER = { email: "rae.reader@example.org", name: "Rae Reader" };
const DUG_MEMBER = "einar.thorvaldsson@nordhaf-registry.example";
const DUG_CHAIR = "ngaire.holloway@kestrelbay-nic.example";
const IFM = "hanna.lindqvist@iana-ifm.example";
const ADMIN = "admin@consultations.example";

let publicChecker: PageChecker;

beforeAll(async () => {
  Object.assign(slugs, await consultationSlugsByState(e2e.app));
  publicChecker = await checkerFor("signed out");
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
});

/** The demo data's consultations in each state, read from its database. */
async function consultationSlugsByState(app: App): Promise<typeof slugs> {
  const now = new Date();
  const slug = async (where: string) => {
    const params = where.includes("?")
      ? where
          .split("?")
          .slice(1)
          .map(() => now)
      : [];
    const [row] = await queryTestDatabase<{ slug: string }>(app.dbUrl, `SELECT "slug" FROM "Consultation" WHERE ${where} ORDER BY "number" LIMIT 1`, params);
    if (!row) throw new Error(`the demo data has no consultation where ${where}`);
    return row.slug;
  };
  const live = `"publishedAt" IS NOT NULL AND "withdrawnAt" IS NULL AND "concludedAt" IS NULL`;
  return {
    open: await slug(`${live} AND "opensAt" <= ? AND "closesAt" > ?`),
    closed: await slug(`${live} AND "closesAt" <= ?`),
    concluded: await slug(`"concludedAt" IS NOT NULL`),
    withdrawn: await slug(`"withdrawnAt" IS NOT NULL`),
    upcoming: await slug(`${live} AND "opensAt" > ?`),
    draft: await slug(`"publishedAt" IS NULL`),
  };
}

async function checkerFor(role: string): Promise<PageChecker> {
  const context = await e2e.browser.newContext();
  contexts.push(context);
  return new PageChecker(await context.newPage(), role);
}

/** Checks each address in turn and returns every problem found, one readable line each. */
async function visitAll(checker: PageChecker, paths: (string | { path: string; status: number })[]): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of paths) {
    const { path, status } = typeof entry === "string" ? { path: entry, status: 200 } : entry;
    problems.push(...record(await checker.visit(`${e2e.app.url}${path}`, { status })));
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
  return new URL(href, e2e.app.url).pathname;
}

/** Signs in through the emailed link and waits until the browser has left the sign-in pages. */
async function signIn(checker: PageChecker, email: string) {
  await signInThroughEmail(checker.page, e2e.app, email);
  await checker.page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

const consultation = (state: keyof typeof slugs, rest = "") => `/consultations/${slugs[state]}${rest}`;

/** Runs `visit` once; later calls answer the problems it found. */
function once(visit: () => Promise<string[]>): () => Promise<string[]> {
  let found: Promise<string[]> | undefined;
  return () => (found ??= visit());
}

const visits = {
  signedOut: once(async () => {
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
      // The statement's published file (the demo report).
      consultation("concluded", "/statement/a/1"),
      "/dug",
      "/follow",
      "/login",
      { path: "/no/such/page", status: 404 },
    ]);
    const page = publicChecker.page;
    await page.goto(`${e2e.app.url}${consultation("open")}`);
    problems.push(...(await visitAll(publicChecker, [await hrefOf(page, 'a[href*="/comments/"]')])));
    // An attachment's page (the demo letter on the open consultation).
    await page.goto(`${e2e.app.url}${consultation("open")}?sort=oldest`);
    problems.push(...(await visitAll(publicChecker, [await hrefOf(page, ".attachment-list a")])));

    // Following by email: the confirmation link's page, then the settings page it leads to.
    await page.goto(`${e2e.app.url}${consultation("open")}`);
    const box = page.getByRole("region", { name: "Follow this consultation" });
    await box.getByLabel("Your email address").fill(FOLLOWER);
    await box.getByRole("button", { name: "Follow by email" }).click();
    await page.locator(".flash").waitFor();
    const confirm = await waitForMail(e2e.app.mailDir, FOLLOWER, (m) => m.subject.startsWith("Confirm"));
    const confirmUrl = /https?:\/\/\S+\/follow\/confirm\/[A-Za-z0-9_.-]+/.exec(confirm.text)![0];
    problems.push(...(await visitAll(publicChecker, [new URL(confirmUrl).pathname])));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(/\/follow\/manage\//);
    problems.push(...(await visitAll(publicChecker, [new URL(page.url()).pathname])));
    // The receipt of a comment by mail from an address without an account links here for a name.
    const reader = await db().user.findUniqueOrThrow({ where: { email: "lea.fontaine@mail.example" }, select: { id: true } });
    problems.push(...(await visitAll(publicChecker, [new URL(nameUrl(reader.id)).pathname])));
    return problems;
  }),

  signedIn: once(async () => {
    const reader = await checkerFor("signed-in user");
    const problems: string[] = [];
    await signInThroughEmail(reader.page, e2e.app, READER.email, READER.name, async () => void problems.push(...record(await reader.check())));
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
    await reader.page.goto(`${e2e.app.url}${consultation("open")}`);
    problems.push(...(await visitAll(reader, [await hrefOf(reader.page, 'a[href*="/comments/"]')])));

    // A comment mails the consultation's followers; the mail's unsubscribe link opens its page.
    await e2e.emailFollower(FIXTURE_FOLLOWER, await db().consultation.findUniqueOrThrow({ where: { slug: slugs.open } }));
    await reader.page.goto(`${e2e.app.url}${consultation("open")}`);
    await reader.page.getByLabel("Your comment").fill("Please publish the test vectors for the new algorithm before the rollover starts.");
    await reader.page.getByRole("button", { name: "Post comment" }).click();
    await reader.page.locator(".flash", { hasText: /Your comment \d+-\d+ is posted\./ }).waitFor();
    const notice = await waitForMail(e2e.app.mailDir, FIXTURE_FOLLOWER, (m) => !m.subject.startsWith("Confirm"), 20_000);
    const unsubscribe = /https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_.-]+/.exec(notice.text)![0];
    problems.push(...(await visitAll(publicChecker, [new URL(unsubscribe).pathname])));
    return problems;
  }),

  dugMember: once(async () => {
    const member = await checkerFor("DUG member");
    await signIn(member, DUG_MEMBER);
    return visitAll(member, ["/dug/reviews", consultation("closed", "/dug"), consultation("concluded", "/dug"), "/dug", "/account"]);
  }),

  dugChair: once(async () => {
    const chair = await checkerFor("DUG chair");
    await signIn(chair, DUG_CHAIR);
    return visitAll(chair, ["/dug/reviews", consultation("closed", "/dug"), "/settings/notifications"]);
  }),

  ifm: once(async () => {
    const ifm = await checkerFor("IFM staff");
    await signIn(ifm, IFM);
    const problems = await visitAll(ifm, [
      "/admin",
      "/admin/moderation",
      "/admin/mail",
      "/admin/mail?status=sent",
      "/admin/inbound",
      "/admin/inbound?status=posted",
      "/admin/security",
      "/consultations/new",
      consultation("open"),
      consultation("open", "/manage"),
      consultation("open", "/translations"),
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
      consultation("concluded", "/statement/edit?view=texts"),
      consultation("concluded", "/statement/edit?view=publish"),
      consultation("concluded", "/statement/preview"),
      consultation("concluded", "/statement/translate"),
    ]);
    await ifm.page.goto(`${e2e.app.url}${consultation("closed")}`);
    problems.push(...(await visitAll(ifm, [await hrefOf(ifm.page, 'a[href*="/comments/"]')])));
    return problems;
  }),

  administrator: once(async () => {
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
    await admin.page.goto(`${e2e.app.url}/admin/users`);
    const chairPage = await hrefOf(admin.page, 'a[href^="/admin/users/"]:text("Ngaire Holloway")');
    await admin.page.goto(`${e2e.app.url}/admin/organisations`);
    const organisationPage = await hrefOf(admin.page, 'a[href^="/admin/organisations/"]');
    problems.push(...(await visitAll(admin, [chairPage, organisationPage])));
    return problems;
  }),
};

test("every public page, signed out", async () => {
  expect(await visits.signedOut()).toEqual([]);
});

test("every page of a signed-in user, from the sign-in pages on", async () => {
  expect(await visits.signedIn()).toEqual([]);
});

test("every page of a DUG member", async () => {
  expect(await visits.dugMember()).toEqual([]);
});

test("every page of the DUG chair", async () => {
  expect(await visits.dugChair()).toEqual([]);
});

test("every page of IFM staff", async () => {
  expect(await visits.ifm()).toEqual([]);
});

test("every page of an administrator", async () => {
  expect(await visits.administrator()).toEqual([]);
});

test("every page route in app/routes was opened by one of the visits above", { timeout: 300_000 }, async () => {
  for (const visit of Object.values(visits)) await visit();
  const rendered = new Set(reports.flatMap((r) => r.routeIds));
  const pageRoutes = pageRouteIds();
  expect(pageRoutes.length).toBeGreaterThan(30);
  expect(pageRoutes.filter((id) => !rendered.has(id))).toEqual([]);
});
