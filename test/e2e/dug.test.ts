import type { Browser, BrowserContext, Page } from "playwright-core";
import { flash, grantAdmin, launchBrowser, signInThroughEmail, startApp, trackedPage, waitForMail, type App } from "./harness";

// DUG agreement end to end, in the order it happens: an administrator seats three voting members
// (one as chair) on the roster; the IFM publishes a plan and opens a DUG review; the members are
// mailed; one member agrees (without JavaScript), another objects — first without a rationale,
// which is refused — then withdraws the objection for an agreement with conditions; the chair's
// early certification is refused while the objection stands; the chair certifies; the public page
// shows the agreement record with its hash, and the consultation page links to it.

const TITLE = "Glue record requirements for TLD name servers";
const ORG = "Kestrel Bay Network Information Centre";
const PLAN = `## Background

Glue records are checked by hand today.

## Proposed change

Root zone change requests must supply glue for in-bailiwick name servers, checked automatically.
`;

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
const scriptErrors: string[] = [];
let admin: Page, ifm: Page, chair: Page, member: Page, objector: Page, anon: Page;
let slug = "";

const PEOPLE = {
  admin: { email: "ada.admin@example.org", name: "Ada Admin" },
  ifm: { email: "ivy.ifm@example.org", name: "Ivy IFM" },
  chair: { email: "nora.chair@kestrel.example", name: "Nora Chair" },
  member: { email: "mo.member@kestrel.example", name: "Mo Member" },
  objector: { email: "olga.objector@kestrel.example", name: "Olga Objector" },
};

beforeAll(async () => {
  app = await startApp({ demoData: false });
  browser = await launchBrowser();
  const page = () => trackedPage(browser, contexts, scriptErrors);
  [admin, ifm, chair, objector, anon] = await Promise.all([page(), page(), page(), page(), page()]);
  // One member uses the site without JavaScript: every DUG form must work without it.
  member = await trackedPage(browser, contexts, scriptErrors, { javaScriptEnabled: false });
});

