import { db } from "~/services/db.server";
import * as followRoute from "~/routes/consultations.$slug.follow";
import * as followNewRoute from "~/routes/follow._index";
import * as confirmRoute from "~/routes/follow.confirm.$token";
import * as manageRoute from "~/routes/follow.manage.$token";
import * as settingsRoute from "~/routes/settings.notifications";
import * as unsubscribeRoute from "~/routes/unsubscribe.$token";
import {
  applyUnsubscribe,
  confirmEmailFollow,
  ensureUserFollower,
  followConsultation,
  followNewConsultations,
  followOnComment,
  getFollowerSettings,
  isFollowing,
  removeSubscription,
  requestEmailFollow,
} from "~/features/following/following.server";
import { confirmToken, manageToken, unsubscribeToken } from "~/features/following/tokens.server";
import { followConfirmEmail } from "../../emails/follow-confirm";
import { createConsultation } from "../comment-fixtures";
import { call, createUser, makeRequest, sessionCookie } from "../factories";

const HOUR = 3_600_000;

async function followerOf(email: string) {
  return db().follower.findUniqueOrThrow({ where: { email }, include: { subscriptions: true } });
}

async function followMails(email: string) {
  return db().outboxMessage.findMany({ where: { toAddress: email }, orderBy: { createdAt: "asc" } });
}

function tokenIn(text: string, path: string) {
  const m = new RegExp(`${path}/([A-Za-z0-9_.-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1];
}

function followByEmail(slug: string, email: string, ip = "203.0.113.9") {
  return call(
    followRoute.action,
    makeRequest(`/consultations/${slug}/follow`, { form: { intent: "follow-by-email", email }, headers: { "x-client-ip": ip } }),
    { slug },
  );
}

/** The one-click POST a mail provider sends (RFC 8058): no cookie, no Origin of ours, that body only. */
function oneClickRequest(token: string) {
  return new Request(`http://localhost:3000/unsubscribe/${token}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "MailProvider/1.0" },
    body: "List-Unsubscribe=One-Click",
  });
}

// ------------------------------------------------------------------------------ signed-in users

test("a signed-in user follows and unfollows a consultation with one button, and a follower is created for them", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser({ email: "reader@example.org" });
  const cookie = await sessionCookie(user.id);
  const slug = consultation.slug;

  const followed = await call(followRoute.action, makeRequest(`/consultations/${slug}/follow`, { cookie, form: { intent: "follow" } }), { slug });
  expect(followed.status).toBe(302);
  expect(followed.headers.get("Location")).toBe(`/consultations/${slug}#follow`);
  expect(followed.headers.get("Set-Cookie")).toMatch(/__flash=/);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(true);
  const follower = await followerOf("reader@example.org");
  expect(follower.userId).toBe(user.id);
  expect(follower.confirmedAt).not.toBeNull();
  expect(follower.subscriptions).toHaveLength(1);

  // A second click (double submit) creates nothing more.
  await call(followRoute.action, makeRequest(`/consultations/${slug}/follow`, { cookie, form: { intent: "follow" } }), { slug });
  expect(await db().subscription.count()).toBe(1);

  const unfollowed = await call(followRoute.action, makeRequest(`/consultations/${slug}/follow`, { cookie, form: { intent: "unfollow" } }), { slug });
  expect(unfollowed.status).toBe(302);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(false);

  const audit = await db().auditEvent.findMany({ where: { action: { startsWith: "follow." } }, orderBy: { createdAt: "asc" } });
  expect(audit.map((a) => a.action)).toEqual(["follow.add", "follow.remove"]);
  expect(audit.every((a) => !a.isPublic)).toBe(true);
});

test("following a draft or an unknown consultation is refused with a 404", async () => {
  const { consultation } = await createConsultation({ publishedAt: null, opensAt: null, closesAt: null });
  const user = await createUser();
  const cookie = await sessionCookie(user.id);
  const res = await call(followRoute.action, makeRequest(`/consultations/${consultation.slug}/follow`, { cookie, form: { intent: "follow" } }), {
    slug: consultation.slug,
  });
  expect(res.status).toBe(404);
  expect(await followConsultation({ userId: user.id, consultationId: consultation.id })).toMatchObject({ ok: false, status: 404 });
  expect(await followConsultation({ userId: user.id, consultationId: "nope" })).toMatchObject({ ok: false, status: 404 });
  const byEmail = await followByEmail(consultation.slug, "someone@example.org");
  expect(byEmail.status).toBe(404);
  expect(await db().subscription.count()).toBe(0);
  expect(await db().outboxMessage.count()).toBe(0);
});

