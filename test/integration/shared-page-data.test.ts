import { editComment, postComment } from "~/features/comments/comment.server";
import { hideComment } from "~/features/comments/moderation.server";
import { reviseConsultation } from "~/features/consultations/consultation.server";
import { db } from "~/services/db.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import { writeAsAnotherProcess } from "../app-database";
import { createConsultation } from "../comment-fixtures";
import { call, createUser, makeRequest, sessionCookie } from "../factories";

// The consultation page shares what every reader sees (read once per generation of public
// content) and works out each reader's own parts per request. These tests read the page as
// different people in turn, so a shared value made for one is what the next one gets.

async function reader(roles: NonNullable<Parameters<typeof createUser>[0]>["roles"] = [], displayName = "Reader") {
  const user = await createUser({ roles, displayName });
  return { user, cookie: await sessionCookie(user.id) };
}

async function page(slug: string, cookie?: string, query = "") {
  const res = await call(pageRoute.loader, makeRequest(`/consultations/${slug}${query}`, { cookie }), { slug });
  expect(res.status).toBe(200);
  return res.data;
}

async function comment(consultationId: string, author: { id: string; roles: readonly string[] }, bodyMd: string, parentId?: string) {
  const result = await postComment({ consultationId, author, bodyMd, parentId, idempotencyKey: `key-${bodyMd.slice(0, 40)}`, ip: "203.0.113.9" });
  if (!result.ok) throw new Error(`post refused: ${result.message}`);
  return result.comment;
}

/** The threads' HTML of a page (a string: these calls are no document requests). */
const threadsHtml = (d: { threads: { html: string } }) => d.threads.html;
const editLink = (slug: string, ref: string) => `<a href="/consultations/${slug}/comments/${ref}#edit">Edit</a>`;

/** The page without what is personal: the viewer's rights, follow state, form key and own-comment controls. */
function shared(d: any, slug: string, ownRefs: string[] = []) {
  const { viewer: _v, following: _f, idempotencyKey: _k, threads, ...rest } = d;
  const html = ownRefs.reduce((h: string, ref) => h.replace(editLink(slug, ref), ""), threads.html);
  return { ...rest, threads: { ...threads, html } };
}

test("readers with and without own comments and IFM rights get pages that differ only in their personal parts", async () => {
  const { consultation } = await createConsultation();
  const slug = consultation.slug;
  const staff = await reader(["ifm"], "Ivy Staff");
  const plain = await reader([], "Paul Plain");
  const author = await reader([], "Ada Author");
  const other = await reader([], "Olga Other");
  const own = await comment(consultation.id, { id: author.user.id, roles: [] }, "The author's own note on the plan.");
  const offTopic = await comment(consultation.id, { id: other.user.id, roles: [] }, "Something off topic.");
  const hidden = await hideComment({ commentId: offTopic.id, actor: { id: staff.user.id, roles: ["ifm"] }, reason: "Off topic" });
  expect(hidden.ok).toBe(true);

  // In turn, so each reads what the one before left shared.
  const asStaff = await page(slug, staff.cookie);
  const asAuthor = await page(slug, author.cookie);
  const asPlain = await page(slug, plain.cookie);
  const asStaffAgain = await page(slug, staff.cookie);
  const asAuthorAgain = await page(slug, author.cookie);
  const asAnonymous = await page(slug);

  // The author's Edit link is theirs alone.
  expect(threadsHtml(asAuthor)).toContain(editLink(slug, own.ref));
  expect(threadsHtml(asAuthorAgain)).toContain(editLink(slug, own.ref));
  for (const d of [asStaff, asPlain, asStaffAgain, asAnonymous]) expect(threadsHtml(d)).not.toContain("#edit");

  // The hidden text is the IFM's alone, before and after other readers' requests.
  expect(threadsHtml(asStaff)).toContain("Something off topic.");
  expect(threadsHtml(asStaffAgain)).toContain("Something off topic.");
  expect(asStaff.viewer).toMatchObject({ isStaff: true, signedIn: true });
  for (const d of [asAuthor, asPlain, asAnonymous]) {
    expect(JSON.stringify(d)).not.toContain("Something off topic.");
    expect(threadsHtml(d)).toContain("Hidden by the IFM: Off topic");
  }
  expect(asPlain.viewer).toMatchObject({ isStaff: false, signedIn: true });
  expect(asAnonymous.viewer).toMatchObject({ isStaff: false, signedIn: false, canComment: false });
  expect(asAnonymous.idempotencyKey).toBe("");
  expect(asStaffAgain.idempotencyKey).not.toBe(asStaff.idempotencyKey);

  // Apart from the Edit link, the author and another reader get the same page.
  expect(shared(asAuthor, slug, [own.ref])).toEqual(shared(asPlain, slug));
  expect(threadsHtml(asAuthor)).not.toEqual(threadsHtml(asPlain));
  // Signed out, nobody may reply; signed in, everyone may.
  expect(threadsHtml(asPlain)).toContain(`/comments/${own.ref}#reply">Reply</a>`);
  expect(threadsHtml(asAnonymous)).not.toContain("#reply");
});

