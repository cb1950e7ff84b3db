import { expect, test } from "vitest";
import { db } from "~/services/db.server";
import { sessionCookie } from "../factories";
import { appFixtures } from "./fixtures";
import { englishPhrases, expectNoEnglishLeft, visibleText } from "./english-leftovers";

// IFM staff creating and managing a consultation in French: the new-consultation page and the
// manage page of a draft, an open and a closed consultation have no English left, refusals come
// next to their fields in French keeping what was typed, and the flash after publishing is French.

const e2e = appFixtures();

/** A page's HTML as a signed-in reader gets it. */
async function html(path: string, cookie: string) {
  const res = await fetch(`${e2e.app.url}${path}`, { headers: { cookie }, redirect: "manual" });
  expect(res.status, path).toBe(200);
  return res.text();
}

// A textarea holds what staff wrote (the plan, in English): content, not the page's text.
const withoutTypedText = (page: string) => page.replace(/(<textarea[^>]*>)[\s\S]*?<\/textarea>/g, "$1</textarea>");

/** A `datetime-local` value `days` from now (UTC, as the form reads it). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

test("the new-consultation page and the manage pages of a draft, an open and a closed consultation have no English left in French", async () => {
  const staff = await e2e.person("Hélène Gestionnaire", { roles: ["ifm"] });
  const cookie = await sessionCookie(staff.id);
  const draft = await e2e.consultation({ title: "Draft plan to manage", state: "draft" });
  const open = await e2e.consultation({ title: "Open plan to manage" });
  const closed = await e2e.consultation({ title: "Closed plan to manage", state: "closed" });
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("Save draft");
  expect(phrases).toContain("Publish with a comment period");
  expect(phrases).toContain("Shorten the comment period");

  const pages = {
    new: await html("/fr/consultations/new", cookie),
    draft: await html(`/fr/consultations/${draft.slug}/manage`, cookie),
    open: await html(`/fr/consultations/${open.slug}/manage`, cookie),
    closed: await html(`/fr/consultations/${closed.slug}/manage`, cookie),
  };
  const texts = Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, expectNoEnglishLeft(withoutTypedText(page), phrases, name)]));

  expect(pages.new).toContain("<title>Nouveau projet de mise en œuvre · Consultations sur les fonctions de nommage de l’IANA</title>");
  for (const french of ["Nouveau projet de mise en œuvre", "Enregistrer le brouillon", "Le DUG doit approuver ce projet", "Adresse (facultative)"]) {
    expect(texts.new).toContain(french);
  }
  for (const french of ["Publier avec une période de commentaires", "La période doit durer au moins", "Modifier le brouillon", "Voir le brouillon"]) {
    expect(texts.draft).toContain(french);
  }
  for (const french of [
    "Réviser le projet (nouvelle version 2)",
    "Reporter la date de clôture",
    "Écourter la période de commentaires",
    "Retirer la consultation",
  ]) {
    expect(texts.open).toContain(french);
  }
  expect(texts.closed).toContain("Reporter la date de clôture");
  expect(texts.closed).not.toContain("Écourter la période de commentaires");
  // The plan's title is English content, marked as such.
  expect(pages.open).toMatch(/<h1 lang="en" dir="ltr">Open plan to manage<\/h1>/);
  // The same pages in English are unchanged.
  const english = visibleText(await html(`/consultations/${open.slug}/manage`, cookie));
  for (const phrase of ["Revise the plan (new version 2)", "Extend the closing date", "Shorten the comment period", "Withdraw the consultation"]) {
    expect(english).toContain(phrase);
  }
});

test("a refused new-consultation form shows French refusals next to its fields and keeps what was typed", async () => {
  const { page } = await e2e.signedIn("Gaspard Rédacteur", { roles: ["ifm"], javaScript: false });
  await page.goto(`${e2e.app.url}/fr/consultations/new`);
  await page.getByLabel("Résumé").fill("Un résumé assez long pour être accepté par le formulaire.");
  await page.getByLabel("Calendrier de mise en œuvre proposé").fill("2027-13-45 Publication de la nouvelle clé");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await page.locator("#title-error").waitFor();
  expect(await page.locator("#title-error").textContent()).toBe("Erreur : Le titre doit compter au moins 5 caractères.");
  expect(await page.locator("#timeline-error").textContent()).toBe(
    "Erreur : Ligne 1\u00a0: commencez par une date comme 2027-03-01, puis indiquez ce qui se passe.",
  );
  expect(await page.locator("#category-error").textContent()).toBe("Erreur : Choisissez une catégorie.");
  expect(await page.locator(".error-summary").textContent()).toContain("Il y a un problème");
  expect(await page.getByLabel("Résumé").inputValue()).toBe("Un résumé assez long pour être accepté par le formulaire.");
  expect(await page.getByLabel("Calendrier de mise en œuvre proposé").inputValue()).toBe("2027-13-45 Publication de la nouvelle clé");
  expect(new URL(page.url()).pathname).toBe("/fr/consultations/new");
  expectNoEnglishLeft(withoutTypedText(await page.content()), englishPhrases("fr"), "refused new-consultation form");
});

test("publishing a draft in French refuses a too short period in French, then publishes with a French flash", async () => {
  const { page } = await e2e.signedIn("Margaux Éditrice", { roles: ["ifm"], javaScript: false });
  const draft = await e2e.consultation({ title: "Plan published in French", state: "draft" });
  await page.goto(`${e2e.app.url}/fr/consultations/${draft.slug}/manage`);
  await page.getByLabel("Clôture (UTC)").fill(inDays(1));
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await page.locator("#closesAt-error").waitFor();
  expect(await page.locator("#closesAt-error").textContent()).toMatch(
    /^Erreur\s: La période de commentaires doit durer au moins \d+ jours\s: fixez la clôture au .+ UTC ou plus tard\.$/,
  );
  expect(await page.getByLabel("Clôture (UTC)").inputValue()).toBe(inDays(1).slice(0, 16));

  await page.getByLabel("Clôture (UTC)").fill(inDays(40));
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await page.waitForURL(new RegExp(`/fr/consultations/${draft.slug}$`));
  expect(await page.locator(".flash, [role=status]").first().textContent()).toContain("Publiée. La consultation est désormais publique.");
  expect((await db().consultation.findUniqueOrThrow({ where: { id: draft.id }, select: { publishedAt: true } })).publishedAt).not.toBeNull();
});

test("in Arabic the manage page is laid out right to left, and a bounced address is isolated in its notice", async () => {
  const staff = await e2e.person("Salma Mudira", { roles: ["ifm"] });
  const cookie = await sessionCookie(staff.id);
  const open = await e2e.consultation({ title: "Plan managed in Arabic" });
  const page = await html(`/ar/consultations/${open.slug}/manage`, cookie);
  expect(page).toMatch(/<html lang="ar" dir="rtl"/);
  expect(page).toMatch(/<h1 lang="en" dir="ltr">Plan managed in Arabic<\/h1>/);
  expect(visibleText(page)).toContain("تمديد موعد الإغلاق");

  await db().mailBounce.create({
    data: { email: staff.email, hardBounces: 2, lastBounceAt: new Date(), lastStatus: "5.1.1", lastDiagnostic: "user unknown" },
  });
  const settings = await html("/ar/settings/notifications", cookie);
  expect(settings).toContain(`<strong><bdi>${staff.email}</bdi></strong>`);
  expect(settings).toContain("<bdi>5.1.1</bdi>");
  expect(visibleText(settings)).toContain("ارتدّت رسائل مرسلة إلى هذا العنوان");
  expect(visibleText(settings)).toContain("مرتين");
});
