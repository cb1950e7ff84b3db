import { expect, test } from "vitest";
import { nameUrl } from "~/features/email/name-link.server";
import { db } from "~/services/db.server";
import { createOrganisation, createUser, sessionCookie } from "../factories";
import { appFixtures } from "./fixtures";
import { waitForMail } from "./harness";
import { englishPhrases, expectNoEnglishLeft, hasPhrase, visibleText } from "./english-leftovers";

// The accounts pages (sign-in, account, first name, name from a mail, the language switcher's
// refusal, the 404) in French without an English phrase or a message id, their refusals next to
// the field in French, the rate limit's plural, and an Arabic page laid out right to left.

const e2e = appFixtures();

type Got = { status: number; body: string; location: string | null; cookies: string[] };

async function send(path: string, { cookie, form }: { cookie?: string; form?: Record<string, string> } = {}): Promise<Got> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const init: RequestInit = { headers, redirect: "manual" };
  if (form) {
    Object.assign(headers, { "content-type": "application/x-www-form-urlencoded", origin: e2e.app.url });
    Object.assign(init, { method: "POST", body: new URLSearchParams(form).toString() });
  }
  const res = await fetch(`${e2e.app.url}${path}`, init);
  return { status: res.status, body: await res.text(), location: res.headers.get("location"), cookies: res.headers.getSetCookie() };
}

/** The name=value pairs of Set-Cookie headers, for the next request. */
const cookieHeader = (...parts: (string | string[] | undefined)[]) =>
  parts
    .flat()
    .filter((c): c is string => !!c)
    .map((c) => c.split(";")[0])
    .join("; ");

test("in French, the sign-in pages have no English phrase left, and a refused address is refused in French beside the field", async () => {
  const phrases = englishPhrases("fr");
  expect(phrases).toContain("Email me a sign-in link");
  expect(phrases).toContain("Check your email");

  const login = await send("/fr/login?reason=session-ended");
  expect(login.status).toBe(200);
  const loginText = expectNoEnglishLeft(login.body, phrases, "/fr/login");
  for (const french of ["M’envoyer un lien de connexion", "expirent au bout de 15 minutes", "Votre session a pris fin"]) expect(loginText).toContain(french);

  // A bad address: the French refusal beside the field, in the summary, and what was typed kept.
  const refused = await send("/fr/login", { form: { email: "pas-une-adresse", redirectTo: "/" } });
  expect(refused.status).toBe(400);
  expectNoEnglishLeft(refused.body, phrases, "/fr/login refused");
  expect(/id="email-error">([\s\S]*?)<\/p>/.exec(refused.body)?.[1]).toContain("Saisissez une adresse électronique valide, comme nom@example.org.");
  expect(refused.body).toContain('value="pas-une-adresse"');

  // Asking for a link leads to the check page, in French.
  const address = e2e.address("demande");
  const asked = await send("/fr/login", { form: { email: address, redirectTo: "/" } });
  expect(asked.status).toBe(302);
  expect(asked.location).toMatch(/^\/fr\/login\/check\?login=/);
  const check = await send(asked.location!);
  const checkText = expectNoEnglishLeft(check.body, phrases, "/fr/login/check");
  expect(checkText).toContain("Code à 6 chiffres");
  expect(check.body).toContain('href="/fr/login"');

  // A wrong code, refused in French beside the field.
  const loginId = new URL(asked.location!, e2e.app.url).searchParams.get("login")!;
  const wrong = await send(asked.location!, { form: { login: loginId, code: "000000" } });
  expect(wrong.status).toBe(400);
  expect(expectNoEnglishLeft(wrong.body, phrases, "/fr/login/check wrong code")).toContain("Ce code n’est pas correct.");

  // The mailed link: a French confirmation naming the address (isolated), then, for a new
  // account, the name page with the flash of the sign-in in French.
  const mail = await waitForMail(e2e.app.mailDir, address);
  const link = new URL(/https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0]);
  expect(link.pathname).toBe("/fr/login/verify");
  const confirm = await send(link.pathname + link.search);
  expect(expectNoEnglishLeft(confirm.body, phrases, "/fr/login/verify")).toContain("Vous vous connectez en tant que");
  expect(confirm.body).toContain(`<strong><bdi>${address}</bdi></strong>`);
  const signedIn = await send(link.pathname + link.search, { form: { token: link.searchParams.get("token")! } });
  expect(signedIn.location).toBe("/fr/welcome?redirectTo=%2F");
  const welcome = await send(signedIn.location!, { cookie: cookieHeader(signedIn.cookies) });
  expect(expectNoEnglishLeft(welcome.body, phrases, "/fr/welcome after signing in")).toContain("Connexion établie. Encore une chose :");

  // A link that does not exist.
  const verify = await send("/fr/login/verify?token=pas-un-jeton");
  expect(verify.status).toBe(400);
  const verifyText = expectNoEnglishLeft(verify.body, phrases, "/fr/login/verify");
  for (const french of ["Ce lien ne peut pas être utilisé", "Ce lien de connexion n’est pas valide.", "Obtenir un nouveau lien de connexion"]) {
    expect(verifyText).toContain(french);
  }

  // The 404 of an unknown address under the prefix.
  const missing = await send("/fr/pas-de-telle-page");
  expect(missing.status).toBe(404);
  expectNoEnglishLeft(missing.body, phrases, "/fr 404");

  // The phrases would be found: the English page has them.
  expect(hasPhrase(visibleText((await send("/login")).body), "Email me a sign-in link")).toBe(true);
});