afterEach(() => {
  expect(scriptErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

test("an administrator seats three voting members and makes one the chair through the roster page", { timeout: 120_000 }, async () => {
  await Promise.all(
    (
      [
        [admin, PEOPLE.admin],
        [ifm, PEOPLE.ifm],
        [chair, PEOPLE.chair],
        [member, PEOPLE.member],
        [objector, PEOPLE.objector],
      ] as const
    ).map(([page, who]) => signInThroughEmail(page, app, who.email, who.name)),
  );
  grantAdmin(app, PEOPLE.admin.email);

  await admin.goto(`${app.url}/admin/users`);
  await admin.getByRole("link", { name: PEOPLE.ifm.name }).click();
  await admin.getByRole("button", { name: "Grant IFM staff" }).click();
  await flash(admin, "Role IFM staff granted.");

  await admin.goto(`${app.url}/admin/organisations`);
  await admin.getByLabel("Name", { exact: true }).fill(ORG);
  await admin.getByLabel("Kind of operator").selectOption({ label: "ccTLD manager (country code)" });
  await admin.getByLabel("TLDs it runs").fill(".kb");
  await admin.getByRole("button", { name: "Add organisation" }).click();
  await flash(admin, `${ORG} added.`);

  await admin.goto(`${app.url}/admin/dug`);
  await admin.getByRole("heading", { name: "DUG roster", level: 1 }).waitFor();
  // A voting member without a registry is refused next to the field, keeping what was typed.
  await admin.getByLabel("Email address").fill(PEOPLE.chair.email);
  await admin.getByRole("button", { name: "Seat", exact: true }).click();
  await admin.locator("#organisationId-error", { hasText: "A voting member comes from a TLD registry operator" }).waitFor();
  expect(await admin.getByLabel("Email address").inputValue()).toBe(PEOPLE.chair.email);

  for (const who of [PEOPLE.chair, PEOPLE.member, PEOPLE.objector]) {
    await admin.getByLabel("Email address").fill(who.email);
    await admin.getByLabel("Seat", { exact: true }).selectOption("voting");
    await admin.getByLabel("Registry (voting members)").selectOption({ label: `${ORG} (ccTLD)` });
    await admin.getByRole("button", { name: "Seat", exact: true }).click();
    await flash(admin, "Voting member seated.");
    await admin.getByRole("rowheader", { name: new RegExp(who.name) }).waitFor();
  }
  await admin.getByRole("button", { name: `Make chair (${PEOPLE.chair.name})` }).click();
  await flash(admin, "The chair is changed.");

  await anon.goto(`${app.url}/dug`);
  await anon.getByRole("cell", { name: `${PEOPLE.chair.name} Chair` }).waitFor();
  expect(await anon.getByText("3 of at most 8 seats filled.").count()).toBe(1);
});

test("the IFM publishes a plan and opens a DUG review; the voting members are mailed", async () => {
  await ifm.goto(`${app.url}/consultations/new`);
  await ifm.getByLabel("Title", { exact: true }).fill(TITLE);
  await ifm.getByLabel("Short summary").fill("In-bailiwick name servers will need glue, checked automatically.");
  await ifm.getByLabel("Implementation plan").fill(PLAN);
  await ifm.getByLabel("Category").selectOption({ label: "DNSSEC" });
  await ifm.getByLabel("Who is affected").selectOption({ label: "ccTLD and gTLD operators" });
  await ifm.getByLabel("Proposed implementation timeline").fill("2027-03-01 Automated glue checks start");
  await ifm.getByLabel("Contact email").fill("glue@ifm.example");
  expect(await ifm.getByLabel("The DUG must agree this plan on behalf of the TLD registry operators").isChecked()).toBe(true);
  await ifm.getByRole("button", { name: "Save draft" }).click();
  await ifm.getByRole("heading", { name: "Publish with a comment period" }).waitFor();
  slug = /\/consultations\/([^/]+)\/manage$/.exec(new URL(ifm.url()).pathname)![1];
  const minute = 60_000;
  const opens = new Date(Math.floor(Date.now() / minute) * minute);
  await ifm.getByLabel("Opens (UTC)").fill(opens.toISOString().slice(0, 16));
  await ifm.getByLabel("Closes (UTC)").fill(new Date(opens.getTime() + 31 * 86_400_000).toISOString().slice(0, 16));
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  await flash(ifm, "Published. The consultation is public now.");

  await ifm.getByRole("link", { name: "DUG agreement page" }).click();
  await ifm.getByRole("heading", { name: `DUG agreement: ${TITLE}`, level: 1 }).waitFor();
  await ifm.getByRole("button", { name: "Open review round 1" }).click();
  await flash(ifm, "DUG review round 1 is open.");
  await ifm.getByRole("heading", { name: /Round 1 · plan version 1/ }).waitFor();
  await ifm.getByText("needs 2 more positions").waitFor();

  const mail = await waitForMail(app.mailDir, PEOPLE.member.email, (m) => m.text.includes("opened DUG review round 1"));
  expect(mail.text).toContain(`/consultations/${slug}/dug`);
  expect(mail.text).toContain("Please record your position");
});

test("a member agrees without JavaScript; another member's objection without a rationale is refused, then recorded", async () => {
  await member.goto(`${app.url}/dug/reviews`);
  await member.getByRole("heading", { name: "Waiting for your position" }).waitFor();
  await member.getByRole("link", { name: new RegExp(TITLE) }).click();
  await member.getByRole("heading", { name: "Record your position" }).waitFor();
  await member.getByLabel(/^Agree\s+You agree the plan as written/).check();
  await member.getByLabel("Rationale (public)").fill("Automated glue checks remove a manual step we often get wrong.");
  await member.getByRole("button", { name: "Record my position" }).click();
  await flash(member, "Your position is recorded.");
  await member.getByRole("heading", { name: "Change your position" }).waitFor();

  await objector.goto(`${app.url}/consultations/${slug}/dug`);
  await objector.getByLabel(/^Object\s+Blocking/).check();
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill("kept text");
  await objector.getByRole("button", { name: "Record my position" }).click();
  await objector.locator("#rationale-1-error", { hasText: "An objection blocks agreement: explain it in the rationale." }).waitFor();
  expect(await objector.getByLabel("Conditions (for “Agree with conditions”)").inputValue()).toBe("kept text");
  expect(await objector.getByLabel(/^Object\s+Blocking/).isChecked()).toBe(true);

  await objector.getByLabel("Rationale (public)").fill("Sibling glue is not covered; registries with shared name servers would be rejected.");
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill("");
  await objector.getByRole("button", { name: "Record my position" }).click();
  await flash(objector, "Your position is recorded.");
  await objector.locator(".dug-status", { hasText: "blocked by 1 objection" }).waitFor();
});

test("the chair cannot certify while the objection stands; the objection is withdrawn and its history kept", async () => {
  await chair.goto(`${app.url}/consultations/${slug}/dug`);
  await chair.getByRole("button", { name: "Certify: agreed" }).click();
  await chair.getByRole("alert").filter({ hasText: "The rule is not met yet, so the agreement cannot be certified: blocked by 1 objection" }).waitFor();
  expect(await chair.locator(".dug-record").count()).toBe(0);

  await objector.getByLabel(/^Agree with conditions/).check();
  await objector.getByLabel("Rationale (public)").fill("The IFM confirmed sibling glue is accepted.");
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill("The final plan states that sibling glue is accepted.");
  await objector.getByRole("button", { name: "Change my position" }).click();
  await flash(objector, "Your position is recorded.");
  await objector.locator(".dug-status", { hasText: "Rule met" }).waitFor();
  const row = objector.getByRole("row", { name: new RegExp(PEOPLE.objector.name) });
  await row.getByText("1 earlier position").click();
  await row.getByText(/Object — Sibling glue is not covered/).waitFor();

  // The chair is told that the rule is met.
  await waitForMail(app.mailDir, PEOPLE.chair.email, (m) => m.text.includes("is now met"));
});

test("the chair certifies; the public page shows the agreement record with its hash, and the consultation page links to it", async () => {
  await chair.goto(`${app.url}/consultations/${slug}/dug`);
  await chair.getByRole("button", { name: "Certify: agreed" }).click();
  await flash(chair, "The agreement is certified and recorded.");

  const today = new Date().toISOString().slice(0, 10);
  await anon.goto(`${app.url}/consultations/${slug}/dug`);
  const record = anon.locator(".dug-record");
  await record.locator(".dug-record-statement", { hasText: `Agreed by the DUG on behalf of the TLD registry operators on ${today}.` }).waitFor();
  await record.getByText(`Certified by ${PEOPLE.chair.name}, DUG chair.`).waitFor();
  await record.getByRole("listitem").filter({ hasText: "The final plan states that sibling glue is accepted." }).waitFor();
  expect(await record.locator("code.hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
  await record.getByText("matches the record").waitFor();
  expect(await anon.getByRole("button", { name: "Certify: agreed" }).count()).toBe(0);
  await anon.getByText(/Round 1 certified by the chair: agreed/).waitFor();

  await anon.goto(`${app.url}/consultations/${slug}`);
  await anon.getByText(`Agreed by the DUG on behalf of the TLD registry operators on ${today}`, { exact: false }).waitFor();
  await anon.getByRole("link", { name: "Read the agreement record" }).click();
  await anon.waitForURL(`**/consultations/${slug}/dug`);

  // A late position is refused with a clear message, and nothing changes.
  await objector.goto(`${app.url}/consultations/${slug}/dug`);
  expect(await objector.getByRole("button", { name: "Change my position" }).count()).toBe(0);
});