test("a signed-out visitor pressing Follow is sent to sign in, and nothing changes", async () => {
  const { consultation } = await createConsultation();
  const res = await call(followRoute.action, makeRequest(`/consultations/${consultation.slug}/follow`, { form: { intent: "follow" } }), {
    slug: consultation.slug,
  });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  expect(await db().follower.count()).toBe(0);
});

test("an email-only follower with the user's address is linked to the account and confirmed", async () => {
  const { consultation } = await createConsultation();
  await requestEmailFollow({ email: "later@example.org", target: { consultationId: consultation.id }, ip: "198.51.100.7" });
  const before = await followerOf("later@example.org");
  expect(before.confirmedAt).toBeNull();
  const user = await createUser({ email: "later@example.org" });
  const id = await ensureUserFollower({ userId: user.id });
  expect(id).toBe(before.id);
  const after = await followerOf("later@example.org");
  expect(after.userId).toBe(user.id);
  expect(after.confirmedAt).not.toBeNull();
  expect(await db().follower.count()).toBe(1);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(true);
});

test("following again after unsubscribing from everything turns notifications back on", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser();
  await followConsultation({ userId: user.id, consultationId: consultation.id });
  const followerId = await ensureUserFollower({ userId: user.id });
  await applyUnsubscribe({ followerId, list: "all" });
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(false);
  expect((await getFollowerSettings({ followerId }))!.unsubscribedAll).toBe(true);
  expect(await followConsultation({ userId: user.id, consultationId: consultation.id })).toEqual({ ok: true, alreadyFollowing: false });
  expect((await getFollowerSettings({ followerId }))!.unsubscribedAll).toBe(false);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(true);
});

test("following every new consultation keeps one subscription whose categories are replaced", async () => {
  const user = await createUser();
  await followNewConsultations({ userId: user.id, categories: ["dnssec", "rdap"] });
  await followNewConsultations({ userId: user.id, categories: ["rdap", "bogus"] });
  const subs = await db().subscription.findMany();
  expect(subs).toHaveLength(1);
  expect(subs[0]).toMatchObject({ scope: "all_new", consultationId: null, categoriesCsv: "rdap" });
  await followNewConsultations({ userId: user.id, categories: [] });
  expect((await db().subscription.findFirstOrThrow()).categoriesCsv).toBe("");

  const cookie = await sessionCookie(user.id);
  const res = await call(followNewRoute.action, makeRequest("/follow", { cookie, form: { intent: "follow-new", categories: ["dnssec", "dns_protocol"] } }));
  expect(res.status).toBe(302);
  expect((await db().subscription.findFirstOrThrow()).categoriesCsv).toBe("dnssec,dns_protocol");
});

test("commenting follows the consultation unless the user turned auto-follow off", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser();
  expect(await db().$transaction((tx) => followOnComment(tx, { userId: user.id, consultationId: consultation.id }))).toBe(true);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(true);

  const other = await createUser();
  const followerId = await ensureUserFollower({ userId: other.id });
  await db().follower.update({ where: { id: followerId }, data: { autoFollowOnComment: false } });
  expect(await db().$transaction((tx) => followOnComment(tx, { userId: other.id, consultationId: consultation.id }))).toBe(false);
  expect(await isFollowing({ userId: other.id, consultationId: consultation.id })).toBe(false);
});

// ------------------------------------------------------------------------------ following by email

