import Database from "better-sqlite3";
import { editComment, postComment } from "~/features/comments/comment.server";
import { hideComment } from "~/features/comments/moderation.server";
import { reviseConsultation } from "~/features/consultations/consultation.server";
import { sqliteFilePath } from "~/services/data-folders.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
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

type Node = { ref: string; bodyHtml: string | null; canEdit: boolean; isOwn: boolean; revisionsCount: number; state: string; replies: Node[] };
const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.replies)]);
const byRef = (d: { threads: { threads: Node[] } }, ref: string) => flat(d.threads.threads).find((n) => n.ref === ref)!;

/** The page without what is personal: the viewer's rights, follow state, form key and own-comment controls. */
function shared(d: any) {
  const strip = (nodes: Node[]): unknown[] => nodes.map(({ canEdit: _e, isOwn: _o, replies, ...n }) => ({ ...n, replies: strip(replies) }));
  const { viewer: _v, following: _f, idempotencyKey: _k, threads, ...rest } = d;
  return { ...rest, threads: { ...threads, threads: strip(threads.threads) } };
}

function otherProcess(sql: string, ...params: unknown[]) {
  const other = new Database(sqliteFilePath(process.env.DATABASE_URL!)!, { timeout: 10_000 });
  try {
    other.prepare(sql).run(...params);
  } finally {
    other.close();
  }
}

test("two readers, one with own comments and IFM rights, the other not, get pages that differ only in their personal parts", async () => {
  const { consultation } = await createConsultation();
  const staff = await reader(["ifm"], "Ivy Staff");
  const plain = await reader([], "Paul Plain");
  const other = await reader([], "Olga Other");
  const own = await comment(consultation.id, { id: staff.user.id, roles: ["ifm"] }, "The IFM's own note on the plan.");
  const offTopic = await comment(consultation.id, { id: other.user.id, roles: [] }, "Something off topic.");
  const hidden = await hideComment({ commentId: offTopic.id, actor: { id: staff.user.id, roles: ["ifm"] }, reason: "Off topic" });
  expect(hidden.ok).toBe(true);

  // In turn, so each reads what the one before left shared.
  const asStaff = await page(consultation.slug, staff.cookie);
  const asPlain = await page(consultation.slug, plain.cookie);
  const asStaffAgain = await page(consultation.slug, staff.cookie);
  const asAnonymous = await page(consultation.slug);

  expect(byRef(asStaff, own.ref)).toMatchObject({ isOwn: true, canEdit: true });
  expect(byRef(asStaff, offTopic.ref)).toMatchObject({ state: "hidden", bodyHtml: expect.stringContaining("Something off topic.") });
  expect(asStaff.viewer).toMatchObject({ isStaff: true, signedIn: true });

  expect(byRef(asPlain, own.ref)).toMatchObject({ isOwn: false, canEdit: false });
  expect(byRef(asPlain, offTopic.ref)).toMatchObject({ state: "hidden", bodyHtml: null, revisionsCount: 0 });
  expect(asPlain.viewer).toMatchObject({ isStaff: false, signedIn: true });
  expect(JSON.stringify(asPlain)).not.toContain("Something off topic.");
  expect(JSON.stringify(asAnonymous)).not.toContain("Something off topic.");
  expect(asAnonymous.viewer).toMatchObject({ isStaff: false, signedIn: false, canComment: false });
  expect(asAnonymous.idempotencyKey).toBe("");

  // The staff reader's view is unchanged by the plain reader's request in between.
  expect(byRef(asStaffAgain, offTopic.ref).bodyHtml).toContain("Something off topic.");
  expect(asStaffAgain.idempotencyKey).not.toBe(asStaff.idempotencyKey);

  // Apart from the hidden text only the IFM may read, everything else is the same for both.
  const withoutStaffText = (d: any) => {
    const copy = structuredClone(shared(d));
    for (const n of flat(copy.threads.threads)) if (n.state === "hidden") Object.assign(n, { bodyHtml: null, revisionsCount: 0 });
    return copy;
  };
  expect(withoutStaffText(asStaff)).toEqual(withoutStaffText(asPlain));
  expect(shared(asStaff)).not.toEqual(shared(asPlain));
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
  const ref = afterPost.threads.threads[0].ref as string;
  expect(byRef(afterPost, ref).bodyHtml).toContain("First thoughts on the plan.");
  expect(byRef(await page(consultation.slug, author.cookie), ref)).toMatchObject({ isOwn: true, canEdit: true });

  // An edit.
  const commentId = afterPost.threads.threads[0].id as string;
  expect((await editComment({ commentId, actor: { id: author.user.id, roles: [] }, bodyMd: "Second thoughts on the plan." })).ok).toBe(true);
  const afterEdit = byRef(await page(consultation.slug, viewer.cookie), ref);
  expect(afterEdit.bodyHtml).toContain("Second thoughts on the plan.");
  expect(afterEdit.revisionsCount).toBe(1);

  // Hiding.
  expect((await hideComment({ commentId, actor: { id: staff.user.id, roles: ["ifm"] }, reason: "Duplicate" })).ok).toBe(true);
  expect(byRef(await page(consultation.slug, viewer.cookie), ref)).toMatchObject({ state: "hidden", bodyHtml: null });

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
  otherProcess(`UPDATE "Consultation" SET "title" = ? WHERE "id" = ?`, "Retitled elsewhere", consultation.id);
  otherProcess(`UPDATE "Comment" SET "hiddenAt" = NULL, "hiddenReason" = NULL, "bodyHtml" = ? WHERE "id" = ?`, "<p>Restored elsewhere.</p>", commentId);
  const afterOtherProcess = await page(consultation.slug, viewer.cookie);
  expect(afterOtherProcess.consultation.title).toBe("Retitled elsewhere");
  expect(byRef(afterOtherProcess, ref)).toMatchObject({ state: "visible", bodyHtml: "<p>Restored elsewhere.</p>" });
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
  expect(d.threads.threads[0].bodyHtml).toEqual({ inDocument: true });
  expect(documentHtml.get(d.plan.html)).toContain("Text of Overview.");
  expect(documentHtml.get(d.threads.threads[0].bodyHtml)).toContain("<strong>bold</strong>");
  expect(JSON.stringify(d)).not.toContain("<strong>bold</strong>");

  // A data request (a client-side navigation or revalidation) carries the strings themselves.
  const data = (await pageRoute.loader({
    request: makeRequest(`/consultations/${consultation.slug}`),
    params: { slug: consultation.slug },
    context: {},
  })) as any;
  expect(data.threads.threads[0].bodyHtml).toContain("<strong>bold</strong>");
  expect(data.plan.html).toContain("Text of Overview.");
});
