import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import { publishStatement, saveStatementTexts } from "~/features/statement/statement.server";
import * as translateRoute from "~/routes/consultations.$slug.statement.translate";
import * as statementRoute from "~/routes/consultations.$slug.statement._index";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, makeRequest, signedIn } from "../factories";

// Translations of a published statement's own texts (decision 048): IFM staff publish one per
// language; the statement page in that language shows it with the notice, its hash and a link to
// the English; the English revision and its hash do not move.

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const INTRO_FR = "Nous remercions toutes les personnes qui ont participé.";
const NEXT_FR = "Le changement entre en service en **mars**.";

async function published({ themes = [] }: { themes?: { name: string; summaryMd: string }[] } = {}) {
  const staff = await signedIn(["ifm"]);
  const { consultation } = await createConsultation({ opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - 5 * DAY) });
  for (const theme of themes) await db().theme.create({ data: { consultationId: consultation.id, ...theme } });
  const actor = { id: staff.user.id, roles: ["ifm"] };
  const texts = await saveStatementTexts({
    actor,
    consultationId: consultation.id,
    introMd: "We thank everyone who took part.",
    analysisMd: "",
    nextStepsMd: "The change goes live in **March**.",
  });
  expect(texts.ok).toBe(true);
  const revision = await publishStatement({ actor, consultationId: consultation.id, basedOnRevision: 0 });
  expect(revision.ok).toBe(true);
  const post = (form: Record<string, string>, cookie = staff.cookie) =>
    call(translateRoute.action, makeRequest(`/fr/consultations/${consultation.slug}/statement/translate`, { cookie, form: { intent: "translate", ...form } }), {
      slug: consultation.slug,
    });
  const page = (path: string) => call(statementRoute.loader, makeRequest(path), { slug: consultation.slug });
  return { staff, consultation, post, page };
}

test("a French translation is shown on the French statement page with the notice data, its own hash and the English kept", async () => {
  const { consultation, post, page } = await published();
  const before = await db().statementRevision.findFirstOrThrow({ select: { html: true, contentHash: true } });

  const res = await post({ language: "fr", introMd: INTRO_FR, nextStepsMd: NEXT_FR });
  expect(res.status).toBe(302);
  // Absolute: under the page's /fr prefix a path would be prefixed once more.
  expect(new URL(res.headers.get("Location")!).pathname).toBe(`/fr/consultations/${consultation.slug}/statement`);
  const stored = await db().statementTranslation.findFirstOrThrow();
  expect(stored).toMatchObject({ language: "fr", revision: 1, introMd: INTRO_FR, analysisMd: "", nextStepsMd: NEXT_FR });
  expect(stored.contentHash).toBe(sha256(JSON.stringify([INTRO_FR, "", NEXT_FR])));
  expect(stored.nextStepsHtml).toContain("<strong>mars</strong>");

  const french = await page(`/fr/consultations/${consultation.slug}/statement`);
  expect(french.status).toBe(200);
  expect(french.data.translation).toEqual({ revision: 1, contentHash: stored.contentHash });
  expect(french.data.html).toContain(`<div class="rendered"><p>${INTRO_FR}</p>`);
  expect(french.data.html).not.toContain("We thank everyone");
  // The English asked for on the French page (the notice's link): the revision as published.
  const english = await page(`/fr/consultations/${consultation.slug}/statement?text=en`);
  expect(english.data).toMatchObject({ english: true, translation: null, html: before.html });
  // Another language without a translation: the English texts, marked English.
  const spanish = await page(`/es/consultations/${consultation.slug}/statement`);
  expect(spanish.data.translation).toBeNull();
  expect(spanish.data.html).toContain('<div class="rendered" lang="en" dir="ltr"><p>We thank everyone who took part.</p>');
  // The English page and the revision's hash are unchanged.
  expect((await page(`/consultations/${consultation.slug}/statement`)).data.html).toBe(before.html);
  expect(await db().statementRevision.findFirstOrThrow({ select: { html: true, contentHash: true } })).toEqual(before);
});

test("only IFM staff can publish a translation", async () => {
  const { post } = await published();
  const reader = await signedIn();
  expect((await post({ language: "fr", introMd: INTRO_FR }, reader.cookie)).status).toBe(403);
  expect(await db().statementTranslation.count()).toBe(0);
});