test("a draft's page and its draft versions stay with IFM staff, whoever read the consultation before", async () => {
  const { consultation } = await createConsultation({ publishedAt: null, opensAt: null, closesAt: null });
  const staff = await reader(["ifm"]);
  expect((await page(consultation.slug, staff.cookie)).status).toBe("draft");
  const res = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`, { cookie: (await reader()).cookie }), {
    slug: consultation.slug,
  });
  expect(res.status).toBe(404);
});

test("every write shows on the next request: a new comment, an edit, hiding, a plan revision, and a change made by another process", async () => {
  const { consultation } = await createConsultation();
  const staff = await reader(["ifm"]);
  const author = await reader([], "Ada Author");
  const viewer = await reader([], "Vic Viewer");
  const first = await page(consultation.slug, viewer.cookie);
  expect(first.threads.totalThreads).toBe(0);

  // A new comment, posted through the page's own form.
  const posted = await call(
    pageRoute.action,
    makeRequest(`/consultations/${consultation.slug}`, {
      cookie: author.cookie,
      form: { intent: "post", bodyMd: "First thoughts on the plan.", idempotencyKey: "shared-data-1" },
    }),
    { slug: consultation.slug },
  );
  expect(posted.status).toBe(302);
  const afterPost = await page(consultation.slug, viewer.cookie);
  expect(afterPost.consultation.commentCount).toBe(1);
  const { id: commentId, seq } = await db().comment.findFirstOrThrow({ select: { id: true, seq: true } });
  const ref = `${consultation.number}-${seq}`;
  expect(threadsHtml(afterPost)).toContain("First thoughts on the plan.");
  expect(threadsHtml(await page(consultation.slug, author.cookie))).toContain(editLink(consultation.slug, ref));

  // An edit.
  expect((await editComment({ commentId, actor: { id: author.user.id, roles: [] }, bodyMd: "Second thoughts on the plan." })).ok).toBe(true);
  const afterEdit = threadsHtml(await page(consultation.slug, viewer.cookie));
  expect(afterEdit).toContain("Second thoughts on the plan.");
  expect(afterEdit).toContain(`/comments/${ref}#history">Edit history</a>`);

  // Hiding.
  expect((await hideComment({ commentId, actor: { id: staff.user.id, roles: ["ifm"] }, reason: "Duplicate" })).ok).toBe(true);
  const afterHiding = threadsHtml(await page(consultation.slug, viewer.cookie));
  expect(afterHiding).toContain("Hidden by the IFM: Duplicate");
  expect(afterHiding).not.toContain("Second thoughts on the plan.");

  // A plan revision.
  const revised = await reviseConsultation({
    actor: { id: staff.user.id, roles: ["ifm"] },
    consultationId: consultation.id,
    bodyMd: "## Overview\n\nThe revised plan.",
    changeSummary: "Shorter plan.",
    timeline: [],
  });
  expect(revised.ok).toBe(true);
  const afterRevision = await page(consultation.slug, viewer.cookie);
  expect(afterRevision.plan).toMatchObject({ number: 2, isCurrent: true });
  expect(afterRevision.plan.html).toContain("The revised plan.");
  expect(afterRevision.history.map((h: { action: string }) => h.action)).toContain("consultation.revise");

  // Another process writes straight into the database file.
  await writeAsAnotherProcess(`UPDATE "Consultation" SET "title" = ? WHERE "id" = ?`, ["Retitled elsewhere", consultation.id]);
  await writeAsAnotherProcess(`UPDATE "Comment" SET "hiddenAt" = NULL, "hiddenReason" = NULL, "bodyHtml" = ? WHERE "id" = ?`, [
    "<p>Restored elsewhere.</p>",
    commentId,
  ]);
  const afterOtherProcess = await page(consultation.slug, viewer.cookie);
  expect(afterOtherProcess.consultation.title).toBe("Retitled elsewhere");
  expect(threadsHtml(afterOtherProcess)).toContain("<p>Restored elsewhere.</p>");
  expect(threadsHtml(afterOtherProcess)).not.toContain("Hidden by the IFM");
});

