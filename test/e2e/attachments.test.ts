import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser, openConsultationSlug, signInOverHttp, startApp, trackedPage, type App } from "./harness";
import { makePdf } from "../attachment-fixtures";

// Attaching files in a real browser: without JavaScript (a plain multipart form, the files
// streamed to the store), and with it (sent by script, with progress); a refused file keeps the text.

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

test("without JavaScript a comment is posted with a PDF; its page shows the hash and serves the file sandboxed", async () => {
  const page = await signedInPage(false);
  await page.goto(`${app.url}/consultations/${slug}`);
  const form = page.locator("#new-comment");
  await form.locator("#bodyMd").fill("Our formal letter is attached.");
  const pdf = makePdf("Formal letter sent without JavaScript");
  await form.getByLabel("Attachments (letters, papers)").setInputFiles([{ name: "formal letter.pdf", mimeType: "application/pdf", buffer: pdf }]);
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.waitForURL(/\/comments\/\d+-\d+/);
  expect(await page.locator(".flash, [role=status]").first().textContent()).toMatch(/is posted with 1 file attached/);

  await page.getByRole("link", { name: "formal letter.pdf" }).click();
  await page.waitForURL(/\/a\/1$/);
  const { createHash } = await import("node:crypto");
  expect(await page.locator(".attachment-facts").textContent()).toContain(createHash("sha256").update(pdf).digest("hex"));
  const file = await page.request.get(`${page.url()}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-security-policy"]).toBe("sandbox");
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await file.body()).equals(pdf)).toBe(true);
});

test("without JavaScript a file of the wrong type is refused next to its field, with the text kept", async () => {
  const page = await signedInPage(false);
  await page.goto(`${app.url}/consultations/${slug}`);
  const form = page.locator("#new-comment");
  await form.locator("#bodyMd").fill("This text must survive.");
  await form
    .getByLabel("Attachments (letters, papers)")
    .setInputFiles([{ name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from("GIF89a\x01\x00\x01\x00", "latin1") }]);
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.locator("#new-comment .error-summary").waitFor();
  expect(await page.locator("#attachments-error").textContent()).toContain("“letter.pdf” is not a file type we accept");
  expect(await page.locator("#new-comment #bodyMd").inputValue()).toBe("This text must survive.");
});

test("with JavaScript the upload shows its progress and lands on the posted comment; a refusal keeps text and files", async () => {
  const page = await signedInPage(true);
  await page.goto(`${app.url}/consultations/${slug}`);
  const form = page.locator("#new-comment");
  await form.locator("#bodyMd").fill("Posted by script with a letter.");
  const input = form.getByLabel("Attachments (letters, papers)");
  await input.setInputFiles([{ name: "letter.exe.pdf", mimeType: "application/pdf", buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]) }]);
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.locator("#attachments-error").waitFor();
  expect(await page.locator("#attachments-error").textContent()).toContain("is not a file type we accept");
  expect(await form.locator("#bodyMd").inputValue()).toBe("Posted by script with a letter.");
  expect(await input.evaluate((el: HTMLInputElement) => el.files?.length)).toBe(1);

  // A PDF padded to 3 MB after its end, so the upload lasts long enough to report progress.
  const pdf = Buffer.concat([makePdf("Sent by script"), Buffer.alloc(3_000_000, 0x20)]);
  await input.setInputFiles([{ name: "letter.pdf", mimeType: "application/pdf", buffer: pdf }]);
  // Every insertion of the progress bar is seen, however briefly it is shown.
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector(".upload-progress progress")) w.sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.waitForURL(/\/comments\/\d+-\d+/);
  expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
  await page.getByRole("link", { name: "letter.pdf" }).waitFor();
  expect(scriptErrors).toEqual([]);
});
