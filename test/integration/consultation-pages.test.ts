import { db } from "~/services/db.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as commentRoute from "~/routes/consultations.$slug.comments.$ref";
import * as manageRoute from "~/routes/consultations.$slug.manage";
import * as newRoute from "~/routes/consultations.new";
import * as diffRoute from "~/routes/consultations.$slug.diff";
import * as jsonExport from "~/routes/consultations.$slug.comments[.]json";
import * as csvExport from "~/routes/consultations.$slug.comments[.]csv";
import * as moderationRoute from "~/routes/admin.moderation";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, cookiesFrom, createOrganisation, createUser, makeRequest, sessionCookie } from "../factories";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { formatUtcIn } from "~/models/time";
import { takeFlash } from "~/services/flash.server";

async function signedIn(roles: NonNullable<Parameters<typeof createUser>[0]>["roles"] = []) {
  const user = await createUser({ roles, displayName: roles.length ? "Staff Person" : "Reader" });
  return { user, cookie: await sessionCookie(user.id) };
}

const post = (slug: string, cookie: string, form: Record<string, string>) =>
  call(pageRoute.action, makeRequest(`/consultations/${slug}`, { cookie, form }), { slug });

test("the consultation page shows the plan, its sections and the first page of threads to anyone", async () => {
  const { consultation } = await createConsultation();
  const res = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`), { slug: consultation.slug });
  expect(res.status).toBe(200);
  expect(res.data.status).toBe("open");
  expect(res.data.sections.map((s: { id: string }) => s.id)).toEqual(["overview", "timeline", "rollback"]);
  expect(res.data.viewer).toMatchObject({ signedIn: false, canComment: false });
  expect(res.data.threads.totalThreads).toBe(0);
});

test("a draft is a 404 for the public and visible to IFM staff", async () => {
  const { consultation } = await createConsultation({ publishedAt: null, opensAt: null, closesAt: null });
  expect((await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`), { slug: consultation.slug })).status).toBe(404);
  const { cookie } = await signedIn(["ifm"]);
  expect((await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`, { cookie }), { slug: consultation.slug })).status).toBe(200);
});

test("a signed-in reader posts a comment on a section and is sent to its permalink", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  const res = await post(consultation.slug, cookie, {
    intent: "post",
    bodyMd: "Please add a **rollback** test.",
    sectionId: "rollback",
    idempotencyKey: "key-12345678",
  });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe(`/consultations/${consultation.slug}/comments/${consultation.number}-1#c-${consultation.number}-1`);
  const stored = await db().comment.findFirstOrThrow();
  expect(stored).toMatchObject({ sectionId: "rollback", sectionTitle: "Rollback" });
  expect(stored.bodyHtml).toContain("<strong>rollback</strong>");
});

test("the same form submitted twice creates one comment", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  const form = { intent: "post", bodyMd: "Once only.", idempotencyKey: "double-submit-1" };
  await post(consultation.slug, cookie, form);
  await post(consultation.slug, cookie, form);
  expect(await db().comment.count()).toBe(1);
});

test("a comment one second after the closing time is refused with a clear message and the text kept", async () => {
  const { consultation } = await createConsultation({ closesAt: new Date(Date.now() - 1000) });
  const { cookie } = await signedIn();
  const res = await post(consultation.slug, cookie, { intent: "post", bodyMd: "My late but careful comment.", idempotencyKey: "late-comment-1" });
  expect(res.status).toBe(403);
  expect(res.data.errors.form).toMatch(/comment period closed/);
  expect(res.data.values.bodyMd).toBe("My late but careful comment.");
  expect(await db().comment.count()).toBe(0);
});

test("empty, oversized and honeypot-filled comments are refused with messages and nothing is written", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  const empty = await post(consultation.slug, cookie, { intent: "post", bodyMd: "   ", idempotencyKey: "k-empty-123" });
  expect(empty.status).toBe(400);
  expect(empty.data.errors.bodyMd).toMatch(/Write your comment/);
  const huge = await post(consultation.slug, cookie, { intent: "post", bodyMd: "x".repeat(20_001), idempotencyKey: "k-huge-1234" });
  expect(huge.data.errors.bodyMd).toMatch(/at most 20,000 characters/);
  const bot = await post(consultation.slug, cookie, { intent: "post", bodyMd: "Buy now", website: "http://spam.example", idempotencyKey: "k-bot-12345" });
  expect(bot.status).toBe(400);
  expect(await db().comment.count()).toBe(0);
});

