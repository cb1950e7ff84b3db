import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { flagComment } from "~/features/comments/moderation.server";
import { recordCspViolations } from "~/features/security/csp-report.server";
import { db } from "~/services/db.server";
import { enqueueMail } from "~/services/outbox.server";
import { sessionCookie } from "../factories";
import { appFixtures, type Person } from "./fixtures";
import { englishPhrases, expectNoEnglishLeft } from "./english-leftovers";

// The staff pages in French and Arabic through the real server: no English left on any of them
// with records in every table, refusals next to their field in the page's language, flash
// messages worded in it, the 403 of a page someone may not open, and Arabic laid out right to left.

const e2e = appFixtures();

async function get(path: string, person: Person) {
  const res = await fetch(`${e2e.app.url}${path}`, { headers: { cookie: await sessionCookie(person.id) }, redirect: "manual" }).catch((error: unknown) => {
    throw new Error(`GET ${path}`, { cause: error });
  });
  const body = await res.text().catch((error: unknown) => {
    throw new Error(`reading GET ${path} (status ${res.status})`, { cause: error });
  });
  return { res, body };
}

/** A record in every staff table: a representative, an audit entry, a failed mail, an inbound mail, a flagged comment, a CSP report, a bounce. */
async function staffRecords() {
  const organisation = await e2e.organisation({ name: "Registre Kauri", tlds: ["kauri"] });
  const member = await e2e.person("Noé Représentant");
  await e2e.representative(member, organisation, "Directeur technique");
  const reader = await e2e.person("Inès Lectrice");
  const consultation = await e2e.consultation({ title: "Rollover of the root zone KSK" });
  const comment = await e2e.comment(consultation, { by: member, body: "Le calendrier proposé est trop court pour les registres." });
  const flagged = await flagComment({ commentId: comment.id, actor: { id: reader.id, roles: [] }, reason: "Propos hors sujet, à vérifier." });
  expect(flagged.ok).toBe(true);
  const dedupeKey = randomUUID();
  await enqueueMail(db(), { dedupeKey, to: member.email, subject: "[Consultation] Rollover", text: "t", html: "<p>t</p>" });
  await db().outboxMessage.update({ where: { dedupeKey }, data: { status: "dead", attempts: 8, lastError: "550 mailbox unavailable" } });
  await db().inboundMessage.create({
    data: {
      via: "smtp",
      mailFrom: "bounce@mx.kauri.example",
      rcptTo: "comments@consultations.example",
      raw: Buffer.from("Subject: Re\r\n\r\nBonjour"),
      size: 2_100,
      fromAddress: member.email,
      subject: "Re : calendrier",
      status: "refused",
      attempts: 1,
      outcome: "The sender has no account.",
      authJson: JSON.stringify({ summary: "dkim=pass spf=pass" }),
    },
  });
  await recordCspViolations({
    violations: [
      {
        directive: "script-src-elem",
        blockedUri: "inline",
        documentUri: `${e2e.app.url}/about`,
        sourceFile: null,
        lineNumber: null,
        sample: null,
        disposition: "report",
      },
    ],
    userAgent: "Mozilla/5.0",
  });
  await db().mailBounce.upsert({
    where: { email: reader.email },
    create: { email: reader.email, hardBounces: 1, lastBounceAt: new Date(), lastStatus: "5.1.1", lastDiagnostic: "user unknown", suppressedAt: new Date() },
    update: {},
  });
  return { organisation, member };
}

test("every staff page in French, with a record in each of its tables, has no English phrase and no message id left", async () => {
  const admin = await e2e.person("Adèle Administratrice", { roles: ["admin", "ifm"] });
  const { organisation, member } = await staffRecords();
  const phrases = englishPhrases("fr");

  // The staff index sends an administrator on to the users, in the same language.
  const index = await e2e.page({ as: admin });
  await index.goto(`${e2e.app.url}/fr/admin`);
  expect(index.url()).toBe(`${e2e.app.url}/fr/admin/users`);

  const pages: [string, string[]][] = [
    ["/fr/admin/users", ["Utilisateurs et rôles", "Tous les rôles", "Représente"]],
    [`/fr/admin/users/${member.id}`, ["Vérifier que cet utilisateur représente une organisation", "Membre votant du DUG", "vérifié le"]],
    ["/fr/admin/organisations", ["Ajouter une organisation", "Gestionnaire de ccTLD", "Représentants vérifiés"]],
    [`/fr/admin/organisations/${organisation.id}`, ["Enregistrer les modifications", "Type d’opérateur", "← Toutes les organisations"]],
    ["/fr/admin/moderation", ["Commentaires signalés", "Signalé par", "Examiner"]],
    ["/fr/admin/mail", ["Courriels sortants", "Réessayer maintenant", "Rejets définitifs", "Échec (1)"]],
    ["/fr/admin/mail?status=dead", ["Dernière erreur / prochain essai"]],
    ["/fr/admin/inbound", ["Courriels entrants", "Refusé (1)", "1 tentative échouée", "Traiter à nouveau", "par SMTP, 3 Kio"]],
    ["/fr/admin/inbound?status=posted", ["Aucun message dans cet état."]],
    ["/fr/admin/security", ["Rapports de sécurité", "signalement seul", "Dernière observation"]],
    ["/fr/admin/audit", ["Journal d’audit", "Organisation ajoutée", "Représentant vérifié", "du plus récent au plus ancien"]],
    ["/fr/admin/settings", ["Règle de décision du DUG", "Pièces jointes aux commentaires", "Enregistrer"]],
  ];
  for (const [path, french] of pages) {
    const { res, body } = await get(path, admin);
    expect(res.status, path).toBe(200);
    expect(body, path).toContain('<html lang="fr" dir="ltr"');
    const text = expectNoEnglishLeft(body, phrases, path);
    for (const phrase of french) expect(text, path).toContain(phrase);
    expect(body, path).toMatch(/<title>[^<]* · Personnel<\/title>/);
    // Tables are named in French for screen readers too.
    expect(body, path).not.toMatch(/aria-label="(?:Audit log|Users|Roles|Outgoing mail|Inbound mail|Reported violations|Addresses that bounce)"/);
  }
});

