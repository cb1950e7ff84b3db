import { randomUUID } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { postComment } from "~/features/comments/comment.server";
import { requestSignIn } from "~/features/accounts/sign-in.server";
import { confirmEmailFollow, followConsultation } from "~/features/following/following.server";
import { processNotificationEvents, startOfUtcDay } from "~/features/following/notifications.server";
import * as followRoute from "~/routes/consultations.$slug.follow";
import { db } from "~/services/db.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createUser, makeRequest } from "../factories";
import { TestSmtp, useSmtpUrl } from "../smtp";

let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await new TestSmtp().start();
  await useSmtpUrl(smtp.url);
});

afterEach(async () => {
  await closeTransport();
  await smtp.stop();
  await useSmtpUrl(undefined);
});

const HOUR = 3_600_000;
const T0 = new Date(startOfUtcDay(new Date(Date.now() + 60 * DAY)).getTime() + 9 * HOUR);
const at = (ms: number) => new Date(T0.getTime() + ms);

async function flush(now: Date) {
  for (let i = 0; i < 20; i++) {
    const r = await processNotificationEvents({ now, batchSize: 50 });
    if (r.processed === 0 && r.failed === 0) break;
  }
  for (let i = 0; i < 20; i++) {
    const { sent, failed, dead } = await deliverDueMessages({ now, limit: 200 });
    if (sent + failed + dead === 0) return;
  }
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, "");

async function openConsultation() {
  const { consultation } = await createConsultation({
    number: 7,
    slug: "root-zone-zonemd",
    title: "ZONEMD in the root zone",
    opensAt: at(-10 * DAY),
    closesAt: at(20 * DAY),
  });
  return consultation;
}

async function commentOn(consultationId: string, bodyMd: string) {
  const author = await createUser({ displayName: "Alice Author", email: `alice.${randomUUID().slice(0, 6)}@example.org` });
  const result = await postComment({
    consultationId,
    author: { ...author, roles: [] },
    bodyMd,
    parentId: null,
    idempotencyKey: randomUUID(),
    ip: "198.51.100.7",
    now: T0,
  });
  if (!result.ok) throw new Error(result.message);
  return result.comment;
}