test("posting on behalf of an organisation one does not represent is refused", async () => {
  const { consultation } = await createConsultation();
  const org = await createOrganisation({ tlds: ["zz"] });
  const { cookie } = await signedIn();
  const res = await post(consultation.slug, cookie, { intent: "post", bodyMd: "For the registry.", onBehalfOf: org.id, idempotencyKey: "k-org-12345" });
  expect(res.status).toBe(403);
  expect(res.data.errors.onBehalfOf).toMatch(/not a verified representative/);
});

test("preview renders the markdown without saving", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  const res = await post(consultation.slug, cookie, { intent: "preview", bodyMd: "Hello <script>alert(1)</script> *there*" });
  expect(res.data.preview).toContain("<em>there</em>");
  expect(res.data.preview).not.toContain("<script");
  expect(await db().comment.count()).toBe(0);
});

test("replying through the permalink page nests the reply; replying to a reference of another consultation is refused", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  await post(consultation.slug, cookie, { intent: "post", bodyMd: "Top.", idempotencyKey: "k-top-12345" });
  const ref = `${consultation.number}-1`;
  const path = `/consultations/${consultation.slug}/comments/${ref}`;
  const reply = await call(
    commentRoute.action,
    makeRequest(path, { cookie, form: { intent: "post", bodyMd: "Reply.", parentRef: ref, idempotencyKey: "k-reply-1234" } }),
    { slug: consultation.slug, ref },
  );
  expect(reply.status).toBe(302);
  const page = await call(commentRoute.loader, makeRequest(path), { slug: consultation.slug, ref });
  // The reply is listed inside the comment's own list of replies.
  expect(page.data.subtree.html).toMatch(new RegExp(`<ol class="replies"><li class="comment" id="c-${consultation.number}-2">`));
  const foreign = await post(consultation.slug, cookie, { intent: "post", bodyMd: "Elsewhere.", parentRef: "999-1", idempotencyKey: "k-foreign-12" });
  expect(foreign.status).toBe(404);
});

test("an unknown comment reference is a 404", async () => {
  const { consultation } = await createConsultation();
  const res = await call(commentRoute.loader, makeRequest(`/consultations/${consultation.slug}/comments/${consultation.number}-42`), {
    slug: consultation.slug,
    ref: `${consultation.number}-42`,
  });
  expect(res.status).toBe(404);
});

test("a reader cannot hide a comment; IFM staff can, and the public then sees only the reason", async () => {
  const { consultation } = await createConsultation();
  const reader = await signedIn();
  await post(consultation.slug, reader.cookie, { intent: "post", bodyMd: "Secret text.", idempotencyKey: "k-hide-12345" });
  const comment = await db().comment.findFirstOrThrow();
  const ref = `${consultation.number}-1`;
  const path = `/consultations/${consultation.slug}/comments/${ref}`;
  const denied = await call(
    commentRoute.action,
    makeRequest(path, { cookie: reader.cookie, form: { intent: "hide", commentId: comment.id, reason: "Not allowed" } }),
    { slug: consultation.slug, ref },
  );
  expect(denied.status).toBe(403);
  const staff = await signedIn(["ifm"]);
  await call(commentRoute.action, makeRequest(path, { cookie: staff.cookie, form: { intent: "hide", commentId: comment.id, reason: "Personal data" } }), {
    slug: consultation.slug,
    ref,
  });
  const publicView = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`), { slug: consultation.slug });
  expect(publicView.data.threads.html).toContain("Hidden by the IFM: Personal data");
  expect(JSON.stringify(publicView.data)).not.toContain("Secret text.");
  const staffView = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`, { cookie: staff.cookie }), { slug: consultation.slug });
  expect(staffView.data.threads.html).toContain("Secret text.");
  expect(publicView.data.history.map((h: { text: string }) => h.text)).toContain(`Comment ${ref} hidden by the IFM: Personal data`);
});

test("flagged comments reach the IFM's moderation list", async () => {
  const { consultation } = await createConsultation();
  const author = await signedIn();
  await post(consultation.slug, author.cookie, { intent: "post", bodyMd: "Questionable.", idempotencyKey: "k-flag-12345" });
  const comment = await db().comment.findFirstOrThrow();
  const other = await signedIn();
  const ref = `${consultation.number}-1`;
  await call(
    commentRoute.action,
    makeRequest(`/consultations/${consultation.slug}/comments/${ref}`, {
      cookie: other.cookie,
      form: { intent: "flag", commentId: comment.id, reason: "Off topic advertising" },
    }),
    { slug: consultation.slug, ref },
  );
  const staff = await signedIn(["ifm"]);
  const list = await call(moderationRoute.loader, makeRequest("/admin/moderation", { cookie: staff.cookie }));
  expect(list.data.flagged).toMatchObject([{ ref, flags: [{ reason: "Off topic advertising" }] }]);
  expect((await call(moderationRoute.loader, makeRequest("/admin/moderation", { cookie: other.cookie }))).status).toBe(403);
});

