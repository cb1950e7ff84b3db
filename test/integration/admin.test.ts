import { db } from "~/services/db.server";
import * as usersRoute from "~/routes/admin.users._index";
import * as userRoute from "~/routes/admin.users.$id";
import * as orgsRoute from "~/routes/admin.organisations._index";
import * as orgRoute from "~/routes/admin.organisations.$id";
import * as mailRoute from "~/routes/admin.mail";
import * as auditRoute from "~/routes/admin.audit";
import { enqueueMail } from "~/services/outbox.server";
import { call, createOrganisation, createUser, makeRequest, signedIn } from "../factories";

test("an ordinary user gets 403 from every admin loader and action, and nothing changes", async () => {
  const { cookie } = await signedIn();
  const target = await createUser();
  for (const [route, path, params] of [
    [usersRoute, "/admin/users", {}],
    [userRoute, `/admin/users/${target.id}`, { id: target.id }],
    [orgsRoute, "/admin/organisations", {}],
    [auditRoute, "/admin/audit", {}],
    [mailRoute, "/admin/mail", {}],
  ] as const) {
    const res = await call(route.loader as never, makeRequest(path, { cookie }), params);
    expect(res.status, path).toBe(403);
  }
  const grant = await call(userRoute.action, makeRequest(`/admin/users/${target.id}`, { cookie, form: { intent: "grant-role", role: "admin" } }), {
    id: target.id,
  });
  expect(grant.status).toBe(403);
  expect(await db().userRole.count()).toBe(0);
});

test("IFM staff may see outgoing mail but not manage roles", async () => {
  const { cookie } = await signedIn(["ifm"]);
  expect((await call(mailRoute.loader, makeRequest("/admin/mail", { cookie }))).status).toBe(200);
  expect((await call(usersRoute.loader, makeRequest("/admin/users", { cookie }))).status).toBe(403);
});

test("a visitor who is not signed in is sent to sign in, then back", async () => {
  const res = await call(usersRoute.loader, makeRequest("/admin/users?q=x"));
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers%3Fq%3Dx");
});

test("an admin grants and revokes a role, and both are in the audit log", async () => {
  const { user: admin, cookie } = await signedIn(["admin"]);
  const target = await createUser();
  const path = `/admin/users/${target.id}`;
  await call(userRoute.action, makeRequest(path, { cookie, form: { intent: "grant-role", role: "dug_member" } }), { id: target.id });
  expect(await db().userRole.findMany({ where: { userId: target.id } })).toMatchObject([{ role: "dug_member", grantedById: admin.id }]);
  await call(userRoute.action, makeRequest(path, { cookie, form: { intent: "revoke-role", role: "dug_member" } }), { id: target.id });
  expect(await db().userRole.count({ where: { userId: target.id } })).toBe(0);
  const audit = await db().auditEvent.findMany({ where: { subjectId: target.id }, orderBy: { createdAt: "asc" } });
  expect(audit.map((a) => a.action)).toEqual(["role.grant", "role.revoke"]);
  expect(audit.every((a) => a.actorId === admin.id)).toBe(true);
});

test("an unknown role is refused with a 400 and the last administrator cannot be removed", async () => {
  const { user: admin, cookie } = await signedIn(["admin"]);
  const bad = await call(userRoute.action, makeRequest(`/admin/users/${admin.id}`, { cookie, form: { intent: "grant-role", role: "superuser" } }), {
    id: admin.id,
  });
  expect(bad.status).toBe(400);
  expect(bad.data.errors.role).toBe("Choose a role.");
  const last = await call(userRoute.action, makeRequest(`/admin/users/${admin.id}`, { cookie, form: { intent: "revoke-role", role: "admin" } }), {
    id: admin.id,
  });
  expect(last.status).toBe(409);
  expect(last.data.errors.form).toMatch(/last administrator/);
  expect(await db().userRole.count({ where: { role: "admin" } })).toBe(1);
});

test("an admin creates an organisation with its TLDs; a TLD run by another operator is refused", async () => {
  const { cookie } = await signedIn(["admin"]);
  const ok = await call(
    orgsRoute.action,
    makeRequest("/admin/organisations", { cookie, form: { name: "Island Registry", kind: "cctld", tlds: ".IS, .xn--mgbaam7a8h" } }),
  );
  expect(ok.status).toBe(302);
  const org = await db().organisation.findUniqueOrThrow({ where: { name: "Island Registry" }, include: { tlds: true } });
  expect(org.tlds.map((t) => t.name).sort()).toEqual(["is", "xn--mgbaam7a8h"]);
  expect(await db().auditEvent.count({ where: { action: "organisation.create", subjectId: org.id } })).toBe(1);

  const clash = await call(orgsRoute.action, makeRequest("/admin/organisations", { cookie, form: { name: "Other", kind: "gtld", tlds: "is" } }));
  expect(clash.status).toBe(409);
  expect(clash.data.errors.tlds).toMatch(/\.is is already run by Island Registry/);
  expect(clash.data.values.name).toBe("Other");
});

