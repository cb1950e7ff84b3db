import type { Browser, BrowserContext, Page } from "playwright-core";
import { flash, launchBrowser, signInThroughEmail, startApp, trackedPage, waitForMail, type App } from "./harness";

// The final response statement end to end, on the demo data's closed consultation (CDS scanning,
// comment period over, nothing answered yet): the IFM answers one comment on its own and the rest
// in one bulk action, is refused while comments are unanswered, publishes; the statement is public
// and frozen; a commenter sees the disposition on their comment and in the mail.

const SLUG = "ds-record-updates-for-tlds-by-cds-cdnskey-scanning";
const IFM = "hanna.lindqvist@iana-ifm.example";
const COMMENTER = "owen.ebanks@kestrelbay-nic.example"; // wrote comment 2-1
const OWN_RESPONSE = "The scanner queries every listed address over IPv4 and IPv6; an unreachable address fails the consistency check.";
const BULK_RESPONSE = "Thank you: this is covered by the plan as revised, and needs no further change.";

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
const scriptErrors: string[] = [];
let ifm: Page, commenter: Page, anon: Page;

beforeAll(async () => {
  app = await startApp({ demoData: true });
  browser = await launchBrowser();
  const newPage = () => trackedPage(browser, contexts, scriptErrors);
  [ifm, commenter, anon] = await Promise.all([newPage(), newPage(), newPage()]);
});

afterEach(() => {
  expect(scriptErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

/** Signs in through the emailed link and waits until the browser has left the sign-in pages. */
async function signIn(page: Page, email: string) {
  await signInThroughEmail(page, app, email);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

const builder = () => `${app.url}/consultations/${SLUG}/statement/edit`;

test("before publication there is no statement page, and only IFM staff may open the builder", async () => {
  const response = await anon.goto(`${app.url}/consultations/${SLUG}/statement`);
  expect(response?.status()).toBe(404);
  await anon.getByText("has not been published yet").waitFor();
  await anon.goto(builder());
  expect(new URL(anon.url()).pathname).toBe("/login");

  await signIn(commenter, COMMENTER);
  const refused = await commenter.goto(builder());
  expect(refused?.status()).toBe(403);
  // An open consultation has no statement to write yet.
  await signIn(ifm, IFM);
  const open = await ifm.goto(`${app.url}/consultations/root-zone-ksk-algorithm-rollover-from-rsa-sha-256-to-ecdsa-p-256/statement/edit`);
  expect(open?.status()).toBe(409);
  await ifm.getByText(/The comment period is still open/).waitFor();
});

test("the IFM answers one comment, then all the others in one bulk action; publishing waits until every comment is answered", async () => {
  await ifm.goto(builder());
  await ifm.getByRole("heading", { name: "Final response statement" }).waitFor();
  const total = Number(/0 of (\d+) answered/.exec((await ifm.locator(".progress-box").textContent())!)![1]);
  expect(total).toBeGreaterThan(5);

  // Publishing now is refused, naming the unanswered comments.
  await ifm.getByRole("link", { name: "Publish" }).click();
  await ifm.getByRole("button", { name: "Publish the statement" }).click();
  await ifm.getByRole("alert").getByText(`${total} comments have no disposition yet (2-1, 2-2`).waitFor();

  // One comment on its own, with a theme.
  await ifm.goto(builder());
  const item = ifm.locator("li#w-2-1");
  await item.getByText("Kestrel Bay NIC welcomes this").waitFor();
  await item.getByLabel("Accepted", { exact: true }).check();
  await item.getByLabel("Response (markdown)").fill(OWN_RESPONSE);
  await item.getByLabel("New themes (comma-separated)").fill("Scanning coverage");
  await item.getByRole("button", { name: "Save answer to 2-1" }).click();
  await flash(ifm, "Comment 2-1: Accepted. Saved.");
  await ifm.locator(".progress-box").getByText(`1 of ${total} answered`).waitFor();

  // Everything still unanswered, in one bulk action.
  await ifm.getByRole("link", { name: "Show only these" }).click();
  await ifm.waitForURL(/unanswered=1/);
  await ifm.getByRole("button", { name: "Tick all on this page" }).click();
  const ticked = await ifm.locator('input[form="bulk"]:checked').count();
  expect(ticked).toBe(total - 1);
  const bulk = ifm.locator("#bulk");
  await bulk.getByLabel("Noted (no change needed)").check();
  await bulk.getByLabel("Response (markdown)").fill(BULK_RESPONSE);
  await bulk.getByRole("button", { name: "Apply to the selected comments" }).click();
  await flash(ifm, new RegExp(`^${total - 1} comments \\(2-2, .*\\): Noted\\. Saved\\.$`));
  await ifm.locator(".progress-box").getByText(`${total} of ${total} answered`).waitFor();

  // The live preview shows the whole statement before publication.
  await ifm.goto(`${app.url}/consultations/${SLUG}/statement/preview`);
  await ifm.getByText("Preview — not published.").waitFor();
  await ifm.locator("#response-2-1").getByText(OWN_RESPONSE).waitFor();
});

test("publishing freezes the statement, concludes the consultation and makes it public with its exports", async () => {
  await ifm.goto(`${builder()}?view=publish`);
  await ifm.getByRole("button", { name: "Publish the statement" }).click();
  await flash(ifm, "The final response statement is published. The consultation is concluded.");
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${SLUG}/statement`);

  const response = await anon.goto(`${app.url}/consultations/${SLUG}/statement`);
  expect(response?.status()).toBe(200);
  await anon.getByRole("heading", { name: "Our response to every comment" }).waitFor();
  const row = anon.locator("#response-2-1");
  await row.getByText("Accepted").waitFor();
  await row.getByText(OWN_RESPONSE).waitFor();
  const hash = (await anon.locator(".revision-facts code.hash").textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await anon.locator("svg.chart title", { hasText: "Comments per day across the comment period" }).waitFor({ state: "attached" });

  const json = await (await fetch(`${app.url}/consultations/${SLUG}/statement.json`)).json();
  expect(json).toMatchObject({ revision: 1, contentHash: hash });
  const md = await (await fetch(`${app.url}/consultations/${SLUG}/statement.md`)).text();
  expect(md).toContain(OWN_RESPONSE);

  await anon.goto(`${app.url}/consultations/${SLUG}`);
  await anon.getByText("Concluded", { exact: true }).first().waitFor();
  await anon.getByText("Final response statement published.").waitFor();
});

test("the commenter sees the disposition on their comment and in the mail, with a link to the response", async () => {
  await commenter.goto(`${app.url}/consultations/${SLUG}`);
  const comment = commenter.locator("li#c-2-1 > article");
  await comment.getByText("IFM’s disposition: Accepted").waitFor();
  await comment.getByRole("link", { name: "Read the response in the statement" }).click();
  await commenter.waitForURL(/\/statement#response-2-1$/);
  await commenter.locator("#response-2-1").getByText(OWN_RESPONSE).waitFor();

  const mail = await waitForMail(app.mailDir, COMMENTER, (m) => m.text.includes("final statement"), 20_000);
  expect(mail.text).toContain(`2-1: Accepted — ${app.url}/consultations/${SLUG}/statement#response-2-1`);
  expect(mail.text).toContain(`Read the statement: ${app.url}/consultations/${SLUG}/statement`);
});