test("following by email is a double opt-in: one confirmation mail, and a second request within the hour sends nothing and answers the same", async () => {
  const { consultation } = await createConsultation({ title: "Roll the <root> KSK" });
  const first = await followByEmail(consultation.slug, "  Operator@Example.ORG ");
  expect(first.status).toBe(302);
  expect(first.headers.get("Location")).toBe(`/consultations/${consultation.slug}#follow`);

  const follower = await followerOf("operator@example.org");
  expect(follower.confirmedAt).toBeNull();
  expect(follower.subscriptions.map((s) => s.consultationId)).toEqual([consultation.id]);
  const mails = await followMails("operator@example.org");
  expect(mails).toHaveLength(1);
  expect(mails[0].subject).toBe(`Confirm: follow consultation ${consultation.number}`);
  expect(mails[0].textBody).toContain("/follow/confirm/");
  expect(mails[0].htmlBody).toContain("/follow/confirm/");
  expect(mails[0].htmlBody).toContain("Roll the &lt;root&gt; KSK");

  const second = await followByEmail(consultation.slug, "operator@example.org");
  expect(second.status).toBe(first.status);
  expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
  expect(await followMails("operator@example.org")).toHaveLength(1);

  // An hour later, asking again sends a new link.
  await requestEmailFollow({
    email: "operator@example.org",
    target: { consultationId: consultation.id },
    ip: "198.51.100.1",
    now: new Date(Date.now() + HOUR + 1000),
  });
  expect(await followMails("operator@example.org")).toHaveLength(2);
});

test("the confirmation page confirms only with its button; a second confirmation is harmless", async () => {
  const { consultation } = await createConsultation();
  await followByEmail(consultation.slug, "confirm@example.org");
  const [mail] = await followMails("confirm@example.org");
  const token = tokenIn(mail.textBody, "/follow/confirm");

  const page = await call(confirmRoute.loader, makeRequest(`/follow/confirm/${token}`), { token });
  expect(page.status).toBe(200);
  expect(page.data).toMatchObject({ problem: null, email: "confirm@example.org", alreadyConfirmed: false });
  expect(page.data.follows).toEqual([`Consultation ${consultation.number}: ${consultation.title}`]);
  expect((await followerOf("confirm@example.org")).confirmedAt).toBeNull();

  const confirmed = await call(confirmRoute.action, makeRequest(`/follow/confirm/${token}`, { method: "POST" }), { token });
  expect(confirmed.status).toBe(302);
  const follower = await followerOf("confirm@example.org");
  expect(confirmed.headers.get("Location")).toBe(`/follow/manage/${manageToken(follower.id)}`);
  expect(follower.confirmedAt).not.toBeNull();

  const again = await confirmEmailFollow({ token });
  expect(again).toEqual({ ok: true, followerId: follower.id, alreadyConfirmed: true });
  const againPage = await call(confirmRoute.loader, makeRequest(`/follow/confirm/${token}`), { token });
  expect(againPage.data.alreadyConfirmed).toBe(true);
});

test("a forged or expired confirmation link is refused with a clear message", async () => {
  const { consultation } = await createConsultation();
  const now = new Date();
  await requestEmailFollow({ email: "slow@example.org", target: { consultationId: consultation.id }, ip: "198.51.100.2", now });
  const follower = await followerOf("slow@example.org");
  const token = confirmToken(follower.id, now);

  const forged = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
  const page = await call(confirmRoute.loader, makeRequest(`/follow/confirm/${forged}`), { token: forged });
  expect(page.status).toBe(400);
  expect(page.data.problem).toMatch(/not valid/);
  const post = await call(confirmRoute.action, makeRequest(`/follow/confirm/${forged}`, { method: "POST" }), { token: forged });
  expect(post.status).toBe(400);
  expect(await call(confirmRoute.loader, makeRequest("/follow/confirm/x"), { token: "garbage" })).toMatchObject({ status: 400 });

  const late = await confirmEmailFollow({ token, now: new Date(now.getTime() + 8 * 24 * HOUR) });
  expect(late).toMatchObject({ ok: false, status: 400 });
  expect(!late.ok && late.message).toMatch(/This confirmation link has expired/);
  expect((await followerOf("slow@example.org")).confirmedAt).toBeNull();
});