test("a refused settings form shows the French refusal next to the field and keeps what was typed; a saved one says so in French", async () => {
  const { page } = await e2e.signedIn("Armelle Paramètres", { roles: ["admin"] });
  await page.goto(`${e2e.app.url}/fr/admin/settings`);
  await page.fill("#minCommentDays", "400");
  await page.click("form.form button[type=submit]");
  await page.waitForSelector("#minCommentDays-error");
  expect(await page.textContent("#minCommentDays-error")).toContain("Au plus 365 jours.");
  expect(await page.inputValue("#minCommentDays")).toBe("400");
  expect(await page.getAttribute("html", "lang")).toBe("fr");

  await page.fill("#minCommentDays", "21");
  await page.click("form.form button[type=submit]");
  await page.waitForURL(/\/fr\/admin\/settings$/);
  await expect.poll(() => page.textContent("body")).toContain("Paramètres enregistrés.");
  expect(await page.inputValue("#minCommentDays")).toBe("21");
});

test("a refused representative form on a user's page is in French next to its field and keeps the title typed; a role granted is said in French", async () => {
  const { page } = await e2e.signedIn("Bérénice Vérificatrice", { roles: ["admin"] });
  const target = await e2e.person("Hugo Candidat");
  await e2e.organisation({ name: "Registre Rimu", tlds: ["rimu"] });
  await page.goto(`${e2e.app.url}/fr/admin/users/${target.id}`);
  await page.fill("#title", "Directeur des opérations");
  await page.click("text=Vérifier le représentant");
  await page.waitForSelector("#organisationId-error");
  expect(await page.textContent("#organisationId-error")).toContain("Choisissez une organisation.");
  expect(await page.inputValue("#title")).toBe("Directeur des opérations");

  await page.click("tr:has-text('Personnel de l’IFM') button:has-text('Attribuer')");
  await expect.poll(() => page.textContent("body")).toContain("Rôle «\u00a0Personnel de l’IFM\u00a0» attribué.");
  expect(page.url()).toBe(`${e2e.app.url}/fr/admin/users/${target.id}`);
  expect(await db().userRole.count({ where: { userId: target.id, role: "ifm" } })).toBe(1);
});

test("someone who may not open a staff page gets the 403 in French, with the reason in French", async () => {
  const reader = await e2e.person("Luc Lecteur");
  const refused = await get("/fr/admin/users", reader);
  expect(refused.res.status).toBe(403);
  const text = expectNoEnglishLeft(refused.body, englishPhrases("fr"), "403 of /fr/admin/users");
  expect(text).toContain("Les pages du personnel sont réservées au personnel de l’IFM et aux administrateurs.");

  const staff = await e2e.person("Iris Personnel", { roles: ["ifm"] });
  const audit = await get("/fr/admin/audit", staff);
  expect(audit.res.status).toBe(403);
  expect(expectNoEnglishLeft(audit.body, englishPhrases("fr"), "403 of /fr/admin/audit")).toContain(
    "Seuls les administrateurs peuvent consulter le journal d’audit.",
  );
});

test("an Arabic staff page is right to left: its tables start on the right and e-mail addresses are isolated in <bdi>", async () => {
  const { person, page } = await e2e.signedIn("Samira Mushrifa", { roles: ["admin"] });
  await page.goto(`${e2e.app.url}/ar/admin/users?q=${encodeURIComponent(person.email)}`);
  expect(await page.getAttribute("html", "dir")).toBe("rtl");
  expect(await page.textContent("h1")).toBe("المستخدمون والأدوار");
  const headings = page.locator("table.data-table thead th");
  const first = (await headings.first().boundingBox())!;
  const last = (await headings.last().boundingBox())!;
  // The first column (the name) is the rightmost one.
  expect(first.x).toBeGreaterThan(last.x);
  expect(await page.locator("table.data-table td bdi", { hasText: person.email }).count()).toBe(1);

  await page.goto(`${e2e.app.url}/ar/admin/users/${person.id}`);
  expect(await page.locator("dd bdi").first().textContent()).toBe(person.email);
  expect(await page.textContent("main")).toContain("التحقق من أن هذا المستخدم يمثّل منظمة");
});