test("organisation input is validated field by field", async () => {
  const { cookie } = await signedIn(["admin"]);
  const res = await call(
    orgsRoute.action,
    makeRequest("/admin/organisations", { cookie, form: { name: "", kind: "isp", tlds: "not valid!", website: "javascript:alert(1)" } }),
  );
  expect(res.status).toBe(400);
  expect(Object.keys(res.data.errors).sort()).toEqual(["kind", "name", "tlds", "website"]);
  expect(await db().organisation.count()).toBe(0);
});

test("an admin edits an organisation and the change is audited with before and after", async () => {
  const { cookie } = await signedIn(["admin"]);
  const org = await createOrganisation({ name: "Old Name", tlds: ["aa"] });
  await call(orgRoute.action, makeRequest(`/admin/organisations/${org.id}`, { cookie, form: { name: "New Name", kind: "gtld", tlds: "aa bb" } }), {
    id: org.id,
  });
  const saved = await db().organisation.findUniqueOrThrow({ where: { id: org.id }, include: { tlds: true } });
  expect(saved).toMatchObject({ name: "New Name", kind: "gtld" });
  expect(saved.tlds).toHaveLength(2);
  const event = await db().auditEvent.findFirstOrThrow({ where: { action: "organisation.update" } });
  expect(JSON.parse(event.dataJson).before.name).toBe("Old Name");
});

test("an admin verifies a representative and revokes them; both are audited", async () => {
  const { cookie } = await signedIn(["admin"]);
  const org = await createOrganisation({ tlds: ["cc"] });
  const rep = await createUser();
  const path = `/admin/users/${rep.id}`;
  await call(userRoute.action, makeRequest(path, { cookie, form: { intent: "verify", organisationId: org.id, title: "CTO" } }), { id: rep.id });
  const membership = await db().membership.findFirstOrThrow({ where: { userId: rep.id } });
  expect(membership).toMatchObject({ organisationId: org.id, title: "CTO", revokedAt: null });
  await call(userRoute.action, makeRequest(path, { cookie, form: { intent: "revoke-membership", membershipId: membership.id } }), { id: rep.id });
  expect((await db().membership.findFirstOrThrow({ where: { userId: rep.id } })).revokedAt).not.toBeNull();
  const actions = (await db().auditEvent.findMany({ where: { subjectId: rep.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
  expect(actions).toEqual(["membership.verify", "membership.revoke"]);
});

test("verifying against an organisation that does not exist is a clear 400", async () => {
  const { cookie } = await signedIn(["admin"]);
  const rep = await createUser();
  const res = await call(userRoute.action, makeRequest(`/admin/users/${rep.id}`, { cookie, form: { intent: "verify", organisationId: "nope" } }), {
    id: rep.id,
  });
  expect(res.status).toBe(400);
  expect(res.data.errors.organisationId).toMatch(/does not exist/);
});

test("a user page for an unknown id is a 404", async () => {
  const { cookie } = await signedIn(["admin"]);
  expect((await call(userRoute.loader, makeRequest("/admin/users/nope", { cookie }), { id: "nope" })).status).toBe(404);
});

test("the outgoing mail page lists messages by status and staff can retry a failed one", async () => {
  const { cookie } = await signedIn(["ifm"]);
  await enqueueMail(db(), { dedupeKey: "a", to: "x@example.org", subject: "Hello", text: "t", html: "<p>t</p>" });
  const dead = await db().outboxMessage.update({ where: { dedupeKey: "a" }, data: { status: "dead", attempts: 8, lastError: "550 mailbox unavailable" } });
  const page = await call(mailRoute.loader, makeRequest("/admin/mail?status=dead", { cookie }));
  expect(page.data.messages).toMatchObject([{ id: dead.id, status: "dead", attempts: 8, lastError: "550 mailbox unavailable" }]);
  expect(page.data.counts.dead).toBe(1);
  const retry = await call(mailRoute.action, makeRequest("/admin/mail", { cookie, form: { intent: "retry", id: dead.id } }));
  expect(retry.status).toBe(302);
  expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("queued");
  expect(await db().auditEvent.count({ where: { action: "mail.retry" } })).toBe(1);
});