test("only IFM staff can create drafts or manage a consultation", async () => {
  const { consultation } = await createConsultation();
  const reader = await signedIn();
  // A complete, valid draft: the form's checks pass and createDraft itself refuses the reader.
  const draft = {
    intent: "save",
    title: "A plan of my own",
    summary: "A reader tries to draft a consultation of their own.",
    bodyMd: "## Scope\n\nText.",
    category: "dnssec",
    affected: "both",
    basis: "technical",
    contactName: "Rita Reader",
    contactEmail: "rita@example.org",
    timeline: "",
  };
  const before = await db().consultation.count();
  const created = await call(newRoute.action, makeRequest("/consultations/new", { cookie: reader.cookie, form: draft }));
  expect(created.status).toBe(403);
  expect(created.data.errors.form).toBe("Only IFM staff can draft consultations.");
  expect(created.data.values.title).toBe("A plan of my own");
  expect(await db().consultation.count()).toBe(before);
  expect(
    (
      await call(
        manageRoute.action,
        makeRequest(`/consultations/${consultation.slug}/manage`, { cookie: reader.cookie, form: { intent: "withdraw", reason: "I do not like it" } }),
        { slug: consultation.slug },
      )
    ).status,
  ).toBe(403);
  expect((await db().consultation.findUniqueOrThrow({ where: { id: consultation.id } })).withdrawnAt).toBeNull();
});

test("the draft form keeps what was typed and names each bad field", async () => {
  const { cookie } = await signedIn(["ifm"]);
  const res = await call(
    newRoute.action,
    makeRequest("/consultations/new", {
      cookie,
      form: {
        intent: "save",
        title: "Plan title here",
        summary: "short",
        bodyMd: "## A\n\ntext",
        category: "dnssec",
        affected: "both",
        basis: "technical",
        contactName: "Hanna",
        contactEmail: "bad",
        timeline: "",
      },
    }),
  );
  expect(res.status).toBe(400);
  expect(Object.keys(res.data.errors).sort()).toEqual(["contactEmail", "summary"]);
  expect(res.data.values.title).toBe("Plan title here");
});

test("publishing from the manage page with too short a window shows the rule next to the closing field", async () => {
  const { cookie } = await signedIn(["ifm"]);
  const created = await call(
    newRoute.action,
    makeRequest("/consultations/new", {
      cookie,
      form: {
        intent: "save",
        title: "Glue record requirements",
        summary: "New checks on glue records for TLD delegations in the root zone.",
        bodyMd: "## Scope\n\nText.",
        category: "root_zone_management",
        affected: "both",
        basis: "technical",
        contactName: "Hanna",
        contactEmail: "h@iana-ifm.example",
        timeline: "2027-01-01 Start",
      },
    }),
  );
  expect(created.status).toBe(302);
  const slug = "glue-record-requirements";
  const open = new Date(Date.now() + 60_000).toISOString().slice(0, 16);
  const tooSoon = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 16);
  const res = await call(
    manageRoute.action,
    makeRequest(`/consultations/${slug}/manage`, { cookie, form: { intent: "publish", opensAt: open, closesAt: tooSoon } }),
    { slug },
  );
  expect(res.status).toBe(400);
  expect(res.data.errors.closesAt).toMatch(/at least 30 days/);
  expect(res.data.values.closesAt).toBe(tooSoon);
  const ok = await call(
    manageRoute.action,
    makeRequest(`/consultations/${slug}/manage`, {
      cookie,
      form: { intent: "publish", opensAt: open, closesAt: new Date(Date.now() + 31 * DAY).toISOString().slice(0, 16) },
    }),
    { slug },
  );
  expect(ok.status).toBe(302);
});

test("the diff page compares two public versions and 404s for a version that does not exist", async () => {
  const { consultation } = await createConsultation();
  const res = await call(diffRoute.loader, makeRequest(`/consultations/${consultation.slug}/diff?from=1&to=1`), { slug: consultation.slug });
  expect(res.status).toBe(200);
  expect(res.data.diff.addedWords).toBe(0);
  expect((await call(diffRoute.loader, makeRequest(`/consultations/${consultation.slug}/diff?from=1&to=7`), { slug: consultation.slug })).status).toBe(404);
});

