import { expect, test } from "vitest";
import { appFixtures } from "./fixtures";

// A page carries the messages of its own routes, in the root loader's data; a link followed in
// the browser brings the next page's messages with its data, so it shows in the same language.

const e2e = appFixtures();

const FILTER_LABEL_FR = "Filtrer les consultations"; // consultations.list.filterLabel, only on the list

test("a French page carries its own messages only, and a link followed in the browser shows the next page in French", async () => {
  await e2e.consultation({ title: "Messages per page" });
  const about = await fetch(`${e2e.app.url}/fr/about`).then((r) => r.text());
  expect(about).toContain("Aller au contenu"); // the shell's skip link, in French
  expect(about).not.toContain(FILTER_LABEL_FR);
  const list = await fetch(`${e2e.app.url}/fr/consultations`).then((r) => r.text());
  expect(list).toContain(FILTER_LABEL_FR);

  const page = await e2e.page();
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
  });
  await page.goto(`${e2e.app.url}/fr/about`);
  await page.waitForFunction(() => {
    const footer = document.querySelector("footer.site-footer");
    return !!footer && Object.keys(footer).some((key) => key.startsWith("__reactFiber"));
  });
  documents.length = 0;
  await page.locator(".main-nav a[href='/fr/consultations']").click();
  await page.waitForURL(`${e2e.app.url}/fr/consultations`);
  await page.getByRole("search").waitFor();
  expect(documents).toEqual([]);
  expect(await page.getByRole("search").getAttribute("aria-label")).toBe(FILTER_LABEL_FR);
  const text = await page.locator("main").innerText();
  expect(text).not.toMatch(/\bconsultations\.list\.\w+/);
  expect(text).toContain("Tous les statuts");
});