test("a confirmed address asking to follow more gets a link to its settings, and nothing is added until it presses Follow there", async () => {
  const { consultation: first } = await createConsultation();
  const { consultation: second } = await createConsultation();
  const now = new Date();
  await requestEmailFollow({ email: "known@example.org", target: { consultationId: first.id }, ip: "198.51.100.3", now });
  const follower = await followerOf("known@example.org");
  await confirmEmailFollow({ token: confirmToken(follower.id, now) });

  const later = new Date(now.getTime() + HOUR + 1000);
  expect(await requestEmailFollow({ email: "known@example.org", target: { consultationId: second.id }, ip: "198.51.100.3", now: later })).toEqual({ ok: true });
  expect((await followerOf("known@example.org")).subscriptions.map((s) => s.consultationId)).toEqual([first.id]);
  const mails = await followMails("known@example.org");
  expect(mails).toHaveLength(2);
  const link = new URL(/http:\/\/localhost:3000\/follow\/manage\/\S+/.exec(mails[1].textBody)![0]);
  expect(link.searchParams.get("follow")).toBe(second.slug);
  const token = link.pathname.split("/").pop()!;

  const page = await call(manageRoute.loader, makeRequest(link.pathname + link.search), { token });
  expect(page.data.offer).toMatchObject({ kind: "consultation", slug: second.slug });
  expect((await followerOf("known@example.org")).subscriptions).toHaveLength(1);

  const added = await call(manageRoute.action, makeRequest(link.pathname, { form: { intent: "follow-consultation", slug: second.slug } }), { token });
  expect(added.status).toBe(302);
  expect((await followerOf("known@example.org")).subscriptions).toHaveLength(2);
});

test("following every new consultation by email works the same way, from /follow", async () => {
  const res = await call(
    followNewRoute.action,
    makeRequest("/follow", { form: { intent: "follow-new-by-email", email: "news@example.org", categories: "rdap" } }),
  );
  expect(res.status).toBe(302);
  const follower = await followerOf("news@example.org");
  expect(follower.subscriptions).toMatchObject([{ scope: "all_new", categoriesCsv: "rdap" }]);
  const [mail] = await followMails("news@example.org");
  expect(mail.subject).toBe("Confirm: follow new consultations");
  expect(mail.textBody).toContain("RDAP");
});

test("an invalid address gets a message next to the field and the input is kept", async () => {
  const { consultation } = await createConsultation();
  const res = await followByEmail(consultation.slug, "not an address");
  expect(res.status).toBe(400);
  expect(res.data.errors.email).toMatch(/valid email address/);
  expect(res.data.values.email).toBe("not an address");

  const page = await call(
    followNewRoute.action,
    makeRequest("/follow", { form: { intent: "follow-new-by-email", email: "x@", categories: ["dnssec", "rdap"] } }),
  );
  expect(page.status).toBe(400);
  expect(page.data.errors.email).toBeTruthy();
  expect(page.data.values).toMatchObject({ email: "x@", categories: "dnssec,rdap" });
  expect(await db().follower.count()).toBe(0);
});

test("follow-by-email requests are rate-limited per IP with a 429", async () => {
  const { consultation } = await createConsultation();
  const statuses: number[] = [];
  for (let i = 0; i < 22; i++) statuses.push((await followByEmail(consultation.slug, `p${i}@example.org`, "192.0.2.50")).status);
  expect(statuses.filter((s) => s === 302)).toHaveLength(20);
  const last = await followByEmail(consultation.slug, "p99@example.org", "192.0.2.50");
  expect(last.status).toBe(429);
  expect(last.data.errors.form).toMatch(/Try again/);
  expect(last.data.values.email).toBe("p99@example.org");
  expect(last.headers.get("Retry-After")).toMatch(/^\d+$/);
});

test("a flood of requests for one address answers as usual but does nothing past the limit", async () => {
  const { consultation } = await createConsultation();
  const others = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createConsultation()));
  for (const [i, { consultation: c }] of others.entries()) {
    const r = await followByEmail(c.slug, "victim@example.org", `192.0.2.${i + 1}`);
    expect(r.status).toBe(302);
  }
  expect((await followerOf("victim@example.org")).subscriptions).toHaveLength(5);
  expect(await followMails("victim@example.org")).toHaveLength(1);
  expect((await followByEmail(consultation.slug, "victim@example.org", "192.0.2.99")).status).toBe(302);
});

// ------------------------------------------------------------------------------ settings

test("a signed-in user changes their notification settings; the page creates nothing until they save", async () => {
  const user = await createUser({ email: "settings@example.org" });
  const cookie = await sessionCookie(user.id);
  const page = await call(settingsRoute.loader, makeRequest("/settings/notifications", { cookie }));
  expect(page.data.settings).toMatchObject({ email: "settings@example.org", commentMode: "immediate", notifyReplies: true, subscriptions: [] });
  expect(await db().follower.count()).toBe(0);

  const saved = await call(settingsRoute.action, makeRequest("/settings/notifications", { cookie, form: { intent: "save-settings", commentMode: "daily" } }));
  expect(saved.status).toBe(302);
  expect(await followerOf("settings@example.org")).toMatchObject({ commentMode: "daily", notifyReplies: false, autoFollowOnComment: false });

  const bad = await call(
    settingsRoute.action,
    makeRequest("/settings/notifications", { cookie, form: { intent: "save-settings", commentMode: "hourly", notifyReplies: "on" } }),
  );
  expect(bad.status).toBe(400);
  expect(bad.data.errors.commentMode).toBeTruthy();
  expect(bad.data.values).toMatchObject({ commentMode: "hourly", notifyReplies: "on" });

  const signedOut = await call(settingsRoute.loader, makeRequest("/settings/notifications"));
  expect(signedOut.status).toBe(302);
});