test("the exports list every comment, hidden ones without their text", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  await post(consultation.slug, cookie, { intent: "post", bodyMd: 'Visible, with "quotes", commas.', idempotencyKey: "k-exp-1-1234" });
  await post(consultation.slug, cookie, { intent: "post", bodyMd: "To be hidden.", idempotencyKey: "k-exp-2-1234" });
  await db().comment.updateMany({ where: { seq: 2 }, data: { hiddenAt: new Date(), hiddenReason: "spam" } });
  const json = await call(jsonExport.loader as never, makeRequest(`/consultations/${consultation.slug}/comments.json`), { slug: consultation.slug });
  expect(json.data.comments).toHaveLength(2);
  expect(json.data.comments[1]).toMatchObject({ state: "hidden", text: "" });
  const csv = await call(csvExport.loader as never, makeRequest(`/consultations/${consultation.slug}/comments.csv`), { slug: consultation.slug });
  expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
  expect(csv.data).toContain('"Visible, with ""quotes"", commas."');
  expect(csv.data).not.toContain("To be hidden.");
});

test("a reader of the French pages gets the comment forms' refusals in French, with their input kept, and the flash in both languages", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await signedIn();
  const french = `${cookie}; lang=fr`;
  const empty = await post(consultation.slug, french, { intent: "post", bodyMd: "   ", sectionId: "timeline", idempotencyKey: "k-fr-empty-1" });
  expect(empty.status).toBe(400);
  expect(empty.data.errors).toEqual({ bodyMd: "Rédigez votre commentaire avant de le publier." });
  expect(empty.data.values.sectionId).toBe("timeline");
  const huge = await post(consultation.slug, french, { intent: "post", bodyMd: "x".repeat(20_001), idempotencyKey: "k-fr-huge-12" });
  expect(huge.data.errors.bodyMd).toBe(
    "Un commentaire peut comporter au plus 20\u202f000 caractères ; celui-ci en compte 20\u202f001. Raccourcissez-le ou scindez-le en deux commentaires.",
  );
  // A refusal of the model (not of the form's schema) too.
  const org = await createOrganisation({ tlds: ["fr-test"] });
  const notTheirs = await post(consultation.slug, french, { intent: "post", bodyMd: "Pour le registre.", onBehalfOf: org.id, idempotencyKey: "k-fr-org-123" });
  expect(notTheirs.status).toBe(403);
  expect(notTheirs.data.errors.onBehalfOf).toBe("Vous n’êtes pas un représentant vérifié de cette organisation.");
  // The same refusals in English are unchanged.
  const englishEmpty = await post(consultation.slug, cookie, { intent: "post", bodyMd: "   ", idempotencyKey: "k-en-empty-1" });
  expect(englishEmpty.data.errors.bodyMd).toBe("Write your comment before posting.");

  // A posted comment's flash carries its English text and its id, so it shows in the reader's language.
  const posted = await post(consultation.slug, french, { intent: "post", bodyMd: "Un commentaire accepté.", idempotencyKey: "k-fr-posted-1" });
  expect(posted.status).toBe(302);
  const flash = await takeFlash(makeRequest("/", { cookie: cookiesFrom(posted) }));
  const ref = `${consultation.number}-1`;
  expect(flash.flash).toMatchObject({ message: `Your comment ${ref} is posted.`, messageId: "comments.flash.posted", values: { ref } });
  expect(translate("fr", flash.flash!.messageId as MessageId, flash.flash!.values)).toBe(`Votre commentaire ${ref} est publié.`);
});

test("after the period closed, a French reader is told so in French with the date in French, and an unknown comment is a French 404", async () => {
  const closesAt = new Date("2026-03-02T17:00:00Z");
  const { consultation } = await createConsultation({ opensAt: new Date("2026-02-01T00:00:00Z"), closesAt });
  const { cookie } = await signedIn();
  const late = await post(consultation.slug, `${cookie}; lang=fr`, { intent: "post", bodyMd: "Mon commentaire tardif.", idempotencyKey: "k-fr-late-12" });
  expect(late.status).toBe(403);
  expect(late.data.errors.form).toBe(
    `La période de commentaires a pris fin le ${formatUtcIn(closesAt, "fr")}. Votre texte n’est pas perdu : copiez-le si vous souhaitez le conserver.`,
  );
  expect(late.data.values.bodyMd).toBe("Mon commentaire tardif.");
  const ref = `${consultation.number}-42`;
  const missing = await call(commentRoute.loader, makeRequest(`/fr/consultations/${consultation.slug}/comments/${ref}`), { slug: consultation.slug, ref });
  expect(missing.status).toBe(404);
  expect(missing.data.message).toBe(`Il n’y a pas de commentaire ${ref} dans cette consultation.`);
});
