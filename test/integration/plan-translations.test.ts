import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import { searchConsultationIds } from "~/services/search.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as translationsRoute from "~/routes/consultations.$slug.translations";
import * as diffRoute from "~/routes/consultations.$slug.diff";
import * as apiRoute from "~/routes/api.v1.consultations.$slug";
import * as archiveRoute from "~/routes/consultations.$slug.archive[.]zip";
import { addPlanVersion, createConsultation } from "../comment-fixtures";
import { call, makeRequest, signedIn } from "../factories";
import { unzip } from "../attachment-fixtures";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// The fixture's plan: "## Overview", "## Timeline", "## Rollback" (ids overview, timeline, rollback).
const FRENCH = [
  "## Aperçu\n\nLe texte de l’aperçu, sur le roulement de la clé de signature.",
  "## Calendrier\n\nLe calendrier du changement.",
  "## Retour arrière\n\nComment revenir en arrière si la validation échoue.",
].join("\n\n");

async function setup() {
  const { consultation, version } = await createConsultation();
  const staff = await signedIn(["ifm"]);
  const publish = (form: Record<string, string>, cookie = staff.cookie) =>
    call(translationsRoute.action, makeRequest(`/consultations/${consultation.slug}/translations`, { cookie, form: { intent: "translate", ...form } }), {
      slug: consultation.slug,
    });
  const page = (query = "", cookie = "") =>
    call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}${query}`, cookie ? { cookie } : {}), { slug: consultation.slug });
  return { consultation, version, staff, publish, page };
}

test("a translated plan version is served in the reader's language with the authoritative-English notice data, its own hash and the English anchors", async () => {
  const { consultation, publish, page } = await setup();
  const res = await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe(`/consultations/${consultation.slug}?version=1&text=fr`);

  const french = await page("", "lang=fr");
  expect(french.data.planText).toEqual({ language: "fr", translation: { language: "fr", revision: 1, contentHash: sha256(FRENCH) }, available: ["fr"] });
  expect(french.data.plan.html).toContain('<h2 id="overview">Aperçu</h2>');
  expect(french.data.plan.html).toContain('<h2 id="rollback">Retour arrière</h2>');
  expect(french.data.plan.headings.map((h: { id: string }) => h.id)).toEqual(["overview", "timeline", "rollback"]);
  expect(french.data.plan.headings[0].text).toBe("Aperçu");

  // The English page offers the translation; ?text=en shows the English text on a French page.
  const english = await page();
  expect(english.data.planText).toEqual({ language: "en", translation: null, available: ["fr"] });
  expect(english.data.plan.html).not.toContain("Aperçu");
  expect((await page("?text=en", "lang=fr")).data.planText.translation).toBeNull();
  expect((await page("?text=fr")).data.planText.language).toBe("fr");
  // A language without a translation falls back to English.
  expect((await page("", "lang=ru")).data.planText).toMatchObject({ language: "en", translation: null });
});

test("'comment on this section' on a translated page ties to the English section", async () => {
  const { consultation, publish, page } = await setup();
  await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  const reader = await signedIn();
  const res = await page("", `${reader.cookie}; lang=fr`);
  // The link is the French page's (the reader's language), to the English section's id.
  expect(res.data.plan.html).toContain(`href="/fr/consultations/${consultation.slug}?section=rollback#comment-form"`);
  expect(res.data.plan.html).toContain('<h2 id="rollback">Retour arrière</h2>');
  const posted = await call(
    pageRoute.action,
    makeRequest(`/consultations/${consultation.slug}`, {
      cookie: `${reader.cookie}; lang=fr`,
      form: { intent: "post", bodyMd: "Le retour arrière doit être testé avant le changement.", sectionId: "rollback", idempotencyKey: "tr-section-1" },
    }),
    { slug: consultation.slug },
  );
  expect(posted.status).toBe(302);
  expect(await db().comment.findFirstOrThrow()).toMatchObject({ sectionId: "rollback", sectionTitle: "Rollback" });
});

test("a translation whose sections do not match the English text is refused next to the field, with the text kept", async () => {
  const { publish } = await setup();
  const missing = "## Aperçu\n\nTexte.\n\n## Calendrier\n\nTexte.";
  const res = await publish({ version: "1", language: "fr", bodyMd: missing });
  expect(res.status).toBe(400);
  expect(res.data.errors.bodyMd).toMatch(/sections do not match the English text: the translation has 2 headings, the English text 3/);
  expect(res.data.values.bodyMd).toBe(missing);

  const wrongLevel = FRENCH.replace("## Calendrier", "### Calendrier");
  const level = await publish({ version: "1", language: "fr", bodyMd: wrongLevel });
  expect(level.status).toBe(400);
  expect(level.data.errors.bodyMd).toMatch(/heading 2 \(“Calendrier”\) is at level 3, but heading 2 of the English text \(“Timeline”\) is at level 2/);
  expect(await db().planTranslation.count()).toBe(0);
});

test("the refusal is phrased in the staff page's language", async () => {
  const { publish, staff } = await setup();
  const res = await publish({ version: "1", language: "fr", bodyMd: "## Aperçu" }, `${staff.cookie}; lang=fr`);
  expect(res.status).toBe(400);
  expect(res.data.errors.bodyMd).toMatch(/^Les sections ne correspondent pas au texte anglais : la traduction compte 1 titre, le texte anglais 3\./);
});

test("bad form input gets a message next to each field", async () => {
  const { publish } = await setup();
  const res = await publish({ version: "x", language: "de", bodyMd: "  " });
  expect(res.status).toBe(400);
  expect(res.data.errors).toMatchObject({
    version: "Choose a published version of the plan.",
    language: "Choose the language of the translation.",
    bodyMd: "Paste the translated text.",
  });
  const unknownVersion = await publish({ version: "9", language: "fr", bodyMd: FRENCH });
  expect(unknownVersion.status).toBe(404);
  expect(unknownVersion.data.errors.version).toMatch(/not published/);
});

test("someone who is not IFM staff cannot open the page or publish a translation (403)", async () => {
  const { consultation, publish } = await setup();
  const reader = await signedIn();
  const page = await call(translationsRoute.loader, makeRequest(`/consultations/${consultation.slug}/translations`, { cookie: reader.cookie }), {
    slug: consultation.slug,
  });
  expect(page.status).toBe(403);
  const res = await publish({ version: "1", language: "fr", bodyMd: FRENCH }, reader.cookie);
  expect(res.status).toBe(403);
  expect(res.data.errors.form).toMatch(/Only IFM staff can publish translations/);
  expect(await db().planTranslation.count()).toBe(0);
});

test("a double submit creates one revision; a new text is the next revision, replaces the one shown and is audited", async () => {
  const { consultation, publish, page, staff } = await setup();
  await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  const again = await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  expect(again.status).toBe(302);
  expect(await db().planTranslation.count()).toBe(1);

  const revised = FRENCH.replace("Le calendrier du changement.", "Le calendrier révisé du changement.");
  await publish({ version: "1", language: "fr", bodyMd: revised });
  const rows = await db().planTranslation.findMany({ orderBy: { revision: "asc" }, select: { revision: true, contentHash: true } });
  expect(rows).toEqual([
    { revision: 1, contentHash: sha256(FRENCH) },
    { revision: 2, contentHash: sha256(revised) },
  ]);
  expect((await page("", "lang=fr")).data.planText.translation).toEqual({ language: "fr", revision: 2, contentHash: sha256(revised) });
  const audit = await db().auditEvent.findMany({ where: { action: "plan.translate" }, select: { actorId: true, consultationId: true, dataJson: true } });
  expect(audit).toHaveLength(2);
  expect(audit[1]).toMatchObject({ actorId: staff.user.id, consultationId: consultation.id });
  expect(JSON.parse(audit[1].dataJson)).toEqual({ version: 1, language: "fr", revision: 2, contentHash: sha256(revised) });

  // The staff page lists every revision.
  const list = await call(translationsRoute.loader, makeRequest(`/consultations/${consultation.slug}/translations`, { cookie: staff.cookie }), {
    slug: consultation.slug,
  });
  expect(list.data.history.map((h: { revision: number }) => h.revision)).toEqual([2, 1]);
});

test("the diff compares two versions' translations in one language, and says when one has none", async () => {
  const { consultation, publish } = await setup();
  await addPlanVersion({
    consultationId: consultation.id,
    number: 2,
    headings: [
      { id: "overview", level: 2, text: "Overview" },
      { id: "timeline", level: 2, text: "Timeline" },
      { id: "rollback", level: 2, text: "Rollback" },
    ],
  });
  await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  const diff = (query: string) =>
    call(diffRoute.loader, makeRequest(`/consultations/${consultation.slug}/diff?from=1&to=2${query}`), { slug: consultation.slug });

  const missing = await diff("&text=fr");
  expect(missing.status).toBe(404);
  expect((await diff("")).data.texts).toEqual({ language: "en", languages: [] });

  await publish({ version: "2", language: "fr", bodyMd: FRENCH.replace("Le calendrier du changement.", "Le nouveau calendrier.") });
  const french = await diff("&text=fr");
  expect(french.status).toBe(200);
  expect(french.data.texts).toEqual({ language: "fr", languages: ["fr"] });
  const changed = french.data.diff.parts.filter((p: { kind: string }) => p.kind !== "same").map((p: { kind: string; text: string }) => `${p.kind}:${p.text}`);
  expect(changed.join("|")).toMatch(/removed:.*calendrier du changement/);
  expect(changed.join("|")).toMatch(/added:.*nouveau calendrier/);
  // The English diff is still the English texts'.
  const english = await diff("");
  expect(english.data.texts).toEqual({ language: "en", languages: ["fr"] });
  expect(JSON.stringify(english.data.diff)).not.toContain("calendrier");
});

test("search finds a consultation by a word of its French translation and says the hit is in a translation", async () => {
  const { consultation, publish } = await setup();
  expect(await searchConsultationIds({ q: "roulement" })).toEqual([]);
  await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  const hits = await searchConsultationIds({ q: "roulement" });
  expect(hits).toEqual([expect.objectContaining({ consultationId: consultation.id, matchedIn: "translation", translation: { language: "fr" }, rank: 1 })]);
  expect(hits[0].snippet).toContain("<mark>roulement</mark>");
  // A new revision replaces the indexed text.
  await publish({ version: "1", language: "fr", bodyMd: FRENCH.replace("roulement", "changement") });
  expect(await searchConsultationIds({ q: "roulement" })).toEqual([]);
  expect(await searchConsultationIds({ q: "changement" })).toHaveLength(1);
});

test("the JSON API and the archive include the translations with their hashes", async () => {
  const { consultation, publish } = await setup();
  await publish({ version: "1", language: "fr", bodyMd: FRENCH });
  const api = await call(apiRoute.loader as never, makeRequest(`/api/v1/consultations/${consultation.slug}`), { slug: consultation.slug });
  expect(api.data.translations).toEqual([expect.objectContaining({ version: 1, language: "fr", revision: 1, contentHash: sha256(FRENCH), markdown: FRENCH })]);

  const res = await archiveRoute.loader({
    request: makeRequest(`/consultations/${consultation.slug}/archive.zip`),
    params: { slug: consultation.slug },
    context: {},
  });
  const entries = await unzip(Buffer.from(await res.arrayBuffer()));
  expect(entries.get("plan/version-1.fr.md")!.toString()).toBe(FRENCH);
  const manifest = JSON.parse(entries.get("manifest.json")!.toString()) as { files: { path: string; sha256: string }[] };
  expect(manifest.files.find((f) => f.path === "plan/version-1.fr.md")!.sha256).toBe(sha256(FRENCH));
});
