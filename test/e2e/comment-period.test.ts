import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { grantAdmin, launchBrowser, prismaDateTime, signInThroughEmail, startApp, type App, flash, trackedPage } from "./harness";

// The comment period end to end, in the order it happens: the IFM drafts, previews and publishes
// a plan; a TLD representative comments on a section on behalf of their registry; a member of the
// public replies; the IFM hides the reply and revises the plan; the diff shows the change; the IFM
// shortens the period; after the closing time a comment is refused and its text is kept. Each
// step builds on the previous one.

const PLAN_V1 = `## Background

The root zone key signing key is signed with RSA/SHA-256 today.

## Proposed change

We will roll the key signing key to ECDSA P-256 over six months, with a standby key published first.

## Impact on TLD operators

Validating resolvers need no change. Operators should check that their monitoring accepts algorithm 13.
`;
const PLAN_V2 = PLAN_V1.replace("over six months", "over nine months");

const TITLE = "Root zone KSK algorithm rollover to ECDSA";
const ORG = "Aotearoa Domain Registry";
const COMMENT = "We support the rollover on behalf of the .nz registry, but six months is too short for our resolver operators.";
const REPLY = "As a resolver operator I think six months is plenty.";
const HIDE_REASON = "Off topic for this section";
const LATE_COMMENT = "A late thought: please publish the standby key earlier.";
const SHORTEN_REASON = "The period was opened with the wrong closing month.";

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors in any page (a route module that fails to load, a hydration crash): each test asserts there were none. */
const scriptErrors: string[] = [];
let admin: Page, ifm: Page, rep: Page, pub: Page, anon: Page;
let slug = "";
let commentRef = "";
let replyRef = "";

function newPage(options: Parameters<Browser["newContext"]>[0] = {}) {
  return trackedPage(browser, contexts, scriptErrors, options);
}

function dbPath() {
  return app.dbUrl.replace(/^file:/, "");
}

beforeAll(async () => {
  app = await startApp({ demoData: false });
  browser = await launchBrowser();
  [admin, ifm, rep, pub, anon] = await Promise.all([newPage(), newPage(), newPage(), newPage(), newPage()]);
});

