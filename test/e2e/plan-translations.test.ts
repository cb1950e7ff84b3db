import { expect, test } from "vitest";
import { createHash } from "node:crypto";
import { appFixtures } from "./fixtures";

// Plan translations and the language of comments through the real server and Chromium.

const e2e = appFixtures();
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// The fixture plan's sections: Background, Proposed change, Impact on TLD operators.
const FRENCH = `## Contexte

La clé de signature de clés de la racine est aujourd’hui signée avec RSA/SHA-256.

## Changement proposé

Nous passerons la clé de signature de clés à ECDSA P-256 en six mois.

## Conséquences pour les opérateurs de TLD

Les résolveurs validants n’ont rien à changer.
`;

test("IFM staff publish a French translation without JavaScript; the French page serves it with the notice, a link to the English and its own hash", async () => {
  const consultation = await e2e.consultation({ title: "Algorithm rollover", summary: "Moving the root KSK to ECDSA." });
  const { page } = await e2e.signedIn("Tara Traductrice", { roles: ["ifm"], javaScript: false });
  await page.goto(`${e2e.app.url}/fr/consultations/${consultation.slug}/translations`);
  await page.locator("select#language").selectOption("fr");
  // A text without the third section is refused next to the field, and kept.
  const short = FRENCH.slice(0, FRENCH.indexOf("## Conséquences"));
  await page.getByLabel("Texte traduit (Markdown)").fill(short);
  await page.getByRole("button", { name: "Publier la traduction" }).click();
  await expect.poll(() => page.locator("#bodyMd-error").textContent()).toMatch(/la traduction compte 2 titres, le texte anglais 3/);
  expect(await page.getByLabel("Texte traduit (Markdown)").inputValue()).toBe(short);

  await page.getByLabel("Texte traduit (Markdown)").fill(FRENCH);
  await page.getByRole("button", { name: "Publier la traduction" }).click();
  await page.waitForURL(/text=fr/);
  const notice = page.locator(".translation-notice");
  expect(await notice.textContent()).toContain("Traduction — le texte anglais fait foi");
  expect(await notice.locator("code.hash").textContent()).toBe(sha256(FRENCH.trim()));
  expect(await page.locator("#plan-text h2#proposed-change").textContent()).toBe("Changement proposé");

  // Nothing overflows at 390 px, in French and in Arabic, on the staff page and the translated plan.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [
    `/fr/consultations/${consultation.slug}`,
    `/ar/consultations/${consultation.slug}/translations`,
    `/ar/consultations/${consultation.slug}?text=fr`,
  ]) {
    await page.goto(`${e2e.app.url}${path}`);
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, path).toBeLessThanOrEqual(inner);
  }

  // An anonymous French reader gets it too; the link leads to the English text.
  const reader = await e2e.page();
  await reader.goto(`${e2e.app.url}/fr/consultations/${consultation.slug}`);
  expect(await reader.locator(".translation-notice strong").textContent()).toBe("Traduction — le texte anglais fait foi");
  await reader.getByRole("link", { name: "Lire le texte anglais" }).click();
  await reader.waitForURL(/text=en/);
  await expect.poll(() => reader.locator("#plan-text h2#proposed-change").textContent()).toBe("Proposed change");
  expect(await reader.locator("#plan-text").evaluate((el) => el.closest("[lang]")?.getAttribute("lang"))).toBe("en");

  // The English page offers the translation, and marks the French text as French when shown.
  await reader.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  expect(await reader.locator(".translation-notice").count()).toBe(0);
  await reader.getByRole("link", { name: "Français" }).click();
  await reader.waitForURL(/text=fr/);
  await expect.poll(() => reader.locator("#plan-text h2#proposed-change").textContent()).toBe("Changement proposé");
  expect(await reader.locator("#plan-text").evaluate((el) => el.parentElement?.getAttribute("lang"))).toBe("fr");
});

test("a French comment is rendered with lang=fr and an Arabic one, chosen in the form, with lang=ar dir=rtl", async () => {
  const consultation = await e2e.consultation({ title: "Comment languages", summary: "Comments in several languages." });
  const { page } = await e2e.signedIn("Nadia Multilingue", { javaScript: false });
  await page.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const form = page.locator("#new-comment");
  await form.locator("#bodyMd").fill("Nous demandons que le changement soit reporté jusqu’à ce que tous les opérateurs soient informés.");
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.waitForURL(/\/comments\/\d+-1/);

  await page.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await form.locator("#bodyMd").fill("شكرا جزيلا على هذه الخطة الواضحة.");
  await form.getByLabel("Language of the comment").selectOption("ar");
  await form.getByRole("button", { name: "Post comment" }).click();
  await page.waitForURL(/\/comments\/\d+-2/);

  await page.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const french = page.locator(`#c-${consultation.number}-1-text`);
  const arabic = page.locator(`#c-${consultation.number}-2-text`);
  expect([await french.getAttribute("lang"), await french.getAttribute("dir")]).toEqual(["fr", "ltr"]);
  expect([await arabic.getAttribute("lang"), await arabic.getAttribute("dir")]).toEqual(["ar", "rtl"]);
  expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  // And on the comment's own page.
  await page.goto(`${e2e.app.url}/consultations/${consultation.slug}/comments/${consultation.number}-2`);
  expect(await page.locator(`#c-${consultation.number}-2-text`).getAttribute("dir")).toBe("rtl");
});
