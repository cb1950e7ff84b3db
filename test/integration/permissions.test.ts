import { db } from "~/services/db.server";
import { hideComment } from "~/features/comments/moderation.server";
import { postComment } from "~/features/comments/comment.server";
import { createDraft } from "~/features/consultations/consultation.server";
import { openReview } from "~/features/dug/review.server";
import { publishStatement } from "~/features/statement/statement.server";
import { grantRole } from "~/features/accounts/user.server";
import { setSettings } from "~/models/settings.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as commentRoute from "~/routes/consultations.$slug.comments.$ref";
import * as dugRoute from "~/routes/consultations.$slug.dug/route";
import * as settingsRoute from "~/routes/admin.settings";
import * as userRoute from "~/routes/admin.users.$id";
import * as builderRoute from "~/routes/consultations.$slug.statement.edit/route";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createUser, makeRequest, signedIn } from "../factories";

// A rule is enforced by the model command, so every caller of it gets the same refusal: the
// command called directly (a script, a job) and each page that offers it.

test("a reader may not hide a comment: hideComment refuses them directly, on the consultation page and on the comment's own page", async () => {
  const { consultation } = await createConsultation();
  const reader = await signedIn();
  const posted = await postComment({
    consultationId: consultation.id,
    author: (await signedIn()).user,
    bodyMd: "Something to hide.",
    idempotencyKey: "perm-hide-0001",
    ip: "203.0.113.7",
  });
  if (!posted.ok) throw new Error(posted.message);
  const { id, ref } = posted.comment;
  const reason = "Personal data of a third party.";
  const form = { intent: "hide", commentId: id, reason };

  const direct = await hideComment({ commentId: id, actor: reader.user, reason });
  const onPage = await call(pageRoute.action, makeRequest(`/consultations/${consultation.slug}`, { cookie: reader.cookie, form }), { slug: consultation.slug });
  const commentPath = `/consultations/${consultation.slug}/comments/${ref}`;
  const onComment = await call(commentRoute.action, makeRequest(commentPath, { cookie: reader.cookie, form }), { slug: consultation.slug, ref });

  const message = "Only IFM staff can hide comments.";
  expect(direct).toEqual({ ok: false, status: 403, message, messageId: "accounts.permission.commentHide" });
  for (const res of [onPage, onComment]) {
    expect(res.status).toBe(403);
    expect(res.data.errors.form).toBe(message);
    expect(res.data.values.reason).toBe(reason);
  }
  // Posted from the French page, the refusal is in French, and so is a form the page does not have.
  const frenchPage = `/fr/consultations/${consultation.slug}`;
  const inFrench = await call(pageRoute.action, makeRequest(frenchPage, { cookie: reader.cookie, form }), { slug: consultation.slug });
  expect(inFrench.status).toBe(403);
  expect(inFrench.data.errors.form).toBe("Seul le personnel de l’IFM peut masquer des commentaires.");
  const unknown = await call(pageRoute.action, makeRequest(frenchPage, { cookie: reader.cookie, form: { intent: "no-such-form" } }), {
    slug: consultation.slug,
  });
  expect(unknown.status).toBe(400);
  expect(unknown.data.errors.form).toBe("Cette action n’est pas disponible ici. Rechargez la page et réessayez.");
  expect((await db().comment.findUniqueOrThrow({ where: { id } })).hiddenAt).toBeNull();

  // The same command and form succeed for IFM staff: the refusal was the role's.
  const staff = await signedIn(["ifm"]);
  expect((await call(commentRoute.action, makeRequest(commentPath, { cookie: staff.cookie, form }), { slug: consultation.slug, ref })).status).toBe(302);
  expect((await db().comment.findUniqueOrThrow({ where: { id } })).hiddenAt).not.toBeNull();
});