afterEach(() => {
  expect(scriptErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

test("an administrator makes an IFM staff member and verifies a registry's representative through the admin pages", async () => {
  await Promise.all([
    signInThroughEmail(admin, app, "ada.admin@example.org", "Ada Admin"),
    signInThroughEmail(ifm, app, "ivy.ifm@example.org", "Ivy IFM"),
    signInThroughEmail(rep, app, "rita@registry.example", "Rita Registry"),
    signInThroughEmail(pub, app, "pat@public.example", "Pat Public"),
  ]);
  await admin.getByText("Welcome, Ada Admin.").waitFor();
  grantAdmin(app, "ada.admin@example.org");

  // IFM staff role.
  await admin.goto(`${app.url}/admin/users`);
  await admin.getByRole("link", { name: "Ivy IFM" }).click();
  await admin.getByRole("heading", { name: "Ivy IFM", level: 1 }).waitFor();
  await admin.getByRole("button", { name: "Grant IFM staff" }).click();
  await flash(admin, "Role IFM staff granted.");
  await admin.getByRole("button", { name: "Revoke IFM staff" }).waitFor();

  // The registry and its representative.
  await admin.goto(`${app.url}/admin/organisations`);
  await admin.getByLabel("Name", { exact: true }).fill(ORG);
  await admin.getByLabel("Kind of operator").selectOption({ label: "ccTLD manager (country code)" });
  await admin.getByLabel("TLDs it runs").fill(".nz");
  await admin.getByRole("button", { name: "Add organisation" }).click();
  await flash(admin, `${ORG} added.`);

  await admin.goto(`${app.url}/admin/users`);
  await admin.getByRole("link", { name: "Rita Registry" }).click();
  await admin.getByRole("heading", { name: "Rita Registry", level: 1 }).waitFor();
  await admin.getByLabel("Organisation").selectOption({ label: ORG });
  await admin.getByLabel("Title (optional)").fill("Technical manager");
  await admin.getByRole("button", { name: "Verify representative" }).click();
  await flash(admin, "Representation verified.");
  await admin.getByRole("link", { name: ORG }).waitFor();
});

test("IFM staff draft a plan with a live preview, and nobody outside the IFM can see the draft", async () => {
  await ifm.goto(`${app.url}/consultations/new`);
  await ifm.getByRole("heading", { name: "New implementation plan" }).waitFor();
  await ifm.getByLabel("Title", { exact: true }).fill(TITLE);
  await ifm.getByLabel("Short summary").fill("The IFM proposes to change the root zone KSK algorithm from RSA/SHA-256 to ECDSA P-256.");
  await ifm.getByLabel("Implementation plan").fill(PLAN_V1);
  // The live preview (JavaScript) renders the markdown as it will be published.
  const preview = ifm.getByRole("region", { name: "Preview" });
  await preview.getByRole("heading", { name: "Proposed change", level: 2 }).waitFor();
  await preview.getByRole("heading", { name: "Impact on TLD operators", level: 2 }).waitFor();
  await ifm.getByLabel("Category").selectOption({ label: "DNSSEC" });
  await ifm.getByLabel("Who is affected").selectOption({ label: "ccTLD and gTLD operators" });
  await ifm.getByLabel("Proposed implementation timeline").fill("2027-03-01 Standby key published\n2027-09-01 Rollover complete");
  expect(await ifm.getByLabel("Contact name").inputValue()).toBe("Ivy IFM");
  await ifm.getByLabel("Contact email").fill("ksk-rollover@ifm.example");

  // Without JavaScript the Preview button renders the same on the server, keeping the form.
  const noJs = await newPage({ javaScriptEnabled: false, storageState: await ifm.context().storageState() });
  await noJs.goto(`${app.url}/consultations/new`);
  await noJs.getByLabel("Title", { exact: true }).fill(TITLE);
  await noJs.getByLabel("Implementation plan").fill(PLAN_V1);
  await noJs.getByRole("button", { name: "Preview" }).click();
  await noJs.getByRole("region", { name: "Preview" }).getByRole("heading", { name: "Proposed change", level: 2 }).waitFor();
  expect(await noJs.getByLabel("Title", { exact: true }).inputValue()).toBe(TITLE);
  expect(await noJs.getByLabel("Implementation plan").inputValue()).toBe(PLAN_V1);
  await noJs.context().close();

  await ifm.getByRole("button", { name: "Save draft" }).click();
  await flash(ifm, "Draft saved. Only IFM staff can see it until you publish it.");
  await ifm.getByRole("heading", { name: "Publish with a comment period" }).waitFor();
  slug = /\/consultations\/([^/]+)\/manage$/.exec(new URL(ifm.url()).pathname)![1];
  expect(slug).toMatch(/^[a-z0-9-]+$/);

  // The draft is visible to IFM staff only.
  for (const outsider of [anon, pub]) {
    const response = await outsider.goto(`${app.url}/consultations/${slug}`);
    expect(response?.status()).toBe(404);
    expect(await outsider.content()).not.toContain(TITLE);
  }
  await anon.goto(`${app.url}/consultations/${slug}/manage`);
  expect(new URL(anon.url()).pathname).toBe("/login");
});

test("publishing with a comment period shorter than 30 days is refused next to the field, keeping the dates typed", async () => {
  const minute = 60_000;
  const opens = new Date(Math.floor(Date.now() / minute) * minute);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  const tooSoon = local(new Date(opens.getTime() + 10 * 86_400_000));
  await ifm.getByLabel("Opens (UTC)").fill(local(opens));
  await ifm.getByLabel("Closes (UTC)").fill(tooSoon);
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  const error = ifm.locator("#closesAt-error");
  await error.waitFor();
  expect(await error.textContent()).toContain("The comment period must last at least 30 days");
  expect(await ifm.getByLabel("Closes (UTC)").getAttribute("aria-describedby")).toContain("closesAt-error");
  expect(await ifm.getByLabel("Opens (UTC)").inputValue()).toBe(local(opens));
  expect(await ifm.getByLabel("Closes (UTC)").inputValue()).toBe(tooSoon);

  await ifm.getByLabel("Closes (UTC)").fill(local(new Date(opens.getTime() + 31 * 86_400_000)));
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  await flash(ifm, "Published. The consultation is public now.");
  await ifm.getByText("Open for comment", { exact: true }).waitFor();
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${slug}`);

  const response = await anon.goto(`${app.url}/consultations/${slug}`);
  expect(response?.status()).toBe(200);
  await anon.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
  await anon.getByText(/30 days left/).waitFor();
});

test("a TLD representative comments on a section of the plan on behalf of their registry", async () => {
  await rep.goto(`${app.url}/consultations/${slug}`);
  const heading = rep.locator(".plan h2", { hasText: "Proposed change" });
  await heading.locator("xpath=following-sibling::p[1]").getByRole("link", { name: "Comment on this section" }).click();
  await rep.waitForURL(/\?section=/);
  const section = rep.getByLabel("Section of the plan (optional)");
  expect(await section.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].text)).toBe("Proposed change");
  await rep.getByLabel("Post as").selectOption({ label: `On behalf of ${ORG} (.nz)` });
  await rep.getByLabel("Your comment").fill(COMMENT);
  await rep.getByRole("button", { name: "Post comment" }).click();
  await flash(rep, /Your comment \d+-1 is posted\./);
  commentRef = /Your comment (\d+-1) is posted/.exec((await rep.locator(".flash").textContent())!)![1];

  await rep.goto(`${app.url}/consultations/${slug}`);
  const comment = rep.locator(`li#c-${commentRef}`);
  await comment.getByText(COMMENT).waitFor();
  await comment.getByText("Rita Registry").waitFor();
  await comment.locator(".comment-section", { hasText: "On section Proposed change" }).waitFor();
  await comment.getByText(`on behalf of ${ORG} (.nz)`).waitFor();
  expect(await comment.locator(".comment-ref").first().textContent()).toBe(`#${commentRef}`);
  await rep.getByRole("heading", { name: "Comments (1)" }).waitFor();
});

test("a member of the public replies and the reply appears indented under the comment", async () => {
  await pub.goto(`${app.url}/consultations/${slug}`);
  await pub.locator(`li#c-${commentRef} > article`).getByRole("link", { name: "Reply" }).click();
  await pub.getByRole("heading", { name: `Reply to ${commentRef}` }).waitFor();
  expect(await pub.getByLabel("Post as").count()).toBe(0); // not a representative
  await pub.getByLabel("Your reply").fill(REPLY);
  await pub.getByRole("button", { name: "Post reply" }).click();
  await flash(pub, /Your comment \d+-2 is posted\./);
  replyRef = /Your comment (\d+-2) is posted/.exec((await pub.locator(".flash").textContent())!)![1];

  await pub.goto(`${app.url}/consultations/${slug}`);
  const reply = pub.locator(`li#c-${commentRef} > ol.replies > li#c-${replyRef}`);
  await reply.getByText(REPLY).waitFor();
  await reply.getByText("Pat Public").waitFor();
  const indent = await reply.evaluate((li) => li.getBoundingClientRect().left);
  const parentIndent = await pub.locator(`li#c-${commentRef}`).evaluate((li) => li.getBoundingClientRect().left);
  expect(indent).toBeGreaterThan(parentIndent);
});

test("the plan's and the comments' HTML are sent once: not in the hydration data, still on the page after hydration and after a client-side change of order", async () => {
  const html = await (await fetch(`${app.url}/consultations/${slug}`)).text();
  const hydrationData = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((s) => s.includes("__remixContext"));
  expect(hydrationData.length).toBeGreaterThan(0);
  for (const text of ["roll the key signing key to ECDSA P-256", COMMENT, REPLY]) {
    expect(html).toContain(text);
    expect(hydrationData.join("")).not.toContain(text);
  }
  // A data request (what client-side navigations and revalidations fetch) carries the HTML.
  const data = await (await fetch(`${app.url}/consultations/${slug}.data`)).text();
  expect(data).toContain(COMMENT);
  expect(data).toContain("roll the key signing key to ECDSA P-256");

  await rep.goto(`${app.url}/consultations/${slug}`);
  // Hydrated: React has taken over the plan's element (and kept its content, checked below).
  await rep.waitForFunction(() => Object.keys(document.getElementById("plan-text") ?? {}).some((key) => key.startsWith("__reactFiber")));
  await rep.locator(".plan").getByText("roll the key signing key to ECDSA P-256").waitFor();
  await rep.locator(".plan").getByRole("link", { name: "Comment on this section" }).first().waitFor();
  await rep.locator(`li#c-${commentRef} .comment-body`).first().getByText(COMMENT).waitFor();
  await rep.getByRole("link", { name: "Newest first" }).click();
  await rep.waitForURL(/sort=newest/);
  await rep.locator(`li#c-${replyRef} .comment-body`).getByText(REPLY).waitFor();
  await rep.locator(".plan").getByText("roll the key signing key to ECDSA P-256").waitFor();
});

test("the IFM hides the reply with a reason: the public sees the reason instead of the text, the IFM still sees the text", async () => {
  await ifm.goto(`${app.url}/consultations/${slug}/comments/${replyRef}`);
  await ifm.getByLabel("Reason for hiding (shown publicly)").fill(HIDE_REASON);
  await ifm.getByRole("button", { name: "Hide comment" }).click();
  await flash(ifm, `Comment ${replyRef} is hidden.`);

  await anon.goto(`${app.url}/consultations/${slug}`);
  const hidden = anon.locator(`li#c-${replyRef}`);
  await hidden.getByText(`Hidden by the IFM: ${HIDE_REASON}`).waitFor();
  expect(await hidden.textContent()).not.toContain(REPLY);
  expect(await anon.content()).not.toContain(REPLY);
  await anon.locator(`li#c-${commentRef}`).getByText(COMMENT).first().waitFor();

  await ifm.goto(`${app.url}/consultations/${slug}`);
  const staffView = ifm.locator(`li#c-${replyRef}`);
  await staffView.getByText(`Hidden by the IFM: ${HIDE_REASON} (you see the text as IFM staff)`).waitFor();
  await staffView.getByText(REPLY).waitFor();
});

test("the IFM revises the plan: version 2 is shown with a version picker, and the diff marks the removed and added words", async () => {
  await ifm.goto(`${app.url}/consultations/${slug}/manage`);
  await ifm.getByRole("heading", { name: "Revise the plan (new version 2)" }).waitFor();
  await ifm.getByLabel("Implementation plan").fill(PLAN_V2);
  await ifm.getByLabel("What changed, and why").fill("Longer rollover, after comments from registries.");
  await ifm.getByRole("button", { name: "Publish version 2" }).click();
  await flash(ifm, "Version 2 of the plan is published.");
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${slug}`);

  await anon.goto(`${app.url}/consultations/${slug}`);
  await anon.getByText("Plan version 2 (current)").waitFor();
  await anon.getByText("Longer rollover, after comments from registries.").first().waitFor();
  await anon.locator(".plan").getByText("over nine months").waitFor();
  const picker = anon.getByLabel("Version", { exact: true });
  expect((await picker.locator("option").allTextContents()).sort()).toEqual(["1", "2 (current)"]);
  // The comment keeps the version it was made on.
  await anon.locator(`li#c-${commentRef} > article`).getByText("on version 1").waitFor();

  // Version 1 stays readable.
  await picker.selectOption("1");
  await anon.getByRole("button", { name: "Show" }).click();
  await anon.getByText("Plan version 1 — an earlier version; the current one is 2").waitFor();
  await anon.locator(".plan").getByText("over six months").waitFor();

  await anon.goto(`${app.url}/consultations/${slug}`);
  await anon.getByRole("link", { name: "What changed since version 1" }).click();
  await anon.getByRole("heading", { name: "Changes from version 1 to version 2" }).waitFor();
  const diff = anon.locator(".diff");
  await diff.locator("del", { hasText: "six" }).waitFor();
  await diff.locator("ins", { hasText: "nine" }).waitFor();
  expect(await diff.locator("del").allTextContents()).toEqual(["[removed: six]"]);
  expect(await diff.locator("ins").allTextContents()).toEqual(["[added: nine]"]);
});

test("the IFM shortens the period: a closing in the past is refused with the input kept, then the page shows the change and its reason", async () => {
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await ifm.goto(`${app.url}/consultations/${slug}/manage`);
  const panel = ifm.getByRole("region", { name: "Shorten the comment period" });
  await panel.getByLabel("New closing (UTC)").fill(local(new Date(Date.now() - 3_600_000)));
  await panel.getByLabel("Reason").fill(SHORTEN_REASON);
  await panel.getByRole("button", { name: "Shorten" }).click();
  const error = ifm.locator("#shorten-closesAt-error");
  await error.waitFor();
  expect(await error.textContent()).toMatch(/The new closing cannot be in the past\. .*at least 24 hours ahead/);
  expect(await panel.getByLabel("Reason").inputValue()).toBe(SHORTEN_REASON);

  const newClose = local(new Date(Date.now() + 3 * 86_400_000));
  await panel.getByLabel("New closing (UTC)").fill(newClose);
  await panel.getByRole("button", { name: "Shorten" }).click();
  await flash(ifm, "The comment period is shortened.");

  await anon.goto(`${app.url}/consultations/${slug}`);
  await anon.getByText(`Comment period shortened: the closing moved from`).waitFor();
  await anon.getByText(SHORTEN_REASON).first().waitFor();
  await anon.getByText("Shortened", { exact: true }).waitFor();
  await anon.getByText(/2 days left/).waitFor();
});

test("a comment that arrives after the closing time is refused with a clear message and the text is kept", async () => {
  await pub.goto(`${app.url}/consultations/${slug}`);
  const textarea = pub.getByLabel("Your comment");
  await textarea.fill(LATE_COMMENT);
  // Let the live preview (a request that also refreshes the page's data) finish while still open.
  await pub.getByRole("region", { name: "Preview" }).getByText(LATE_COMMENT).waitFor();

  // The period closes a moment from now, while the page (rendered while open) shows the form.
  const db = new Database(dbPath(), { fileMustExist: true, timeout: 10_000 });
  try {
    const row = db.prepare("SELECT closesAt FROM Consultation WHERE slug = ?").get(slug) as { closesAt: string };
    expect(row.closesAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/); // how Prisma stores DateTime here
    const closesAt = new Date(Date.now() + 2_000);
    const { changes } = db.prepare("UPDATE Consultation SET closesAt = ? WHERE slug = ?").run(prismaDateTime(closesAt), slug);
    expect(changes).toBe(1);
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 250)); // the closing time passes
  } finally {
    db.close();
  }

  await pub.getByRole("button", { name: "Post comment" }).click();
  const alert = pub.locator("#new-comment").getByRole("alert");
  await alert.waitFor();
  expect(await alert.locator("li").textContent()).toMatch(/^The comment period closed on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. Your text has not been lost/);
  expect(await textarea.inputValue()).toBe(LATE_COMMENT);

  // Nothing was posted, and the page now says the period has closed.
  await anon.goto(`${app.url}/consultations/${slug}`);
  await anon.getByText("Comment period closed", { exact: true }).waitFor();
  await anon.getByText(/^The comment period closed on /).waitFor();
  expect(await anon.content()).not.toContain(LATE_COMMENT);
});