test("the rate limit's refusal is in French, with its plural", async () => {
  const email = e2e.address("pressee");
  const answers: Got[] = [];
  for (let i = 0; i < 6; i++) answers.push(await send("/fr/login", { form: { email, redirectTo: "/" } }));
  expect(answers.slice(0, 5).map((a) => a.status)).toEqual([302, 302, 302, 302, 302]);
  const limited = answers[5]!;
  expect(limited.status).toBe(429);
  const text = expectNoEnglishLeft(limited.body, englishPhrases("fr"), "/fr/login rate-limited");
  // A quarter of an hour's window, just started: 15 minutes (or 14, on a slow machine).
  expect(text).toMatch(/Trop de tentatives\. Réessayez dans 1[45] minutes\./);
});

test("in French, the account and welcome pages, their flash messages, the mailed name link and a staff page's refusal have no English left", async () => {
  const phrases = englishPhrases("fr");
  const person = await e2e.person("Françoise Compte");
  const cookie = await sessionCookie(person.id);

  const account = await send("/fr/account", { cookie });
  expect(account.status).toBe(200);
  const accountText = expectNoEnglishLeft(account.body, phrases, "/fr/account");
  for (const french of ["Votre compte", "Membre du public", "Nom affiché avec vos commentaires", "cet appareil"]) expect(accountText).toContain(french);
  expect(account.body).toContain(`<bdi>${person.email}</bdi>`);

  // A refused name keeps what was typed; a saved one says so in French on the next page.
  const tooShort = await send("/fr/account", { cookie, form: { intent: "rename", displayName: "F" } });
  expect(tooShort.status).toBe(400);
  expect(expectNoEnglishLeft(tooShort.body, phrases, "/fr/account refused")).toContain("Saisissez au moins 2 caractères.");
  expect(tooShort.body).toContain('value="F"');
  const renamed = await send("/fr/account", { cookie, form: { intent: "rename", displayName: "Françoise Renommée" } });
  expect(renamed.location).toBe("/fr/account");
  const after = await send(renamed.location!, { cookie: cookieHeader(cookie, renamed.cookies) });
  expect(expectNoEnglishLeft(after.body, phrases, "/fr/account after renaming")).toContain("Votre nom a été mis à jour.");

  // A new person without a name yet.
  const newcomer = await createUser({ email: e2e.address("nouvelle"), displayName: null });
  const newCookie = await sessionCookie(newcomer.id);
  const welcome = await send("/fr/welcome?redirectTo=%2F", { cookie: newCookie });
  expect(welcome.status).toBe(200);
  expect(expectNoEnglishLeft(welcome.body, phrases, "/fr/welcome")).toContain("Comment devons-nous vous appeler ?");
  const named = await send("/fr/welcome", { cookie: newCookie, form: { displayName: "Nadia Nouvelle", redirectTo: "/" } });
  expect(named.location).toBe("/fr");
  expect(visibleText((await send(named.location!, { cookie: cookieHeader(newCookie, named.cookies) })).body)).toContain("Bienvenue, Nadia Nouvelle.");

  // The link of a receipt of a comment sent by mail, valid and not.
  const mailed = await createUser({ email: e2e.address("par.courriel"), displayName: null });
  const valid = await send(`/fr${new URL(nameUrl(mailed.id)).pathname}`);
  expect(valid.status).toBe(200);
  expect(expectNoEnglishLeft(valid.body, phrases, "/fr/mail/name valid")).toContain("Le nom affiché avec vos commentaires");
  const invalid = await send("/fr/mail/name/pas.un.jeton");
  expect(expectNoEnglishLeft(invalid.body, phrases, "/fr/mail/name invalid")).toContain("Ce lien n’est pas valide.");

  // A staff page opened by someone who is not staff: the 403 page says why, in French.
  const staffOnly = await send("/fr/admin/users", { cookie });
  expect(staffOnly.status).toBe(403);
  const staffText = expectNoEnglishLeft(staffOnly.body, phrases, "/fr/admin/users 403");
  expect(staffText).toContain("Les pages du personnel sont réservées au personnel de l’IFM et aux administrateurs.");

  // The switcher's refusal of a language it does not offer, in the page's language.
  const language = await send("/fr/language", { form: { intent: "language", lang: "de", redirectTo: "/" } });
  expect(language.status).toBe(400);
  expect(JSON.parse(language.body).errors.lang).toBe("Choisissez l’une des six langues.");
});