test("an email-only follower manages settings from the mail's link; a forged link is a 404", async () => {
  const { consultation } = await createConsultation();
  await requestEmailFollow({ email: "mailonly@example.org", target: { consultationId: consultation.id }, ip: "198.51.100.4" });
  const follower = await followerOf("mailonly@example.org");
  const token = manageToken(follower.id);

  const page = await call(manageRoute.loader, makeRequest(`/follow/manage/${token}`), { token });
  expect(page.data.settings).toMatchObject({ email: "mailonly@example.org", hasAccount: false, subscriptions: [{ scope: "consultation" }] });

  const saved = await call(
    manageRoute.action,
    makeRequest(`/follow/manage/${token}`, { form: { intent: "save-settings", commentMode: "daily", notifyReplies: "on" } }),
    { token },
  );
  expect(saved.status).toBe(302);
  expect(saved.headers.get("Location")).toBe(`/follow/manage/${token}`);
  expect(await followerOf("mailonly@example.org")).toMatchObject({ commentMode: "daily", notifyReplies: true });

  const forged = `${follower.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
  expect((await call(manageRoute.loader, makeRequest(`/follow/manage/${forged}`), { token: forged })).status).toBe(404);
  const forgedPost = await call(manageRoute.action, makeRequest(`/follow/manage/${forged}`, { form: { intent: "unsubscribe-all" } }), { token: forged });
  expect(forgedPost.status).toBe(404);
  expect((await followerOf("mailonly@example.org")).unsubscribedAllAt).toBeNull();
});

test("nobody can remove someone else's subscription", async () => {
  const { consultation } = await createConsultation();
  const alice = await createUser();
  const bob = await createUser();
  await followConsultation({ userId: alice.id, consultationId: consultation.id });
  const aliceSub = await db().subscription.findFirstOrThrow();
  const bobFollower = await ensureUserFollower({ userId: bob.id });

  expect(await removeSubscription({ followerId: bobFollower, subscriptionId: aliceSub.id })).toMatchObject({ ok: false, status: 404 });
  const res = await call(
    settingsRoute.action,
    makeRequest("/settings/notifications", { cookie: await sessionCookie(bob.id), form: { intent: "remove-subscription", subscriptionId: aliceSub.id } }),
  );
  expect(res.status).toBe(404);
  expect(await db().subscription.count()).toBe(1);

  const own = await call(
    settingsRoute.action,
    makeRequest("/settings/notifications", { cookie: await sessionCookie(alice.id), form: { intent: "remove-subscription", subscriptionId: aliceSub.id } }),
  );
  expect(own.status).toBe(302);
  expect(await db().subscription.count()).toBe(0);
});

test("unsubscribing from everything on the settings page stops all and removes what was followed", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser();
  await followConsultation({ userId: user.id, consultationId: consultation.id });
  await followNewConsultations({ userId: user.id, categories: [] });
  const res = await call(
    settingsRoute.action,
    makeRequest("/settings/notifications", { cookie: await sessionCookie(user.id), form: { intent: "unsubscribe-all" } }),
  );
  expect(res.status).toBe(302);
  expect(await db().subscription.count()).toBe(0);
  expect((await db().follower.findFirstOrThrow()).unsubscribedAllAt).not.toBeNull();
});

// ------------------------------------------------------------------------------ unsubscribe links

test("a one-click POST (RFC 8058) without cookies unsubscribes at once", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser();
  await followConsultation({ userId: user.id, consultationId: consultation.id });
  await followNewConsultations({ userId: user.id, categories: [] });
  const followerId = await ensureUserFollower({ userId: user.id });

  const token = unsubscribeToken(followerId, consultation.id);
  const res = await call(unsubscribeRoute.action, oneClickRequest(token), { token });
  expect(res.status).toBe(200);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(false);
  expect(await db().subscription.count()).toBe(1); // "every new consultation" stays

  // Idempotent.
  expect((await call(unsubscribeRoute.action, oneClickRequest(token), { token })).status).toBe(200);

  // Some providers send the same field as multipart/form-data.
  await followConsultation({ userId: user.id, consultationId: consultation.id });
  const multipart = new FormData();
  multipart.set("List-Unsubscribe", "One-Click");
  const viaMultipart = await call(unsubscribeRoute.action, new Request(`http://localhost:3000/unsubscribe/${token}`, { method: "POST", body: multipart }), {
    token,
  });
  expect(viaMultipart.status).toBe(200);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(false);

  const all = unsubscribeToken(followerId, "all");
  expect((await call(unsubscribeRoute.action, oneClickRequest(all), { token: all })).status).toBe(200);
  expect((await db().follower.findUniqueOrThrow({ where: { id: followerId } })).unsubscribedAllAt).not.toBeNull();
  expect(await db().subscription.count()).toBe(0);
});

