import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { statementHtml } from "~/features/statement/statement-html";
import { statementWords } from "~/features/statement/statement-words.server";
import { db } from "~/services/db.server";
import { makePdf } from "../attachment-fixtures";
import { sessionCookie } from "../factories";
import { flash } from "./harness";
import { appFixtures } from "./fixtures";
import { englishPhrases, expectNoEnglishLeft } from "./english-leftovers";

// The final response statement in other languages through the real server: the builder, its
// refusals and flash messages, the preview, the published page and a file's page in French with
// no English left; the generated sections worded in French while the English revision (and its
// public hash) stays byte for byte what was published; Arabic laid out right to left; a French
// translation of the IFM's texts and a theme's name published through the staff form.

const e2e = appFixtures();
const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

async function get(path: string, cookie?: string) {
  const res = await fetch(`${e2e.app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, body: await res.text() };
}

async function answeredConsultation(title: string) {
  const [a, b] = [await e2e.person(`${title} commenter A`), await e2e.person(`${title} commenter B`)];
  const c = await e2e.consultation({
    state: "closed",
    title,
    comments: [
      { by: a, body: "Please publish the scanner's source addresses." },
      { by: b, body: "How often will the scanner look at each delegation?" },
    ],
  });
  return c;
}

test("in French the builder, its refusals and flash, the preview, the published statement and its file have no English left; the English revision is unchanged", async () => {
  const c = await answeredConsultation("Statement in French: CDS scanning");
  const [first, second] = c.comments;
  const { person: staff, page: ifm } = await e2e.signedIn("Françoise Déclaration", { roles: ["ifm"] });
  const cookie = await sessionCookie(staff.id);
  const phrases = englishPhrases("fr");
  const base = `/fr/consultations/${c.slug}/statement`;

  // The builder, as IFM staff.
  const builder = await get(`${base}/edit`, cookie);
  expect(builder.status).toBe(200);
  const builderText = expectNoEnglishLeft(builder.body, phrases, "the statement builder");
  expect(builderText).toContain("Déclaration finale de réponse");
  expect(builderText).toContain("Répondre à plusieurs commentaires à la fois");
  expect(builderText).toContain("0 sur 2 traités");
  for (const view of ["hidden", "texts", "publish"]) {
    expectNoEnglishLeft((await get(`${base}/edit?view=${view}`, cookie)).body, phrases, `the builder's ${view} view`);
  }

  // A refused answer: the French refusal next to its field, what was typed kept.
  await ifm.goto(`${e2e.app.url}${base}/edit`);
  const item = ifm.locator(`li#w-${first.ref}`);
  await item.getByLabel("Acceptée", { exact: true }).check();
  await item.getByLabel("Nouveaux thèmes (séparés par des virgules)").fill("Adresses");
  await item.getByRole("button", { name: `Enregistrer la réponse au ${first.ref}` }).click();
  const error = ifm.locator(`#c${first.ref}-responseMd-error`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(/Rédigez la réponse\s: la suite donnée au commentaire, et pourquoi\.$/);
  expect(await ifm.locator(`li#w-${first.ref}`).getByLabel("Nouveaux thèmes (séparés par des virgules)").inputValue()).toBe("Adresses");

  // Answered, with the flash worded in French.
  await ifm.locator(`li#w-${first.ref}`).getByLabel("Réponse (markdown)").fill("The addresses will be published before the scanner starts.");
  await ifm
    .locator(`li#w-${first.ref}`)
    .getByRole("button", { name: `Enregistrer la réponse au ${first.ref}` })
    .click();
  await flash(ifm, new RegExp(`Commentaire ${first.ref}\\s: acceptée\\. Enregistré\\.`));
  expect(new URL(ifm.url()).pathname).toBe(`${base}/edit`);
  await e2e.disposition(c, [second], "noted", "The scanner looks at each delegation once a day.");

  // The texts with a file, in French.
  await ifm.goto(`${e2e.app.url}${base}/edit?view=texts`);
  await ifm.locator("#introMd").fill("We thank everyone who took part.");
  await ifm.getByLabel("Ajouter des fichiers à la déclaration").setInputFiles([{ name: "report.pdf", mimeType: "application/pdf", buffer: makePdf("Report") }]);
  await ifm.getByRole("button", { name: "Enregistrer les textes" }).click();
  await flash(ifm, "Les textes de la déclaration sont enregistrés, avec 1 fichier ajouté.");

  // The preview.
  const preview = await get(`${base}/preview`, cookie);
  const previewText = expectNoEnglishLeft(preview.body, phrases, "the statement preview");
  expect(previewText).toContain("Aperçu — non publié.");
  expect(previewText).toContain("Ce que nous avons entendu");

  // Published from the French page.
  await ifm.goto(`${e2e.app.url}${base}/edit?view=publish`);
  await ifm.getByRole("button", { name: "Publier la déclaration" }).click();
  await ifm.waitForURL(new RegExp(`${base}$`));
  await flash(ifm, "La déclaration finale de réponse est publiée. La consultation est conclue.");

  // The published page: generated sections in French, links in French, the IFM's texts marked English.
  const page = await get(base);
  expect(page.status).toBe(200);
  const text = expectNoEnglishLeft(page.body, phrases, "the published statement");
  for (const heading of ["Vue d’ensemble", "Ce que nous avons entendu", "Notre réponse à chaque commentaire", "Prochaines étapes et calendrier"]) {
    expect(text).toContain(heading);
  }
  expect(text).toContain("2 commentaires (2 nouvelles discussions et 0 réponse)");
  expect(text).toMatch(/Acceptée\s*:\s*1 · Prise en note\s*:\s*1/);
  expect(page.body).toContain(`href="/fr/consultations/${c.slug}/comments/${first.ref}"`);
  expect(page.body).toContain('<div class="rendered" lang="en" dir="ltr"><p>We thank everyone who took part.</p>');

  // The file's page.
  const file = await get(`${base}/a/1`);
  expect(file.status).toBe(200);
  expect(expectNoEnglishLeft(file.body, phrases, "a file of the statement")).toContain("Publié avec la révision 1 de la déclaration.");

  // The English revision: its stored HTML is what the English words give, its hash that of its content, both on the English page.
  const revision = await db().statementRevision.findFirstOrThrow({
    where: { statement: { consultation: { slug: c.slug } } },
    select: { html: true, contentJson: true, contentHash: true },
  });
  expect(revision.contentHash).toBe(sha256(revision.contentJson));
  expect(statementHtml(JSON.parse(revision.contentJson), statementWords("en"))).toBe(revision.html);
  expect(revision.html).toContain('<h2 id="what-we-heard-heading">What we heard</h2>');
  const english = await get(`/consultations/${c.slug}/statement`);
  expect(english.body).toContain(revision.contentHash);
  expect(english.body).toContain("Our response to every comment");
  expect(english.body).not.toContain("Ce que nous avons entendu");
  expect(page.body).toContain(revision.contentHash);
});