test("malformed input is refused next to its field in the page's language, with what was typed kept", async () => {
  const { post } = await published();
  const noLanguage = await post({ language: "en", introMd: INTRO_FR });
  expect(noLanguage.status).toBe(400);
  expect(noLanguage.data.errors.language).toBe("Choisissez l’une des cinq langues autres que l’anglais.");
  expect(noLanguage.data.values.introMd).toBe(INTRO_FR);
  const empty = await post({ language: "fr", introMd: "  ", analysisMd: "", nextStepsMd: "" });
  expect(empty.status).toBe(400);
  expect(empty.data.errors.introMd).toBe("Traduisez au moins l’un des textes.");
  expect(await db().statementTranslation.count()).toBe(0);
});

test("hostile markdown is sanitised, and a double submit makes one record", async () => {
  const { post } = await published();
  const hostile = 'Bonjour <script>alert(1)</script> <img src=x onerror="alert(2)"> [lien](javascript:alert(3))';
  expect((await post({ language: "fr", introMd: hostile })).status).toBe(302);
  const again = await post({ language: "fr", introMd: hostile });
  expect(again.status).toBe(302);
  const rows = await db().statementTranslation.findMany();
  expect(rows).toHaveLength(1);
  expect(rows[0]!.introHtml).not.toMatch(/<script|<img|javascript:/i);
  expect(rows[0]!.introHtml).toContain("Bonjour");
  // Changed texts add a revision, which replaces the one shown.
  expect((await post({ language: "fr", introMd: INTRO_FR })).status).toBe(302);
  expect(await db().statementTranslation.findMany({ select: { revision: true }, orderBy: { revision: "asc" } })).toEqual([{ revision: 1 }, { revision: 2 }]);
});

test("the themes' names and summaries are translated by their place in the revision, each empty one shown in English, and the hash covers them", async () => {
  const { consultation, post, page, staff } = await published({
    themes: [
      { name: "Addresses", summaryMd: "Publish the **addresses**." },
      { name: "Schedule", summaryMd: "How often it scans." },
    ],
  });
  const res = await post({
    language: "fr",
    "themeName-0": "Adresses",
    "themeSummary-0": "Publier les **adresses**.",
    "themeName-1": "",
    "themeSummary-9": "Ignoré.",
  });
  expect(res.status).toBe(302);
  const stored = await db().statementTranslation.findFirstOrThrow();
  expect(JSON.parse(stored.themesJson)).toEqual([
    { name: "Adresses", summaryMd: "Publier les **adresses**.", summaryHtml: expect.stringContaining("<strong>adresses</strong>") },
    { name: "", summaryMd: "", summaryHtml: "" },
  ]);
  expect(stored.contentHash).toBe(
    sha256(
      JSON.stringify([
        "",
        "",
        "",
        [
          ["Adresses", "Publier les **adresses**."],
          ["", ""],
        ],
      ]),
    ),
  );

  const html = (await page(`/fr/consultations/${consultation.slug}/statement`)).data.html as string;
  expect(html).toContain("<h3>Adresses</h3>");
  expect(html).toContain('<div class="rendered"><p>Publier les <strong>adresses</strong>.</p>');
  expect(html).toContain('<h3 lang="en" dir="ltr">Schedule</h3>');
  expect(html).toContain('<div class="rendered" lang="en" dir="ltr"><p>How often it scans.</p>');
  expect(html).not.toContain("Addresses");

  // The staff page prefills the language's latest translation, the English beside it.
  const form = await call(
    translateRoute.loader,
    makeRequest(`/fr/consultations/${consultation.slug}/statement/translate?language=fr`, { cookie: staff.cookie }),
    {
      slug: consultation.slug,
    },
  );
  expect(form.data.english.themes).toEqual([
    { name: "Addresses", summaryMd: "Publish the **addresses**." },
    { name: "Schedule", summaryMd: "How often it scans." },
  ]);
  expect(form.data.prefill).toMatchObject({
    language: "fr",
    revision: 1,
    themes: [
      { name: "Adresses", summaryMd: "Publier les **adresses**." },
      { name: "", summaryMd: "" },
    ],
  });

  // A theme name longer than a theme may have is refused next to its field.
  const long = await post({ language: "fr", "themeName-1": "x".repeat(101) });
  expect(long.status).toBe(400);
  expect(long.data.errors["themeName-1"]).toMatch(/100/);
});