test("on a document request the plan's and the comments' HTML are stand-ins in the data, kept beside it for the render", async () => {
  const { consultation } = await createConsultation();
  const author = await reader();
  await comment(consultation.id, { id: author.user.id, roles: [] }, "A comment with **bold** text.");
  const documentHtml = new Map();
  const d = (await pageRoute.loader({
    request: makeRequest(`/consultations/${consultation.slug}`),
    params: { slug: consultation.slug },
    context: { documentHtml },
  })) as any;
  expect(d.plan.html).toEqual({ inDocument: true });
  expect(d.threads.html).toEqual({ inDocument: true });
  expect(documentHtml.get(d.plan.html)).toContain("Text of Overview.");
  expect(documentHtml.get(d.threads.html)).toContain("<strong>bold</strong>");
  expect(JSON.stringify(d)).not.toContain("<strong>bold</strong>");

  // A data request (a client-side navigation or revalidation) carries the strings themselves.
  const data = (await pageRoute.loader({
    request: makeRequest(`/consultations/${consultation.slug}`),
    params: { slug: consultation.slug },
    context: {},
  })) as any;
  expect(data.threads.html).toContain("<strong>bold</strong>");
  expect(data.plan.html).toContain("Text of Overview.");
});

test("a French and an English reader of one page each get the threads in their own language, never the other's", async () => {
  const { consultation } = await createConsultation();
  const slug = consultation.slug;
  const author = await reader([], "Aline Autrice");
  const english = await reader([], "Eric English");
  const replier = await reader([], "Rémi Répondeur");
  const top = await comment(consultation.id, { id: author.user.id, roles: [] }, "Une remarque sur le projet.");
  await comment(consultation.id, { id: replier.user.id, roles: [] }, "A reply in English.", top.id);
  const inFrench = (cookie: string) => `${cookie}; lang=fr`;
  const reply = (ref: string, text: string) => `<a href="/consultations/${slug}/comments/${ref}#reply">${text}</a>`;
  const edit = (ref: string, text: string) => `<a href="/consultations/${slug}/comments/${ref}#edit">${text}</a>`;

  // Alternating, twice over: each language's shared HTML is made once and kept, beside the other's.
  const seen = [];
  for (let round = 0; round < 2; round++) {
    seen.push(
      { lang: "fr", own: true, html: threadsHtml(await page(slug, inFrench(author.cookie))) },
      { lang: "en", own: false, html: threadsHtml(await page(slug, english.cookie)) },
      { lang: "fr", own: false, html: threadsHtml(await page(slug, inFrench(english.cookie))) },
      { lang: "en", own: true, html: threadsHtml(await page(slug, author.cookie)) },
    );
  }
  for (const { lang, own, html } of seen) {
    if (lang === "fr") {
      expect(html).toContain(reply(top.ref, "Répondre"));
      expect(html).toContain("sur la version 1");
      expect(html).not.toContain(">Reply</a>");
      expect(html).not.toContain("on version");
    } else {
      expect(html).toContain(reply(top.ref, "Reply"));
      expect(html).toContain("on version 1");
      expect(html).not.toContain("Répondre");
      expect(html).not.toContain("sur la version");
    }
    // The author's own Edit link, in the page's language, right after the Reply link.
    const editText = lang === "fr" ? "Modifier" : "Edit";
    if (own) expect(html).toContain(reply(top.ref, lang === "fr" ? "Répondre" : "Reply") + edit(top.ref, editText));
    else expect(html).not.toContain("#edit");
  }
});
