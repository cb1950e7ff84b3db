import { db } from "~/services/db.server";
import { postComment } from "~/features/comments/comment.server";
import { generateStatement } from "~/features/statement/generator.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as commentRoute from "~/routes/consultations.$slug.comments.$ref";
import * as jsonExport from "~/routes/consultations.$slug.comments[.]json";
import * as csvExport from "~/routes/consultations.$slug.comments[.]csv";
import { createConsultation } from "../comment-fixtures";
import { call, makeRequest, signedIn } from "../factories";

const FRENCH = "Nous demandons que le changement de clé soit reporté jusqu’à ce que tous les opérateurs soient informés.";
const ARABIC = "نطلب تأجيل تغيير المفتاح حتى يتم إبلاغ جميع المشغلين.";

async function setup() {
  const { consultation } = await createConsultation();
  const reader = await signedIn();
  let n = 0;
  const post = (form: Record<string, string>, cookie = reader.cookie) =>
    call(
      pageRoute.action,
      makeRequest(`/consultations/${consultation.slug}`, { cookie, form: { intent: "post", idempotencyKey: `lang-key-${(n += 1)}-abc`, ...form } }),
      {
        slug: consultation.slug,
      },
    );
  const languages = async () => (await db().comment.findMany({ orderBy: { seq: "asc" }, select: { language: true } })).map((c) => c.language);
  return { consultation, reader, post, languages };
}

test("a comment records the language its author chose, whatever the text looks like", async () => {
  const { post, languages } = await setup();
  expect((await post({ bodyMd: "We agree with the plan as written, with one reservation about the timeline.", language: "ar" })).status).toBe(302);
  expect(await languages()).toEqual(["ar"]);
});

test("without a choice the language is detected from the text", async () => {
  const { post, languages } = await setup();
  await post({ bodyMd: FRENCH, language: "" });
  await post({ bodyMd: ARABIC });
  await post({ bodyMd: "We agree with the plan as written, with one reservation about the timeline." });
  expect(await languages()).toEqual(["fr", "ar", "en"]);
});

test("a text too short to tell is taken to be in the language of the page it was written on", async () => {
  const { post, reader, languages } = await setup();
  await post({ bodyMd: "Merci !" }, `${reader.cookie}; lang=fr`);
  await post({ bodyMd: "Merci !" });
  await post({ bodyMd: "Gracias" }, `${reader.cookie}; lang=es`);
  expect(await languages()).toEqual(["fr", "en", "es"]);
});

test("a language that is not one of the six is refused next to the field, with the text kept", async () => {
  const { post } = await setup();
  const res = await post({ bodyMd: FRENCH, language: "de" });
  expect(res.status).toBe(400);
  expect(res.data.errors.language).toBe("Choose the language of your comment from the list.");
  expect(res.data.values.bodyMd).toBe(FRENCH);
  expect(await db().comment.count()).toBe(0);
});

test("a comment posted without a form (as by mail) gets its language detected, English when too short", async () => {
  const { consultation, reader } = await setup();
  const base = { consultationId: consultation.id, author: { id: reader.user.id, roles: [] }, ip: "mail:someone@example.org" };
  const russian = await postComment({
    ...base,
    bodyMd: "Мы просим отложить смену ключа, пока все операторы не будут уведомлены.",
    idempotencyKey: "mail-lang-1",
  });
  const short = await postComment({ ...base, bodyMd: "Agreed.", idempotencyKey: "mail-lang-2" });
  expect(russian.ok && short.ok).toBe(true);
  expect((await db().comment.findMany({ orderBy: { seq: "asc" }, select: { language: true } })).map((c) => c.language)).toEqual(["ru", "en"]);
});

test("threads and permalinks mark each comment's text with its language (and Arabic's direction); the exports list it", async () => {
  const { consultation, post } = await setup();
  await post({ bodyMd: FRENCH });
  await post({ bodyMd: ARABIC });
  const page = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`), { slug: consultation.slug });
  const html: string = page.data.threads.html;
  expect(html).toMatch(new RegExp(`id="c-${consultation.number}-1-text" class="comment-body rendered" lang="fr" dir="ltr">`));
  expect(html).toMatch(new RegExp(`id="c-${consultation.number}-2-text" class="comment-body rendered" lang="ar" dir="rtl">`));

  const ref = `${consultation.number}-2`;
  const permalink = await call(commentRoute.loader, makeRequest(`/consultations/${consultation.slug}/comments/${ref}`), { slug: consultation.slug, ref });
  expect(JSON.stringify(permalink.data)).toContain('lang=\\"ar\\" dir=\\"rtl\\"');

  const json = await call(jsonExport.loader as never, makeRequest(`/consultations/${consultation.slug}/comments.json`), { slug: consultation.slug });
  expect(json.data.comments.map((c: { language: string }) => c.language)).toEqual(["fr", "ar"]);
  const csv = await call(csvExport.loader as never, makeRequest(`/consultations/${consultation.slug}/comments.csv`), { slug: consultation.slug });
  expect(csv.data).toContain(",visible,fr,");
  expect(csv.data).toContain(",visible,ar,");
});

test("the statement's response table keeps each comment's language, and its data says it", async () => {
  const { consultation, post } = await setup();
  await post({ bodyMd: FRENCH });
  await post({ bodyMd: ARABIC });
  await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: new Date(Date.now() - 1000) } });
  const { content, html } = (await generateStatement({ consultationId: consultation.id }))!;
  expect(content.responses.map((r) => [r.ref, r.language])).toEqual([
    [`${consultation.number}-1`, "fr"],
    [`${consultation.number}-2`, "ar"],
  ]);
  expect(html).toContain(`<a href="/consultations/${consultation.slug}/comments/${consultation.number}-1" hreflang="fr">`);
  expect(html).toContain(`<a href="/consultations/${consultation.slug}/comments/${consultation.number}-2" hreflang="ar">`);
});