test("opening the unsubscribe link shows a button and changes nothing; the button unsubscribes", async () => {
  const { consultation } = await createConsultation({ title: "KSK rollover" });
  const user = await createUser({ email: "browser@example.org" });
  await followConsultation({ userId: user.id, consultationId: consultation.id });
  const followerId = await ensureUserFollower({ userId: user.id });
  const token = unsubscribeToken(followerId, consultation.id);

  const page = await call(unsubscribeRoute.loader, makeRequest(`/unsubscribe/${token}`), { token });
  expect(page.status).toBe(200);
  expect(page.data).toMatchObject({ email: "browser@example.org", done: false, consultation: { title: "KSK rollover" } });
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(true);

  const pressed = await call(unsubscribeRoute.action, makeRequest(`/unsubscribe/${token}`, { form: { intent: "unsubscribe" } }), { token });
  expect(pressed.status).toBe(302);
  expect(pressed.headers.get("Location")).toBe(`/unsubscribe/${token}`);
  expect(await isFollowing({ userId: user.id, consultationId: consultation.id })).toBe(false);
  expect((await call(unsubscribeRoute.loader, makeRequest(`/unsubscribe/${token}`), { token })).data.done).toBe(true);
});

test("a forged unsubscribe token is a 404, never a 500, and changes nothing", async () => {
  const user = await createUser();
  await followNewConsultations({ userId: user.id, categories: [] });
  const followerId = await ensureUserFollower({ userId: user.id });
  const good = unsubscribeToken(followerId, "all");
  for (const token of [good.slice(0, -3) + "xyz", `${followerId}.all`, "....", "a.b.c.d", `unknown.all.${good.split(".")[2]}`]) {
    expect((await call(unsubscribeRoute.loader, makeRequest(`/unsubscribe/${token}`), { token })).status).toBe(404);
    expect((await call(unsubscribeRoute.action, oneClickRequest(token), { token })).status).toBe(404);
  }
  // A correctly signed token for a follower that no longer exists.
  const gone = unsubscribeToken("c0000000000000000000gone", "all");
  expect((await call(unsubscribeRoute.action, oneClickRequest(gone), { token: gone })).status).toBe(404);
  expect(await db().subscription.count()).toBe(1);
  expect((await db().follower.findUniqueOrThrow({ where: { id: followerId } })).unsubscribedAllAt).toBeNull();
});

test("the confirmation mail has a text and an HTML part with the link, and escapes the title", () => {
  const mail = followConfirmEmail({
    email: "a@example.org",
    target: { kind: "consultation", number: 7, title: 'Root "zone" <b>\r\nchange</b>' },
    confirmUrl: "http://localhost:3000/follow/confirm/abc.123.sig",
    expiresInDays: 7,
  });
  expect(mail.subject).toBe("Confirm: follow consultation 7");
  expect(mail.text).toContain("http://localhost:3000/follow/confirm/abc.123.sig");
  expect(mail.text).toContain('consultation 7: Root "zone" <b> change</b>');
  expect(mail.html).toContain('href="http://localhost:3000/follow/confirm/abc.123.sig"');
  expect(mail.html).not.toContain("<b>");
  expect(mail.text).toContain("a@example.org");
});
