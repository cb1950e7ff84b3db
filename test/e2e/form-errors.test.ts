import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser, openConsultationSlug, signInOverHttp, startApp, trackedPage, type App } from "./harness";

// A refused form puts the keyboard user on the list of what is wrong (the GOV.UK error summary),
// whose links lead back to each field; what they typed is kept. With and without JavaScript.

let app: App;
let browser: Browser;
let slug: string;
let cookie: string;
const contexts: { close(): Promise<void> }[] = [];
const scriptErrors: string[] = [];

beforeAll(async () => {
  app = await startApp({ demoData: true });
  browser = await launchBrowser();
  slug = await openConsultationSlug(app);
  cookie = await signInOverHttp(app, "sam@dns-training.example");
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await app?.stop();
});

async function signedInPage(javaScriptEnabled: boolean) {
  const page = await trackedPage(browser, contexts, scriptErrors, { javaScriptEnabled });
  const [name, value] = cookie.split("=");
  await page.context().addCookies([{ name: name!, value: value!, url: app.url }]);
  return page;
}

test("after an empty comment is refused, focus is on the error summary and its link leads to the text field", async () => {
  const page = await signedInPage(true);
  await page.goto(`${app.url}/consultations/${slug}`);
  const form = page.locator("#new-comment");
  await form.getByRole("button", { name: "Post comment" }).focus();
  await page.keyboard.press("Enter");
  const summary = form.locator(".error-summary");
  await summary.waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
  expect(await summary.getByRole("alert").textContent()).toContain("Write your comment before posting.");

  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Write your comment before posting.");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("bodyMd");
  // The field says what is wrong too, for whoever lands on it directly.
  expect(await page.locator("#bodyMd").getAttribute("aria-describedby")).toContain("bodyMd-error");
  expect(scriptErrors).toEqual([]);
});

test("without JavaScript the refused form shows the same summary, linked to the field, with the text kept", async () => {
  const page = await signedInPage(false);
  await page.goto(`${app.url}/consultations/${slug}`);
  const form = page.locator("#new-comment");
  await form.locator("#bodyMd").fill("x".repeat(20_001));
  await form.getByRole("button", { name: "Post comment" }).click();
  const link = form.locator(".error-summary a");
  await link.waitFor();
  expect(await link.getAttribute("href")).toBe("#bodyMd");
  expect(await link.textContent()).toMatch(/at most 20,000 characters/);
  expect((await form.locator("#bodyMd").inputValue()).length).toBe(20_001);
});

test("every kind of refused form moves focus to its summary: sign-in, following by email, the account name, extending a period", async () => {
  const staffCookie = await signInOverHttp(app, "hanna.lindqvist@iana-ifm.example");
  const cases = [
    { who: null, path: "/login", fill: { "Email address": "not-an-address" }, button: "Email me a sign-in link", message: /valid email address/ },
    { who: null, path: "/follow", fill: { "Your email address": "nobody@" }, button: "Follow by email", message: /valid email address/ },
    { who: null, path: `/consultations/${slug}`, fill: { "Your email address": "x" }, button: "Follow by email", message: /valid email address/ },
    { who: cookie, path: "/account", fill: { "Name shown on your comments": "A" }, button: "Save name", message: /at least 2 characters/ },
    {
      who: staffCookie,
      path: `/consultations/${slug}/manage`,
      within: "Extend the closing date",
      fill: { "New closing (UTC)": "" },
      button: "Extend",
      message: /closing/i,
    },
  ] as { who: string | null; path: string; within?: string; fill: Record<string, string>; button: string; message: RegExp }[];
  for (const c of cases) {
    const page = await trackedPage(browser, contexts, scriptErrors);
    if (c.who) {
      const [name, value] = c.who.split("=");
      await page.context().addCookies([{ name: name!, value: value!, url: app.url }]);
    }
    await page.goto(`${app.url}${c.path}`);
    const scope = c.within ? page.getByRole("region", { name: c.within }) : page.locator("main");
    for (const [label, value] of Object.entries(c.fill)) await scope.getByLabel(label, { exact: true }).fill(value);
    await scope.getByRole("button", { name: c.button, exact: true }).click();
    await page.locator(".error-summary").waitFor();
    const focused = await page.evaluate(() => ({ className: document.activeElement?.className, text: document.activeElement?.textContent ?? "" }));
    expect(focused.className, c.path).toBe("error-summary");
    expect(focused.text, c.path).toMatch(c.message);
  }
  expect(scriptErrors).toEqual([]);
});