test("in Arabic the statement page is right to left, with references and hashes isolated", async () => {
  const c = await answeredConsultation("Statement in Arabic: CDS scanning");
  await e2e.disposition(c, c.comments, "accepted", "The plan now says so.");
  await e2e.publishStatement(c);
  const { status, body } = await get(`/ar/consultations/${c.slug}/statement`);
  expect(status).toBe(200);
  expect(body).toMatch(/<html lang="ar" dir="rtl"/);
  expect(body).toContain(`<bdi>${c.comments[0].ref}</bdi>`);
  expect(body).toMatch(/<bdi><code class="hash">[0-9a-f]{64}<\/code><\/bdi>/);
  expect(body).toContain("ما سمعناه");
  expect(expectNoEnglishLeft(body, englishPhrases("ar"), "the Arabic statement")).toContain("ردّنا على كل تعليق");
});

test("IFM staff publish a French translation with a theme's name through the form; the French page shows it with the notice and its own hash, and links to the English revision as published", async () => {
  const c = await answeredConsultation("Statement translated: CDS scanning");
  const { page: ifm } = await e2e.signedIn("Théo Traducteur", { roles: ["ifm"] });
  await e2e.disposition(c, c.comments, "accepted", "The plan now says so.", ["Source addresses"]);
  await e2e.statementIntro(c, "We thank everyone who took part.");
  await e2e.publishStatement(c);
  const base = `/fr/consultations/${c.slug}/statement`;

  // The staff form, in French: a name and a summary field for the theme, the English beside.
  await ifm.goto(`${e2e.app.url}${base}/translate`);
  const name = ifm.locator("#themeName-0");
  expect(await ifm.locator('label[for="themeName-0"]').evaluate((el) => el.textContent?.replace(/\s+/g, " ").trim())).toBe("Thème 1 : nom");
  expect(await ifm.locator("#themeName-0-hint").evaluate((el) => [el.textContent, el.querySelector("[lang]")?.getAttribute("lang")])).toEqual([
    "Source addresses",
    "en",
  ]);
  await ifm.locator(`select[name="language"]`).selectOption("fr");
  await ifm.locator("#introMd").fill("Nous remercions toutes les personnes qui ont participé.");
  await name.fill("Adresses sources");
  await ifm.getByRole("button", { name: "Publier la traduction" }).click();
  await ifm.waitForURL((url) => url.pathname === base);
  await flash(ifm, "La traduction (révision 1) est publiée.");

  // The French page: the notice with the translation's own hash, the translated theme name.
  const stored = await db().statementTranslation.findFirstOrThrow({
    where: { statementRevision: { statement: { consultationId: c.id } }, language: "fr" },
    select: { contentHash: true, themesJson: true },
  });
  expect(stored.contentHash).toBe(sha256(JSON.stringify(["Nous remercions toutes les personnes qui ont participé.", "", "", [["Adresses sources", ""]]])));
  const notice = ifm.locator(".translation-notice");
  expect(await notice.locator("strong").textContent()).toBe("Traduction — le texte anglais fait foi.");
  expect(await notice.locator("code.hash").textContent()).toBe(stored.contentHash);
  const theme = ifm.locator("#what-we-heard h3").first();
  expect(await theme.evaluate((el) => [el.textContent, el.getAttribute("lang"), el.closest("[lang]")?.getAttribute("lang")])).toEqual([
    "Adresses sources",
    null,
    "fr",
  ]);
  expect(await ifm.locator("#introduction .rendered").evaluate((el) => [el.textContent?.trim(), el.getAttribute("lang")])).toEqual([
    "Nous remercions toutes les personnes qui ont participé.",
    null,
  ]);

  // The notice's link: the English revision as published, on the French page.
  const link = notice.getByRole("link", { name: "Lire la déclaration en anglais" });
  expect(await link.getAttribute("hreflang")).toBe("en");
  await link.click();
  await ifm.waitForURL((url) => url.pathname === base && url.searchParams.get("text") === "en");
  // The URL changes before a client-side navigation has rendered the English text.
  await ifm.locator("#what-we-heard h3", { hasText: "Source addresses" }).first().waitFor();
  const revision = await db().statementRevision.findFirstOrThrow({
    where: { statement: { consultationId: c.id } },
    select: { html: true, contentHash: true },
  });
  expect(await ifm.locator(".translation-notice").count()).toBe(0);
  expect(await ifm.locator(".statement-document").evaluate((el) => el.closest("[lang]")?.getAttribute("lang"))).toBe("en");
  expect(await ifm.locator("#what-we-heard h3").first().textContent()).toBe("Source addresses");
  expect(await ifm.locator("#introduction .rendered").textContent()).toContain("We thank everyone who took part.");
  // The text of the page's statement is that of the stored English revision, and its hash is shown.
  const [shown, published] = await ifm.evaluate((html) => {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    return [text(document.querySelector(".statement-document")), text(parsed.body)];
  }, revision.html);
  expect(shown).toBe(published);
  expect(await ifm.locator("code.hash", { hasText: revision.contentHash }).count()).toBe(1);
});