test("a DUG member may not open a review: openReview refuses them directly and on the DUG page, and no round is opened", async () => {
  const now = Date.now();
  const { consultation } = await createConsultation({ opensAt: new Date(now - 40 * DAY), closesAt: new Date(now - DAY) });
  const member = await signedIn(["dug_member", "dug_chair"]);
  const deadline = new Date(now + 14 * DAY);

  const direct = await openReview({ actor: member.user, consultationId: consultation.id, deadline });
  const onPage = await call(
    dugRoute.action,
    makeRequest(`/consultations/${consultation.slug}/dug`, {
      cookie: member.cookie,
      form: { intent: "open-review", deadline: deadline.toISOString().slice(0, 16) },
    }),
    { slug: consultation.slug },
  );

  const message = "Only IFM staff can open a DUG review.";
  expect(direct).toMatchObject({ ok: false, status: 403, message });
  expect(onPage.status).toBe(403);
  expect(onPage.data.errors.form).toBe(message);
  expect(await db().dugReview.count()).toBe(0);
});

test("IFM staff may not change the settings or grant roles: setSettings and grantRole refuse them directly and on the admin pages", async () => {
  const staff = await signedIn(["ifm"]);
  const target = await createUser();

  expect(await setSettings({ actor: staff.user, values: { MIN_COMMENT_DAYS: "1" } })).toMatchObject({
    ok: false,
    status: 403,
    message: "Only administrators can change the settings.",
  });
  const settingsForm = { intent: "settings", minCommentDays: "1", dugQuorumPercent: "50", dugAgreePercent: "50", dugObjectionsTolerated: "0" };
  const settingsPage = await call(settingsRoute.action, makeRequest("/admin/settings", { cookie: staff.cookie, form: settingsForm }));
  expect(settingsPage.status).toBe(403);
  expect(settingsPage.data.errors.form).toBe("Only administrators can change the settings.");
  expect(await db().setting.count()).toBe(0);

  expect(await grantRole({ actor: staff.user, userId: target.id, role: "ifm" })).toMatchObject({
    ok: false,
    status: 403,
    message: "Only administrators can grant roles.",
  });
  const userPage = await call(
    userRoute.action,
    makeRequest(`/admin/users/${target.id}`, { cookie: staff.cookie, form: { intent: "grant-role", role: "admin" } }),
    {
      id: target.id,
    },
  );
  expect(userPage.status).toBe(403);
  expect(userPage.data.errors.form).toBe("Only administrators can grant roles.");
  expect(await db().userRole.count({ where: { userId: target.id } })).toBe(0);

  // An administrator gets through the same page.
  const admin = await signedIn(["admin"]);
  expect((await call(settingsRoute.action, makeRequest("/admin/settings", { cookie: admin.cookie, form: settingsForm }))).status).toBe(302);
  expect((await db().setting.findUniqueOrThrow({ where: { key: "MIN_COMMENT_DAYS" } })).value).toBe("1");
});

test("the DUG chair may not publish the final statement nor anyone but staff draft a consultation, whoever calls the command", async () => {
  const now = Date.now();
  const { consultation } = await createConsultation({ opensAt: new Date(now - 40 * DAY), closesAt: new Date(now - DAY) });
  const chair = await signedIn(["dug_member", "dug_chair"]);

  expect(await publishStatement({ actor: chair.user, consultationId: consultation.id, basedOnRevision: 0 })).toMatchObject({
    ok: false,
    status: 403,
    message: "Only IFM staff can publish the final statement.",
  });
  const path = `/consultations/${consultation.slug}/statement/edit`;
  const onBuilder = await call(builderRoute.action, makeRequest(path, { cookie: chair.cookie, form: { intent: "publish", basedOnRevision: "0" } }), {
    slug: consultation.slug,
  });
  expect(onBuilder.status).toBe(403);
  expect(onBuilder.data.errors.form).toBe("Only IFM staff can publish the final statement.");
  expect(await db().statementRevision.count()).toBe(0);
  expect((await db().consultation.findUniqueOrThrow({ where: { id: consultation.id } })).concludedAt).toBeNull();

  const draft = await createDraft({
    actor: chair.user,
    input: {
      title: "A plan of the chair's own",
      summary: "Drafted by someone who is not IFM staff.",
      bodyMd: "## Scope\n\nText.",
      category: "dnssec",
      affected: "both",
      basis: "technical",
      dugRequired: true,
      contactName: "Chair",
      contactEmail: "chair@example.org",
      timeline: [],
      slug: undefined,
    },
  });
  expect(draft).toMatchObject({ ok: false, status: 403, message: "Only IFM staff can draft consultations." });
});
