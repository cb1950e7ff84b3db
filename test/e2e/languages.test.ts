import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { editComment, withdrawComment } from "~/features/comments/comment.server";
import { db } from "~/services/db.server";
import { LOCALES } from "~/services/language";
import { makePdf } from "../attachment-fixtures";
import { confirmToken, manageToken, unsubscribeToken } from "~/features/following/tokens.server";
import { sessionCookie } from "../factories";
import { appFixtures, DEFAULT_PLAN } from "./fixtures";
import { PageChecker } from "./page-checks";
import { englishPhrases, expectNoEnglishLeft, hasPhrase, MESSAGE_ID, visibleText } from "./english-leftovers";

// The six languages through the real server: which language a request gets, the page cache and
// shared documents keeping languages apart, the switcher without JavaScript, no English left on
// the pages whose text is in the catalogues, and Arabic laid out right to left.

const e2e = appFixtures();

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${e2e.app.url}${path}`, { headers, redirect: "manual" });
  const body = await res.text();
  const html = /<html lang="([a-z]+)" dir="(ltr|rtl)"/.exec(body);
  return { res, body, lang: html?.[1], dir: html?.[2] };
}

test("the language comes from the prefix, then the cookie, then Accept-Language, and <html> says which with its direction", async () => {
  expect(await get("/consultations")).toMatchObject({ lang: "en", dir: "ltr" });
  expect(await get("/fr/consultations", { cookie: "lang=ru", "accept-language": "es" })).toMatchObject({ lang: "fr", dir: "ltr" });
  expect(await get("/consultations", { cookie: "lang=ru", "accept-language": "es" })).toMatchObject({ lang: "ru", dir: "ltr" });
  expect(await get("/consultations", { "accept-language": "ar-EG,ar;q=0.9,en;q=0.5" })).toMatchObject({ lang: "ar", dir: "rtl" });
  expect(await get("/ar")).toMatchObject({ lang: "ar", dir: "rtl" });
  const zh = await get("/zh/about");
  expect(zh).toMatchObject({ lang: "zh", dir: "ltr" });
  expect(zh.res.headers.get("content-language")).toBe("zh");
  expect(zh.res.headers.get("vary")).toMatch(/Accept-Language/);
});

test("links and redirects of a prefixed page stay in its language", async () => {
  const { body } = await get("/es/consultations");
  expect(body).toContain('href="/es/dug"');
  expect(body).toContain('href="/es/login"');
  expect(body).not.toMatch(/href="\/(?:consultations|dug|login)"/);
  const res = await fetch(`${e2e.app.url}/es/account`, { redirect: "manual" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/es/login?redirectTo=%2Faccount");
});

test("two readers of one URL in two languages each get their own from the page cache, never the other's", async () => {
  const path = "/about";
  const readers: { headers: Record<string, string>; lang: string }[] = [
    { headers: { "accept-language": "fr-FR,fr;q=0.9" }, lang: "fr" },
    { headers: {}, lang: "en" },
    { headers: { cookie: "lang=ar" }, lang: "ar" },
  ];
  const seen: string[] = [];
  // Alternating, twice: the second round is answered from the cache.
  for (let round = 0; round < 2; round++) {
    for (const reader of readers) {
      const page = await get(path, reader.headers);
      expect(page.lang).toBe(reader.lang);
      seen.push(`${reader.lang}:${page.res.headers.get("x-page-cache")}`);
    }
  }
  expect(seen.slice(3)).toEqual(["fr:hit", "en:hit", "ar:hit"]);
});

test("signed-in readers of one page in two languages each get theirs from the shared documents", async () => {
  const reader = await e2e.person("Lena Lecteur");
  const cookie = await sessionCookie(reader.id);
  const french = await get("/about", { cookie: `${cookie}; lang=fr` });
  const english = await get("/about", { cookie });
  const frenchAgain = await get("/about", { cookie: `${cookie}; lang=fr` });
  expect([french.lang, english.lang, frenchAgain.lang]).toEqual(["fr", "en", "fr"]);
  expect(english.body).toContain("Skip to content");
  expect(frenchAgain.body).toContain("Aller au contenu");
  expect(frenchAgain.body).not.toContain("Skip to content");
});

test("the switcher works without JavaScript and keeps a signed-in reader's choice in their settings", async () => {
  const { person, page } = await e2e.signedIn("Sofía Suiza", { javaScript: false });
  await page.goto(`${e2e.app.url}/consultations?q=dns`);
  await page.getByRole("button", { name: "Español" }).click();
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/es/consultations?q=dns");
  expect(await page.getAttribute("html", "lang")).toBe("es");
  expect(await page.getByRole("button", { name: "Español" }).getAttribute("aria-current")).toBe("true");
  const saved = await db().user.findUniqueOrThrow({ where: { id: person.id }, select: { language: true } });
  expect(saved.language).toBe("es");
  // On another browser, without the cookie, the setting decides an unprefixed page.
  expect((await get("/about", { cookie: await sessionCookie(person.id), "accept-language": "fr" })).lang).toBe("es");
  // Back to English: unprefixed, and kept over the browser's language.
  await page.getByRole("button", { name: "English" }).click();
  expect(new URL(page.url()).pathname).toBe("/consultations");
  expect(await page.getAttribute("html", "lang")).toBe("en");
});

test("a language the switcher does not offer is refused, and nothing is saved", async () => {
  const res = await fetch(`${e2e.app.url}/language`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: e2e.app.url },
    body: "intent=language&lang=de&redirectTo=/about",
    redirect: "manual",
  });
  expect(res.status).toBe(400);
  expect(res.headers.get("set-cookie")).toBeNull();
});

test("the pages whose text is in the catalogues have no English phrase and no message id left in French", async () => {
  await e2e.consultation({ title: "Consultation ouverte", summary: "Résumé du projet ouvert aux commentaires." });
  const closed = await e2e.consultation({ title: "Consultation close", summary: "Résumé du projet dont la période est close.", state: "closed" });
  // The consultation page with all it can show: a DUG review under way, two plan versions, a timeline.
  const { chair } = await e2e.dugRoster({ chair: "Chantal Présidente", members: [] });
  const planned = await e2e.consultation({ title: "Projet avec calendrier", summary: "Résumé du projet soumis au DUG.", dugRequired: true });
  await e2e.revisePlan(planned, {
    bodyMd: DEFAULT_PLAN.replace("over six months", "over nine months"),
    changeSummary: "Calendrier ajouté.",
    timeline: [{ date: "2027-03-01", label: "Signature avec les deux algorithmes" }],
  });
  const reviewId = await e2e.openDugReview(planned);
  await e2e.dugPosition(reviewId, chair, { position: "agree", rationale: "Le calendrier est réaliste." });
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("Skip to content");
  expect(phrases).toContain("Open for comment");
  expect(phrases).toContain("Proposed implementation timeline");
  const consultationPages = [
    `/fr/consultations/${planned.slug}`,
    `/fr/consultations/${planned.slug}?version=1`,
    `/fr/consultations/${closed.slug}`,
    `/fr/consultations/${planned.slug}/diff?from=1&to=2`,
    `/fr/consultations/${planned.slug}/diff?from=2&to=2`,
    `/fr/consultations/${planned.slug}/diff?from=1&to=9`,
    "/fr/consultations/no-such-consultation",
  ];
  for (const path of [
    "/fr",
    "/fr/no-such-page",
    "/fr/consultations",
    "/fr/consultations?q=zzyzx",
    "/fr/consultations?q=zzyzx&category=rdap",
    "/fr/about",
    ...consultationPages,
  ]) {
    const { body } = await get(path);
    // The follow box on the consultation page is the following pages' text, scanned with them.
    const text = visibleText(body.replace(/<section class="follow-box"[\s\S]*?<\/section>/, " "));
    expect(text).toContain("Aller au contenu");
    const leftovers = phrases.filter((p) => hasPhrase(text, p));
    expect(leftovers, path).toEqual([]);
    expect(text, path).not.toMatch(MESSAGE_ID);
  }
  // What the French pages say instead.
  const page = visibleText((await get(`/fr/consultations/${planned.slug}`)).body);
  for (const french of [
    "Calendrier de mise en œuvre proposé",
    "Examen du DUG, tour 1, en cours sur la version 2",
    "Ce qui a changé depuis la version 1",
    "Historique",
  ]) {
    expect(page).toContain(french);
  }
  expect(visibleText((await get(`/fr/consultations/${planned.slug}/diff?from=1&to=9`)).body)).toContain("L’une de ces versions n’existe pas.");
  // The phrases would be found: the English pages have them.
  const english = visibleText((await get("/")).body);
  expect(phrases.filter((p) => hasPhrase(english, p)).length).toBeGreaterThan(10);
  const englishConsultation = visibleText((await get(`/consultations/${planned.slug}`)).body);
  expect(phrases.filter((p) => hasPhrase(englishConsultation, p)).length).toBeGreaterThan(15);
  const englishDiff = visibleText((await get(`/consultations/${planned.slug}/diff?from=1&to=2`)).body);
  expect(englishDiff).toContain("Changes from version 1 to version 2");
});

test(
  "in French, threaded comments, a comment's page, an attachment's page and a refused comment have no English phrase left",
  { timeout: 180_000 },
  async () => {
    const author = await e2e.person("Claire Commentatrice");
    const replier = await e2e.person("Rémi Répondant");
    const staff = await e2e.person("Inès Personnel", { roles: ["ifm"] });
    const consultation = await e2e.consultation({ title: "Consultation commentée", summary: "Un projet avec des fils de commentaires." });
    const first = await e2e.comment(consultation, { by: author, body: "Premier avis sur le projet.", section: "proposed-change" });
    const reply = await e2e.comment(consultation, { by: replier, body: "Une réponse au premier avis.", replyTo: first });
    const edited = await e2e.comment(consultation, { by: replier, body: "Un avis que son auteur a corrigé." });
    expect((await editComment({ commentId: edited.id, actor: replier, bodyMd: "Un avis corrigé par son auteur." })).ok).toBe(true);
    const withdrawn = await e2e.comment(consultation, { by: author, body: "Un avis retiré ensuite." });
    expect((await withdrawComment({ commentId: withdrawn.id, actor: author })).ok).toBe(true);
    const phrases = englishPhrases("fr");
    expect(phrases).toContain("Withdrawn by its author.");
    const base = `${e2e.app.url}/fr/consultations/${consultation.slug}`;

    /** The visible text of these parts of the page (with the page hydrated), checked for English and message ids. */
    const check = async (page: Page, selectors: string[], where: string) => {
      for (const selector of selectors) {
        const html = await page
          .locator(selector)
          .first()
          .evaluate((el) => el.outerHTML);
        const text = visibleText(html);
        expect(
          phrases.filter((p) => hasPhrase(text, p)),
          `${where} ${selector}`,
        ).toEqual([]);
        expect(text, `${where} ${selector}`).not.toMatch(MESSAGE_ID);
      }
    };

    // The author comments with an attachment through the French page, without JavaScript: first
    // with no text, refused next to the field in French, then with text.
    const page = await e2e.page({ as: author, javaScript: false });
    await page.goto(base);
    const form = page.locator("#new-comment");
    await form.getByRole("button", { name: "Publier le commentaire" }).click();
    await page.locator("#bodyMd-error").waitFor();
    expect(await page.locator("#bodyMd-error").textContent()).toBe("Erreur : Rédigez votre commentaire avant de le publier.");
    expect(await page.locator(".error-summary").textContent()).toContain("Il y a un problème");
    await check(page, ["#new-comment"], "refused comment");
    await form.locator("#bodyMd").fill("Notre lettre officielle est jointe.");
    await form
      .getByLabel("Pièces jointes (lettres, documents)")
      .setInputFiles([{ name: "lettre.pdf", mimeType: "application/pdf", buffer: makePdf("Lettre officielle") }]);
    await form.getByRole("button", { name: "Publier le commentaire" }).click();
    await page.waitForURL(/\/fr\/consultations\/[^/]+\/comments\/\d+-\d+/);
    expect(await page.locator(".flash, [role=status]").first().textContent()).toMatch(/est publié avec 1 fichier joint/);
    const attached = /\/comments\/(\d+-\d+)/.exec(page.url())![1];

    // The consultation page's threads, as a signed-in reader (who may reply) with JavaScript.
    const reader = await e2e.page({ as: replier });
    await reader.goto(base);
    await check(reader, ["#comments-heading", "nav.sort-bar", "#comment-threads", "#new-comment"], "consultation page");
    const threads = reader.locator("#comment-threads");
    expect(await threads.textContent()).toContain("Retiré par son auteur.");
    expect(await threads.textContent()).toContain("sur la version 1");
    expect(await threads.getByRole("link", { name: "Historique des modifications" }).count()).toBe(1);
    expect(await threads.getByRole("link", { name: "lettre.pdf" }).count()).toBe(1);

    // A comment's page: the author's (edit and withdraw), a reply's for IFM staff (moderation, the
    // IFM's reply), the edited one's history for anyone; and the attachment's page.
    const pages: [Page, string][] = [
      [page, `${base}/comments/${first.ref}`],
      [await e2e.page({ as: staff }), `${base}/comments/${reply.ref}`],
      [await e2e.page(), `${base}/comments/${edited.ref}`],
      [await e2e.page(), `${base}/comments/${attached}/a/1`],
    ];
    for (const [tab, url] of pages) {
      await tab.goto(url);
      await check(tab, ["main"], url);
    }
    const [authorTab, staffTab, historyTab, attachmentTab] = pages.map(([tab]) => tab);
    expect(await authorTab.getByRole("heading", { name: "Modifier votre commentaire" }).count()).toBe(1);
    expect(await authorTab.getByRole("button", { name: `Retirer le commentaire ${first.ref}` }).count()).toBe(1);
    expect(await staffTab.getByRole("heading", { name: "Modération" }).count()).toBe(1);
    expect(await staffTab.getByRole("button", { name: "Publier la réponse de l’IFM" }).count()).toBe(1);
    expect(await staffTab.getByRole("navigation", { name: "Plus haut dans ce fil" }).textContent()).toContain(`n° ${first.ref} de Claire Commentatrice`);
    expect(await historyTab.getByRole("heading", { name: "Historique des modifications" }).count()).toBe(1);
    expect(await attachmentTab.locator(".attachment-facts").textContent()).toMatch(/Taille.*octets/);
    expect(await attachmentTab.title()).toBe(`lettre.pdf · commentaire ${attached} · Consultation commentée`);
  },
);

test("the plan translations page of IFM staff has no English phrase and no message id left in French", async () => {
  const consultation = await e2e.consultation({ title: "Consultation à traduire", summary: "Résumé du projet à traduire." });
  const staff = await e2e.person("Théo Traducteur", { roles: ["ifm"] });
  const cookie = await sessionCookie(staff.id);
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("Publish the translation");
  for (const path of [`/fr/consultations/${consultation.slug}/translations`, `/consultations/${consultation.slug}/translations`]) {
    const { body, res } = await get(path, { cookie: `${cookie}; lang=fr` });
    expect(res.status, path).toBe(200);
    const text = expectNoEnglishLeft(body, phrases, path);
    expect(text).toContain("Publier la traduction");
  }
});

test("the following pages have no English phrase and no message id left in French", async () => {
  const c = await e2e.consultation({ title: "Suivi des consultations", summary: "Résumé du projet suivi." });
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("Follow this consultation");
  expect(phrases).toContain("How you are told");
  // An address waiting for its confirmation, and a confirmed one following the consultation.
  const pending = await db().follower.create({ data: { email: "attente@example.fr", language: "fr" }, select: { id: true } });
  const follower = await db().follower.create({
    data: {
      email: "abonne@example.fr",
      language: "fr",
      confirmedAt: new Date(),
      subscriptions: {
        create: [
          { scope: "consultation", consultationId: c.id },
          { scope: "all_new", categoriesCsv: "rdap" },
        ],
      },
    },
    select: { id: true },
  });
  const reader = await e2e.person("Lucie Lectrice");
  const cookie = await sessionCookie(reader.id);
  const pages: [string, Record<string, string>?][] = [
    ["/fr/follow"],
    [`/fr/consultations/${c.slug}/follow`],
    [`/fr/consultations/${c.slug}/follow`, { cookie }],
    [`/fr/follow/confirm/${confirmToken(pending.id)}`],
    ["/fr/follow/confirm/not-a-token"],
    [`/fr/follow/manage/${manageToken(follower.id)}?follow=new`],
    [`/fr/unsubscribe/${unsubscribeToken(follower.id, c.id)}`],
    [`/fr/unsubscribe/${unsubscribeToken(follower.id, "all")}`],
    ["/fr/settings/notifications", { cookie }],
    ["/fr/follow", { cookie }],
  ];
  for (const [path, headers] of pages) {
    const { body } = await get(path, headers);
    const text = visibleText(body);
    expect(text, path).toContain("Aller au contenu");
    const leftovers = phrases.filter((p) => hasPhrase(text, p));
    expect(leftovers, path).toEqual([]);
    expect(text, path).not.toMatch(MESSAGE_ID);
  }
  // The scan would find them: the English pages have them.
  const english = visibleText((await get(`/follow/manage/${manageToken(follower.id)}`)).body);
  expect(phrases.filter((p) => english.includes(p)).length).toBeGreaterThan(10);
});

test("a French reader who may comment gets the section links in French to the French page, an English reader of the same plan in English", async () => {
  const consultation = await e2e.consultation({ title: "Section links in two languages" });
  const reader = await e2e.person("Léa Lectrice");
  const cookie = await sessionCookie(reader.id);
  const french = await get(`/fr/consultations/${consultation.slug}`, { cookie });
  expect(french.body).toContain(
    `<p class="section-comment no-print" lang="fr" dir="ltr"><a href="/fr/consultations/${consultation.slug}?section=background#comment-form">Commenter cette section</a></p>`,
  );
  const english = await get(`/consultations/${consultation.slug}`, { cookie });
  expect(english.body).toContain(
    `<p class="section-comment no-print"><a href="/consultations/${consultation.slug}?section=background#comment-form">Comment on this section</a></p>`,
  );
  expect(english.body).not.toContain("Commenter cette section");
  // The plan stays English inside the French page, and says so.
  expect(french.body).toMatch(/<div id="plan-text" class="prose plan rendered" lang="en" dir="ltr">/);
});

test("in Arabic the consultation page's dates say UTC, and hashes, references and addresses keep their own direction", async () => {
  const { chair } = await e2e.dugRoster({ chair: "Rania Chair", members: [] });
  const author = await e2e.person("Karim Commenter");
  const consultation = await e2e.consultation({
    title: "Dates and codes in Arabic",
    dugRequired: true,
    comments: [{ by: author, body: "A comment that the IFM hides." }],
  });
  const reviewId = await e2e.openDugReview(consultation);
  await e2e.dugPosition(reviewId, chair, { position: "agree", rationale: "Agreed." });
  const hash = await e2e.certifyDugReview(reviewId, chair);
  const [comment] = consultation.comments;
  await e2e.hideComment(comment, "Personal data in the text");
  const { body, dir } = await get(`/ar/consultations/${consultation.slug}`);
  expect(dir).toBe("rtl");
  // The comment period's opening and closing, and every line of the history: in Arabic, in UTC.
  const facts = body.slice(body.indexOf('<dl class="facts">'), body.indexOf("</dl>"));
  const history = body.slice(body.indexOf('id="history-heading"'));
  const times = (html: string) => [...html.matchAll(/<time dateTime="[^"]+">([^<]+)<\/time>/g)].map((m) => m[1]);
  const dated = [...times(facts.slice(0, facts.indexOf("<dt>", facts.indexOf("<dd>")))), ...times(history)];
  expect(dated.length).toBeGreaterThanOrEqual(2 + 4);
  for (const time of dated) {
    expect(time).toMatch(/UTC/);
    expect(time).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(time).toMatch(/[\u0600-\u06ff]/);
  }
  // The agreement record's hash and the comment's reference, isolated inside Arabic sentences.
  expect(history).toContain(`بصمة السجل <bdi>${hash}</bdi>`);
  expect(history).toContain(`<bdi>${comment.ref}</bdi>`);
  // The contact's address and the address comments are mailed to.
  expect(facts).toContain("<bdi>plans@ifm.example</bdi>");
  expect(body).toMatch(/id="comment-by-mail">[^]*?<a href="mailto:[^"]+"><bdi>[^<]+@[^<]+<\/bdi><\/a>/);
  // The plan (English, with the TLDs and algorithms it names) keeps its own direction.
  expect(body).toMatch(/<div id="plan-text" class="prose plan rendered" lang="en" dir="ltr">/);
});

test("in every language the home, consultations and error pages hydrate, pass axe and reflow at 390 and 320 px", { timeout: 240_000 }, async () => {
  const page = await e2e.page();
  const checker = new PageChecker(page, "anonymous");
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const prefix = locale === "en" ? "" : `/${locale}`;
    problems.push(...(await checker.visit(`${e2e.app.url}${prefix || "/"}`)).problems);
    problems.push(...(await checker.visit(`${e2e.app.url}${prefix}/consultations`)).problems);
    problems.push(...(await checker.visit(`${e2e.app.url}${prefix}/no-such-page`, { status: 404 })).problems);
  }
  expect(problems).toEqual([]);
});

test("in every language the consultation page and the plan diff hydrate, pass axe and reflow at 390 and 320 px", { timeout: 240_000 }, async () => {
  const consultation = await e2e.consultation({ title: "Checked in six languages", dugRequired: true });
  await e2e.revisePlan(consultation, {
    bodyMd: DEFAULT_PLAN.replace("over six months", "over nine months"),
    changeSummary: "Nine months instead of six.",
    timeline: [{ date: "2027-03-01", label: "Signing with both algorithms" }],
  });
  const page = await e2e.page();
  const checker = new PageChecker(page, "anonymous");
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const prefix = locale === "en" ? "" : `/${locale}`;
    problems.push(...(await checker.visit(`${e2e.app.url}${prefix}/consultations/${consultation.slug}`)).problems);
    problems.push(...(await checker.visit(`${e2e.app.url}${prefix}/consultations/${consultation.slug}/diff?from=1&to=2`)).problems);
  }
  expect(problems).toEqual([]);
});

test(
  "Arabic pages are mirrored: skip link, brand and tables on the right, navigation on the left, nothing overflows at 390 px",
  { timeout: 60_000 },
  async () => {
    const consultation = await e2e.consultation({ title: "Right to left layout", summary: "A plan shown in an Arabic page." });
    // A plan with a timeline: the page's table.
    const timeline = [{ date: "2027-03-01", label: "Signing with both algorithms" }];
    await db().planVersion.updateMany({ where: { consultationId: consultation.id }, data: { timelineJson: JSON.stringify(timeline) } });
    const page = await e2e.page();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.app.url}/ar/consultations/${consultation.slug}`);
    await page.keyboard.press("Tab");
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const skip = await box(".skip-link");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
    expect(skip.x + skip.width).toBeGreaterThan(1280 - 100);
    const brand = await box(".brand");
    const nav = await box(".main-nav");
    expect(brand.x).toBeGreaterThan(640);
    expect(nav.x + nav.width).toBeLessThan(brand.x);
    // A table's first column is its rightmost, and its header cells read from the right.
    const table = await box("table.data-table");
    const firstHeader = await box("table.data-table th");
    expect(firstHeader.x + firstHeader.width).toBeGreaterThan(table.x + table.width - 2);
    expect(
      await page
        .locator("table.data-table th")
        .first()
        .evaluate((th) => getComputedStyle(th).textAlign),
    ).toBe("start");
    expect(
      await page
        .locator("table.data-table th")
        .first()
        .evaluate((th) => getComputedStyle(th).direction),
    ).toBe("rtl");
    // A comment's page: its reference isolated, so "2-1" is not read "1-2" from the right.
    const commenter = await e2e.person("Amal Mu'allaq");
    const posted = await e2e.comment(consultation, { by: commenter, body: "تعليق على الخطة." });
    await page.goto(`${e2e.app.url}/ar/consultations/${consultation.slug}/comments/${posted.ref}`);
    expect(await page.locator(".eyebrow bdi").first().textContent()).toBe(posted.ref);
    expect(await page.locator("main code[dir=ltr]").first().textContent()).toBe(`/consultations/${consultation.slug}/comments/${posted.ref}`);
    for (const path of [
      `/ar/consultations/${consultation.slug}`,
      "/ar",
      "/ar/consultations",
      `/ar/consultations/${consultation.slug}/comments/${posted.ref}`,
    ]) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${e2e.app.url}${path}`);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0], path).toBeLessThanOrEqual(widths[1]);
    }
  },
);
