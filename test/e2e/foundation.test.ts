import type { Browser } from "playwright-core";
import { grantAdmin, launchBrowser, readMails, signInThroughEmail, startApp, type App } from "./harness";

let app: App;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("a new user signs in through the emailed link, names themselves, and signs out", async () => {
  const page = await browser.newPage();
  const mail = await signInThroughEmail(page, app, "newcomer@example.org", "Nia Newcomer");
  expect(mail.subject).toMatch(/sign-in link/);
  expect(mail.text).toMatch(/\b\d{6}\b/);
  await page.getByText("Welcome, Nia Newcomer.").waitFor();
  await page.getByRole("link", { name: "Your account" }).click();
  await page.getByText("newcomer@example.org").waitFor();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.getByText("You are signed out.").waitFor();
  expect(await page.getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
  await page.close();
});

test("the header names who is signed in, and staff see their role beside the name", async () => {
  const page = await browser.newPage();
  await signInThroughEmail(page, app, "rosa.roles@example.org", "Rosa Roles");
  await page.getByText("Welcome, Rosa Roles.").waitFor();
  const account = page.locator(".site-header").getByRole("link", { name: "Your account: Rosa Roles", exact: true });
  await account.waitFor();
  expect(await account.locator(".account-name").textContent()).toBe("Rosa Roles");
  expect(await account.locator(".role-badge").count()).toBe(0);

  // As an administrator (granted as an operator would) she also takes the IFM role: the header
  // says "Admin", the wider role; once she gives up administration, "IFM".
  grantAdmin(app, "rosa.roles@example.org");
  grantAdmin(app, "other.admin@example.org");
  await page.reload();
  const adminLink = page.locator(".site-header").getByRole("link", { name: "Your account: Rosa Roles Admin", exact: true });
  await adminLink.waitFor();
  await page.goto(`${app.url}/admin/users`);
  await page.locator("main").getByRole("link", { name: "Rosa Roles" }).click();
  await page.getByRole("button", { name: "Grant IFM staff" }).click();
  await page.getByRole("button", { name: "Revoke Administrator" }).click();
  await page.locator(".site-header").getByRole("link", { name: "Your account: Rosa Roles IFM", exact: true }).waitFor();
  await page.close();
});

test("printed pages keep a margin from the paper's edge", async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  const margins = await page.evaluate(() =>
    [...document.styleSheets]
      .flatMap((sheet) => [...sheet.cssRules])
      .filter((rule): rule is CSSPageRule => rule instanceof CSSPageRule)
      .map((rule) => [rule.style.marginTop, rule.style.marginRight, rule.style.marginBottom, rule.style.marginLeft]),
  );
  expect(margins).toHaveLength(1);
  for (const side of margins[0]) expect(parseFloat(side) * (side.endsWith("mm") ? 0.1 : 1)).toBeGreaterThanOrEqual(1.5);
  await page.close();
});

test("the same emailed link does not work a second time", async () => {
  const page = await browser.newPage();
  const mail = await signInThroughEmail(page, app, "twice@example.org", "Twice");
  const link = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
  const other = await browser.newPage();
  await other.goto(link);
  await other.getByText(/already been used/).waitFor();
  await page.close();
  await other.close();
});

test("a signed-in user who opens an admin page sees the 403 page, not a crash", async () => {
  const page = await browser.newPage();
  await signInThroughEmail(page, app, "curious@example.org", "Curious");
  const response = await page.goto(`${app.url}/admin/users`);
  expect(response?.status()).toBe(403);
  await page.getByRole("heading", { name: "You do not have access to this page" }).waitFor();
  expect(await page.content()).not.toMatch(/at .*\.js:\d+/);
  await page.close();
});

test("the sign-in form works without JavaScript and shows field errors next to the field", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email address").fill("not an address");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  // Beside the field, and in the summary at the top of the form.
  await page.locator("#email-error", { hasText: "Enter a valid email address" }).waitFor();
  expect(await page.locator(".error-summary a[href='#email']").textContent()).toMatch(/^Enter a valid email address/);
  expect(await page.getByLabel("Email address").inputValue()).toBe("not an address");
  await context.close();
});

test("a cross-site POST is refused with 403 and an oversized body with 413", async () => {
  const cross = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    body: "email=victim%40example.org",
  });
  expect(cross.status).toBe(403);
  const big = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: "email=" + "a".repeat(2 * 1024 * 1024),
  });
  expect(big.status).toBe(413);
  expect((await readMails(app.mailDir)).some((m) => m.to.includes("victim@example.org"))).toBe(false);
});

test("pages carry a nonce-based CSP that forbids framing, and healthz answers 200", async () => {
  const res = await fetch(`${app.url}/`);
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await res.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});

test("an unknown page is a 404 with the site's error page", async () => {
  const res = await fetch(`${app.url}/no/such/page`);
  expect(res.status).toBe(404);
  expect(await res.text()).toContain("Page not found");
});
