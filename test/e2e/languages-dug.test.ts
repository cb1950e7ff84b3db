import { expect, test } from "vitest";
import { getRoster } from "~/features/dug/roster.server";
import { sessionCookie } from "../factories";
import { appFixtures, DEFAULT_PLAN } from "./fixtures";
import { flash } from "./harness";
import { englishPhrases, expectNoEnglishLeft, MESSAGE_ID, visibleText } from "./english-leftovers";
import { PageChecker } from "./page-checks";

// The DUG pages in French and Arabic through the real server: the consultation's DUG page with a
// decided round and one under way, the roster, a member's dashboard and the roster's
// administration have no English phrase and no message id left; a refused position keeps what was
// typed and says why in French; the flash after recording is French; Arabic is right to left.

const e2e = appFixtures();

async function get(path: string, cookie?: string) {
  const res = await fetch(`${e2e.app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  expect(res.status, path).toBe(200);
  return res.text();
}

/** A DUG whose chair and member agreed round 1 (certified), and round 2 under way on a revised plan. */
async function reviewedTwice(names: { chair: string; members: [string, string] }) {
  const { chair, members } = await e2e.dugRoster(names);
  const consultation = await e2e.consultation({ title: "Projet soumis au DUG", summary: "Résumé du projet soumis au DUG.", dugRequired: true });
  const first = await e2e.openDugReview(consultation);
  await e2e.dugPosition(first, chair, { position: "agree", rationale: "Le calendrier est réaliste." });
  await e2e.dugPosition(first, members[0], {
    position: "agree_with_conditions",
    rationale: "Bonne approche.",
    conditions: "Publier la procédure de retour arrière.",
  });
  await e2e.certifyDugReview(first, chair);
  await e2e.revisePlan(consultation, { bodyMd: DEFAULT_PLAN.replace("over six months", "over nine months"), changeSummary: "Calendrier allongé." });
  const second = await e2e.openDugReview(consultation);
  await e2e.dugPosition(second, members[1], { position: "object", rationale: "Le retour arrière n’est pas décrit." });
  await e2e.dugPosition(second, members[1], { position: "abstain", rationale: "Le retour arrière est décrit à présent." });
  return { chair, members, consultation };
}

test("the DUG pages in French have no English phrase and no message id left, and say what they say in French", { timeout: 120_000 }, async () => {
  const { chair, members, consultation } = await reviewedTwice({ chair: "Chantal Présidente", members: ["Mathis Membre", "Odile Opposante"] });
  const admin = await e2e.person("Adèle Administratrice", { roles: ["admin"] });
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("How the DUG decides");
  expect(phrases).toContain("Agreement record");
  const dugPage = `/fr/consultations/${consultation.slug}/dug`;

  // The DUG page, as anyone reads it and as the chair (the position and certification forms).
  const anonymous = expectNoEnglishLeft(await get(dugPage), phrases, `${dugPage} (anonymous)`);
  const asChair = expectNoEnglishLeft(await get(dugPage, `${await sessionCookie(chair.id)}; lang=fr`), phrases, `${dugPage} (chair)`);
  for (const french of [
    "Comment le DUG décide",
    "Tour 2 · version 2 du projet",
    "Tour 1 · version 1 du projet",
    "Approuvé par le DUG au nom des opérateurs de registre de TLD le",
    "Procès-verbal d’accord",
    "correspond au procès-verbal",
    "Publier la procédure de retour arrière.",
    "1 position antérieure",
    "Historique",
  ]) {
    expect(anonymous, french).toContain(french);
  }
  // The live tally counts in French: one of three members has recorded a position.
  expect(anonymous).toMatch(/1 sur 3 membres votants a enregistré une position \(quorum\s:\s2\)/);
  for (const french of ["Enregistrer votre position", "Certifier le résultat (présidence)", "Certifier : approuvé"]) {
    expect(asChair, french).toContain(french);
  }

  // The roster, a member's dashboard, and the roster's administration.
  const roster = expectNoEnglishLeft(await get("/fr/dug"), phrases, "/fr/dug");
  expect(roster).toContain("Le Groupe des utilisateurs directs");
  expect(roster).toMatch(/3 sièges pourvus sur 8 au plus\./);
  const dashboard = expectNoEnglishLeft(await get("/fr/dug/reviews", `${await sessionCookie(members[0].id)}; lang=fr`), phrases, "/fr/dug/reviews");
  expect(dashboard).toContain("Vos examens du DUG");
  expect(dashboard).toContain("En attente de votre position");
  const adminHtml = await get("/fr/admin/dug", `${await sessionCookie(admin.id)}; lang=fr`);
  // Its own part (the staff tabs are the layout's), without the registries' names in the form's list.
  const ownPart = adminHtml.slice(adminHtml.indexOf("<h1")).replace(/<option[^>]*>[^<]*<\/option>/g, " ");
  const administration = expectNoEnglishLeft(ownPart, phrases, "/fr/admin/dug");
  for (const french of ["Composition du DUG", "Nommer un membre", "Registre (membres votants)", "Mettre fin au mandat"]) {
    expect(administration, french).toContain(french);
  }

  // The English pages do have the phrases that are looked for.
  const english = visibleText(await get(`/consultations/${consultation.slug}/dug`));
  expect(phrases.filter((p) => english.includes(p)).length).toBeGreaterThan(15);
});

test("in French, a refused position keeps what was typed and says why next to the field; the position recorded, the flash is French", async () => {
  const { members } = await e2e.dugRoster({ chair: "Claire Présidente", members: ["Marc Membre"] });
  const consultation = await e2e.consultation({ title: "Projet à examiner", summary: "Résumé du projet à examiner.", dugRequired: true });
  await e2e.openDugReview(consultation);
  const member = await e2e.page({ as: members[0], javaScript: false });
  await member.goto(`${e2e.app.url}/fr/consultations/${consultation.slug}/dug`);
  await member.getByRole("heading", { name: "Enregistrer votre position" }).waitFor();

  await member.locator("#position-1-agree_with_conditions").check();
  await member.getByLabel("Justification (publique)").fill("Le plan convient sous réserve de la procédure.");
  await member.getByRole("button", { name: "Enregistrer ma position" }).click();
  await member.locator("#conditions-1-error", { hasText: "Indiquez les conditions de votre accord." }).waitFor();
  expect(await member.getByLabel("Justification (publique)").inputValue()).toBe("Le plan convient sous réserve de la procédure.");
  expect(await member.locator("#position-1-agree_with_conditions").isChecked()).toBe(true);
  expect(await member.getAttribute("html", "lang")).toBe("fr");

  await member.locator("#conditions-1").fill("Publier la procédure de retour arrière.");
  await member.getByRole("button", { name: "Enregistrer ma position" }).click();
  await flash(member, "Votre position est enregistrée.");
  expect(new URL(member.url()).pathname).toBe(`/fr/consultations/${consultation.slug}/dug`);
  await member.getByRole("heading", { name: "Modifier votre position" }).waitFor();
  await member.locator(".dug-positions", { hasText: "Accord sous conditions" }).waitFor();
});

test("in Arabic the DUG pages are right to left, with names, TLDs and hashes isolated", async () => {
  const { consultation } = await reviewedTwice({ chair: "Samira Raïssa", members: ["Karim Membre", "Leïla Opposante"] });
  const organisation = (await getRoster()).voting[0].organisation!;
  const page = await get(`/ar/consultations/${consultation.slug}/dug`);
  expect(page).toMatch(/<html lang="ar" dir="rtl"/);
  expect(page).toContain("كيف تتخذ DUG قراراتها");
  expect(page).toContain("<bdi>Samira Raïssa</bdi>");
  expect(page).toMatch(/بصمة السجل <bdi>[0-9a-f]{64}<\/bdi>/);
  const roster = await get("/ar/dug");
  expect(roster).toMatch(/<html lang="ar" dir="rtl"/);
  expect(roster).toContain(`<bdi>${organisation.name}</bdi>`);
  expect(organisation.tlds.length).toBeGreaterThan(0);
  for (const tld of organisation.tlds) expect(roster).toContain(`<bdi>.${tld.name}</bdi>`);
});

test("in French and Arabic the DUG pages hydrate with their messages, pass axe and reflow", { timeout: 120_000 }, async () => {
  const { chair, consultation } = await reviewedTwice({ chair: "Hélène Présidente", members: ["Yanis Membre", "Nour Opposante"] });
  const page = await e2e.page({ as: chair });
  const checker = new PageChecker(page, "chair");
  const problems: string[] = [];
  for (const locale of ["fr", "ar"]) {
    for (const path of [`/consultations/${consultation.slug}/dug`, "/dug", "/dug/reviews"]) {
      problems.push(...(await checker.visit(`${e2e.app.url}/${locale}${path}`)).problems);
      // Hydrated in the browser, the page still shows messages, never their ids.
      expect(await page.locator("main").innerText(), `${locale}${path}`).not.toMatch(MESSAGE_ID);
    }
  }
  expect(problems).toEqual([]);
});