test("an Arabic account page is right to left, with the address, the organisation and its TLDs isolated", async () => {
  const person = await e2e.person("Amal Arabe");
  const organisation = await createOrganisation({ name: "Registre Exemple", tlds: ["ex", "exemple"] });
  await db().membership.create({ data: { userId: person.id, organisationId: organisation.id } });
  const page = await send("/ar/account", { cookie: await sessionCookie(person.id) });
  expect(page.body).toMatch(/<html lang="ar" dir="rtl"/);
  expect(page.body).toContain(`<bdi>${person.email}</bdi>`);
  const text = expectNoEnglishLeft(page.body, englishPhrases("ar"), "/ar/account");
  expect(text).toContain("حسابك");
  expect(text).toContain("يتحدث باسم");
  expect(page.body).toContain("<bdi>Registre Exemple</bdi> (<bdi>.ex, .exemple</bdi>)");
});

test("in Spanish, Russian, Chinese and Arabic too, the sign-in and account pages have no English phrase left", async () => {
  const person = await e2e.person("Pilar Políglota");
  const cookie = await sessionCookie(person.id);
  const headings = { es: "Su cuenta", ru: "Ваша учётная запись", zh: "您的账户", ar: "حسابك" };
  for (const [locale, heading] of Object.entries(headings)) {
    const phrases = englishPhrases(locale);
    expectNoEnglishLeft((await send(`/${locale}/login`)).body, phrases, `/${locale}/login`);
    expectNoEnglishLeft((await send(`/${locale}/login/verify?token=x`)).body, phrases, `/${locale}/login/verify`);
    expect(expectNoEnglishLeft((await send(`/${locale}/account`, { cookie })).body, phrases, `/${locale}/account`)).toContain(heading);
  }
});
