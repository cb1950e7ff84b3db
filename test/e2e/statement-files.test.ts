import { createHash } from "node:crypto";
import { flash } from "./harness";
import { appFixtures } from "./fixtures";
import { makeDocx, makePdf, unzip } from "../attachment-fixtures";

// The statement's own files in a real browser: IFM staff attach them to the draft without
// JavaScript (a plain multipart form) and with it (sent by script, with progress); a refused file
// keeps the texts; publishing shows them with their hashes, serves them inert, and archives them.

const e2e = appFixtures();
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const FIELD = "Add files to the statement";

test("without JavaScript IFM staff attach a PDF and a docx; a renamed file is refused with the texts kept; publishing lists, serves and archives them", async () => {
  const c = await e2e.consultation({ state: "closed", title: "Files: publication of zone file access statistics" });
  const { page: ifm } = await e2e.signedIn("Ingrid Statement", { roles: ["ifm"], javaScript: false });
  const texts = `${e2e.app.url}/consultations/${c.slug}/statement/edit?view=texts`;
  const pdf = makePdf("Implementation report for the statement");
  const docx = await makeDocx(["Summary for the Board."]);

  await ifm.goto(texts);
  await ifm.locator("#introMd").fill("We thank everyone who took part.");
  await ifm.getByLabel(FIELD).setInputFiles([
    { name: "report.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "summary.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: docx },
  ]);
  await ifm.getByRole("button", { name: "Save the texts" }).click();
  await flash(ifm, "The statement's texts are saved, with 2 files added.");
  const draft = ifm.locator(".statement-draft-files");
  expect(await draft.textContent()).toContain(sha256(pdf));
  expect(await draft.textContent()).toContain(sha256(docx));

  // A GIF named like a PDF: refused next to the field, the texts as typed.
  await ifm.locator("#analysisMd").fill("This analysis must survive the refusal.");
  await ifm.getByLabel(FIELD).setInputFiles([{ name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from("GIF89a\x01\x00\x01\x00", "latin1") }]);
  await ifm.getByRole("button", { name: "Save the texts" }).click();
  await ifm.locator("#attachments-error").waitFor();
  expect(await ifm.locator("#attachments-error").textContent()).toContain("“letter.pdf” is not a file type we accept");
  expect(await ifm.locator("#analysisMd").inputValue()).toBe("This analysis must survive the refusal.");
  expect(await ifm.locator("#introMd").inputValue()).toBe("We thank everyone who took part.");

  await ifm.goto(`${e2e.app.url}/consultations/${c.slug}/statement/edit?view=publish`);
  await ifm.getByRole("button", { name: "Publish the statement" }).click();
  await ifm.waitForURL(/\/statement$/);

  // The public statement lists both files with their hashes; the bytes come sandboxed.
  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${c.slug}/statement`);
  const files = anon.locator("section#files");
  await files.getByRole("heading", { name: "Files published with the statement" }).waitFor();
  expect(await files.textContent()).toContain(sha256(pdf));
  expect(await files.textContent()).toContain(sha256(docx));
  await files.getByRole("link", { name: "report.pdf" }).click();
  await anon.waitForURL(/\/statement\/a\/1$/);
  expect(await anon.locator(".attachment-facts").textContent()).toContain(sha256(pdf));
  const served = await anon.request.get(`${anon.url()}/file`);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-security-policy"]).toBe("sandbox");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await served.body()).equals(pdf)).toBe(true);

  const archive = await anon.request.get(`${e2e.app.url}/consultations/${c.slug}/archive.zip`);
  const entries = await unzip(Buffer.from(await archive.body()));
  const manifest = JSON.parse(entries.get("manifest.json")!.toString()) as { files: { path: string; sha256: string }[] };
  const statementFiles = manifest.files.filter((f) => f.path.startsWith("statement/files/"));
  expect(statementFiles.map((f) => f.sha256).sort()).toEqual([sha256(pdf), sha256(docx)].sort());
  for (const f of manifest.files) expect(sha256(entries.get(f.path)!), f.path).toBe(f.sha256);

  // Once the worker has extracted the report's text, search finds the consultation through it
  // and says where, linking to the file's permalink.
  const hit = anon.locator(".search-snippet", { hasText: "In a file of the final statement" });
  await expect
    .poll(
      async () => {
        await anon.goto(`${e2e.app.url}/consultations?q=${encodeURIComponent('"Implementation report for the statement"')}`);
        return hit.count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  expect(await hit.getByRole("link", { name: "report.pdf" }).getAttribute("href")).toBe(`/consultations/${c.slug}/statement/a/1`);
});

test("with JavaScript the statement's files upload with progress and land in the draft's list", async () => {
  const c = await e2e.consultation({ state: "closed", title: "Progress: publication of zone file access statistics" });
  const { page: ifm } = await e2e.signedIn("Ivo Statement", { roles: ["ifm"] });
  await ifm.goto(`${e2e.app.url}/consultations/${c.slug}/statement/edit?view=texts`);
  // A PDF padded to 3 MB after its end, so the upload lasts long enough to report progress.
  const pdf = Buffer.concat([makePdf("Sent by script"), Buffer.alloc(3_000_000, 0x20)]);
  await ifm.getByLabel(FIELD).setInputFiles([{ name: "annex.pdf", mimeType: "application/pdf", buffer: pdf }]);
  await ifm.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector(".upload-progress progress")) w.sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await ifm.getByRole("button", { name: "Save the texts" }).click();
  await ifm.locator(".statement-draft-files").getByRole("link", { name: "annex.pdf" }).waitFor();
  expect(await ifm.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
  await flash(ifm, "with 1 file added");
});

test("someone who is not IFM staff cannot post files to the statement: 403", async () => {
  const c = await e2e.consultation({ state: "closed", title: "Refused: publication of zone file access statistics" });
  const { page } = await e2e.signedIn("Rita Registrant");
  for (const path of ["edit", "upload"]) {
    const res = await page.request.post(`${e2e.app.url}/consultations/${c.slug}/statement/${path}`, {
      headers: { Origin: e2e.app.url },
      multipart: { intent: "texts", attachments: { name: "report.pdf", mimeType: "application/pdf", buffer: makePdf("Not mine") } },
    });
    expect(res.status(), path).toBe(403);
  }
});