test("a follower who chose Spanish gets Spanish mails: the confirmation, then a new comment, with /es/ links", async () => {
  const c = await openConsultation();
  const email = "lector@example.es";
  const followed = await call(followRoute.action, makeRequest(`/es/consultations/${c.slug}/follow`, { form: { intent: "follow-by-email", email } }), {
    slug: c.slug,
  });
  expect(followed.status).toBe(302);
  expect((await db().follower.findUniqueOrThrow({ where: { email } })).language).toBe("es");

  await flush(at(0));
  const confirmation = smtp.one(email);
  expect(confirmation.subject).toBe("Confirmación: seguir la consulta 7");
  expect(confirmation.text).toContain("Alguien, probablemente usted, pidió recibir notificaciones");
  expect(confirmation.text).toContain("la consulta 7: ZONEMD in the root zone");
  expect(confirmation.text).toContain("El enlace es válido durante 7 días.");
  expect(confirmation.text).not.toContain("Someone, probably you");
  expect(confirmation.html).toContain('<html lang="es" dir="ltr">');
  expect(header(confirmation, "Content-Language")).toBe("es");
  const token = /http:\/\/localhost:3000\/es\/follow\/confirm\/([A-Za-z0-9_.-]+)/.exec(confirmation.text ?? "")?.[1];
  expect(token).toBeTruthy();
  expect((await confirmEmailFollow({ token: token! })).ok).toBe(true);
  smtp.received.length = 0;

  const posted = await commentOn(c.id, "Los resolutores deberían **verificar** el resumen.");
  await flush(at(60_000));
  const mail = smtp.one(email);
  expect(mail.subject).toBe("Re: [Consulta 7] ZONEMD in the root zone");
  expect(mail.text).toContain("Consulta 7: ZONEMD in the root zone");
  expect(mail.text).toContain("Hay un nuevo comentario en la consulta 7.");
  expect(mail.text).toContain(`Comentario ${posted.ref} de Alice Author`);
  expect(mail.text).toContain(`Leerlo y responder: http://localhost:3000/es/consultations/root-zone-zonemd/comments/${posted.ref}`);
  expect(mail.text).toContain("Usted sigue la consulta 7. Este mensaje se envió a lector@example.es.");
  expect(mail.text).toMatch(/Gestionar sus notificaciones: http:\/\/localhost:3000\/es\/follow\/manage\//);
  expect(mail.text).toMatch(/Dejar de seguir la consulta 7: http:\/\/localhost:3000\/es\/unsubscribe\//);
  expect(mail.text).toContain("UTC");
  expect(mail.text).not.toMatch(/There is a new comment|You follow|Manage your notifications/);
  expect(mail.html).toContain('href="http://localhost:3000/es/consultations/root-zone-zonemd/comments/');
  expect(header(mail, "Content-Language")).toBe("es");
  // The one-click unsubscribe header points at the same page in Spanish.
  expect(header(mail, "List-Unsubscribe")).toContain("http://localhost:3000/es/unsubscribe/");
});

test("a signed-in user whose setting is French gets French mails; an English follower of the same event stays in English", async () => {
  const c = await openConsultation();
  const francophone = await createUser({ email: "lectrice@example.fr", displayName: "Lectrice" });
  await db().user.update({ where: { id: francophone.id }, data: { language: "fr" } });
  const anglophone = await createUser({ email: "reader@example.org", displayName: "Reader" });
  expect((await followConsultation({ userId: francophone.id, consultationId: c.id, now: T0 })).ok).toBe(true);
  expect((await followConsultation({ userId: anglophone.id, consultationId: c.id, now: T0 })).ok).toBe(true);

  await commentOn(c.id, "A comment.");
  await flush(at(60_000));

  const french = smtp.one("lectrice@example.fr");
  expect(french.subject).toBe("Re: [Consultation 7] ZONEMD in the root zone");
  expect(french.text).toContain("Un nouveau commentaire a été publié sur la consultation 7.");
  expect(french.text).toContain("Vous suivez la consultation 7.");
  expect(french.text).toContain("http://localhost:3000/fr/consultations/root-zone-zonemd/comments/");
  expect(french.html).toContain('<html lang="fr" dir="ltr">');
  expect(header(french, "Content-Language")).toBe("fr");

  const english = smtp.one("reader@example.org");
  expect(english.text).toContain("There is a new comment on consultation 7.");
  expect(english.text).toContain("http://localhost:3000/consultations/root-zone-zonemd/comments/");
  expect(english.text).not.toContain("/fr/");
  expect(english.html).toContain('<html lang="en" dir="ltr">');
  expect(header(english, "Content-Language")).toBe("en");
});

test("a user's own setting wins over the language they once followed in by email", async () => {
  const c = await openConsultation();
  const user = await createUser({ email: "both@example.org" });
  await db().user.update({ where: { id: user.id }, data: { language: "ru" } });
  await db().follower.create({ data: { email: "both@example.org", userId: user.id, language: "es", confirmedAt: T0 } });
  expect((await followConsultation({ userId: user.id, consultationId: c.id, now: T0 })).ok).toBe(true);
  await commentOn(c.id, "A comment.");
  await flush(at(60_000));
  const mail = smtp.one("both@example.org");
  expect(mail.text).toContain("К консультации 7 добавлен новый комментарий.");
  expect(header(mail, "Content-Language")).toBe("ru");
});

test("a mail already queued keeps the language it was written in when the reader changes theirs", async () => {
  const c = await openConsultation();
  const user = await createUser({ email: "changer@example.org" });
  await db().user.update({ where: { id: user.id }, data: { language: "ar" } });
  expect((await followConsultation({ userId: user.id, consultationId: c.id, now: T0 })).ok).toBe(true);
  await commentOn(c.id, "A comment.");
  // Expanded (queued) in Arabic, then the reader switches to English before delivery.
  await processNotificationEvents({ now: at(60_000), batchSize: 50 });
  await db().user.update({ where: { id: user.id }, data: { language: "en" } });
  await flush(at(120_000));
  const mail = smtp.one("changer@example.org");
  expect(mail.text).toContain("هناك تعليق جديد على المشاورة 7.");
  expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  expect(header(mail, "Content-Language")).toBe("ar");
});

test("an unconfirmed address that asks again from another language gets its mails in the latest one; a confirmed address keeps its own", async () => {
  const c = await openConsultation();
  const ask = (path: string, email: string) =>
    call(followRoute.action, makeRequest(`${path}/consultations/${c.slug}/follow`, { form: { intent: "follow-by-email", email } }), { slug: c.slug });
  await ask("/fr", "pending@example.org");
  await ask("/zh", "pending@example.org");
  expect((await db().follower.findUniqueOrThrow({ where: { email: "pending@example.org" } })).language).toBe("zh");

  await db().follower.create({ data: { email: "confirmed@example.org", language: "es", confirmedAt: T0 } });
  await ask("/ru", "confirmed@example.org");
  expect((await db().follower.findUniqueOrThrow({ where: { email: "confirmed@example.org" } })).language).toBe("es");
  await flush(at(0));
  // The answer to this request is in the language it was made in, with the link in it.
  const added = smtp.one("confirmed@example.org");
  expect(added.subject).toBe("Подтверждение: следить за консультацией 7");
  expect(added.text).toContain("http://localhost:3000/ru/follow/manage/");
});

test("the sign-in mail is written in the language of the page it was asked from", async () => {
  const result = await requestSignIn({ email: "signin@example.org", redirectTo: "/", ip: "203.0.113.5", locale: "zh" });
  expect(result.ok).toBe(true);
  await flush(at(0));
  const mail = smtp.one("signin@example.org");
  expect(mail.subject).toBe("您的 IANA 命名职能咨询 登录链接");
  expect(mail.text).toContain("链接和代码将在 15 分钟后失效");
  expect(mail.text).toContain("http://localhost:3000/zh/login/verify?token=");
  expect(header(mail, "Content-Language")).toBe("zh");
});
