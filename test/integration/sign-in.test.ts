import { db } from "~/services/db.server";
import * as loginRoute from "~/routes/login._index";
import * as checkRoute from "~/routes/login.check";
import * as verifyRoute from "~/routes/login.verify";
import * as welcomeRoute from "~/routes/welcome";
import * as logoutRoute from "~/routes/logout";
import * as accountRoute from "~/routes/account";
import { consumeSignInLink, requestSignIn } from "~/features/accounts/sign-in.server";
import { getCurrentUser } from "~/services/session.server";
import { call, cookiesFrom, createUser, makeRequest, sessionCookie } from "../factories";

async function lastSignInMail(email: string) {
  const mail = await db().outboxMessage.findFirstOrThrow({ where: { toAddress: email }, orderBy: { createdAt: "desc" } });
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
  const code = /^\s+(\d{6})\s*$/m.exec(mail.textBody)![1];
  return { mail, token, code };
}

async function askForLink(email: string, redirectTo = "/") {
  const res = await call(loginRoute.action, makeRequest("/login", { form: { email, redirectTo } }));
  expect(res.status).toBe(302);
  return { res, ...(await lastSignInMail(email.trim().toLowerCase())) };
}

test("asking for a sign-in link queues one email with a link and a code, and stores neither in clear", async () => {
  const { res, mail, token, code } = await askForLink("New.Person@Example.org");
  expect(res.headers.get("Location")).toMatch(/^\/login\/check\?login=/);
  expect(mail.toAddress).toBe("new.person@example.org");
  expect(mail.status).toBe("queued");
  const row = await db().loginToken.findFirstOrThrow();
  expect(row.linkHash).not.toContain(token);
  expect(row.codeHash).not.toContain(code);
  expect(JSON.stringify(row)).not.toContain(token);
});

test("following the link shows a confirmation without using it; confirming creates the account and asks for a name", async () => {
  const { token } = await askForLink("first@example.org", "/consultations");
  const page = await call(verifyRoute.loader, makeRequest(`/login/verify?token=${token}`));
  expect(page.data).toMatchObject({ email: "first@example.org", problem: null });
  expect(await db().user.count()).toBe(0);

  const res = await call(verifyRoute.action, makeRequest("/login/verify", { form: { token } }));
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/welcome?redirectTo=%2Fconsultations");
  const user = await db().user.findUniqueOrThrow({ where: { email: "first@example.org" } });
  expect(user.displayName).toBeNull();
  const cookie = cookiesFrom(res);
  expect(cookie).toMatch(/__session=/);
  expect((await getCurrentUser(makeRequest("/", { cookie })))?.id).toBe(user.id);

  const named = await call(welcomeRoute.action, makeRequest("/welcome", { cookie, form: { displayName: "Ana Pereira", redirectTo: "/consultations" } }));
  expect(named.headers.get("Location")).toBe("/consultations");
  expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe("Ana Pereira");
});

test("a sign-in link works once: the second use is refused with a clear message", async () => {
  const { token } = await askForLink("once@example.org");
  expect((await call(verifyRoute.action, makeRequest("/login/verify", { form: { token } }))).status).toBe(302);
  const again = await call(verifyRoute.action, makeRequest("/login/verify", { form: { token } }));
  expect(again.status).toBe(400);
  expect(again.data.errors.form).toMatch(/already been used/);
  expect(await db().session.count()).toBe(1);
});

test("a sign-in link expires after 15 minutes", async () => {
  const now = new Date("2026-05-01T10:00:00Z");
  await requestSignIn({ email: "late@example.org", redirectTo: "/", ip: "198.51.100.1", now });
  const { token } = await lastSignInMail("late@example.org");
  expect(await consumeSignInLink({ token, now: new Date(now.getTime() + 15 * 60_000 + 1000) })).toEqual({
    ok: false,
    status: 400,
    message: "This sign-in link or code has expired (they last 15 minutes). Ask for a new one below.",
  });
  expect(await consumeSignInLink({ token, now: new Date(now.getTime() + 14 * 60_000) })).toMatchObject({ ok: true });
});

test("an unknown or tampered link is refused", async () => {
  const page = await call(verifyRoute.loader, makeRequest("/login/verify?token=not-a-real-token"));
  expect(page.status).toBe(400);
  expect(page.data.problem).toMatch(/not valid/);
});

test("the code signs in on the device that asked; a wrong code five times kills the request", async () => {
  const { res, code } = await askForLink("coder@example.org");
  const login = new URL(res.headers.get("Location")!, "http://x").searchParams.get("login")!;
  const wrong = code === "000000" ? "111111" : "000000";
  for (let i = 1; i <= 4; i++) {
    const r = await call(checkRoute.action, makeRequest("/login/check", { form: { login, code: wrong } }));
    expect(r.status).toBe(400);
    expect(r.data.errors.code).toMatch(/not right/);
    expect(r.data.values.code).toBe(wrong);
  }
  const fifth = await call(checkRoute.action, makeRequest("/login/check", { form: { login, code: wrong } }));
  expect(fifth.data.errors.code).toMatch(/Too many wrong codes/);
  const right = await call(checkRoute.action, makeRequest("/login/check", { form: { login, code } }));
  expect(right.status).toBe(400);
  expect(await db().session.count()).toBe(0);
});

test("the right code signs in, with spaces tolerated", async () => {
  await createUser({ email: "known@example.org", displayName: "Known" });
  const { res, code } = await askForLink("known@example.org", "/account");
  const login = new URL(res.headers.get("Location")!, "http://x").searchParams.get("login")!;
  const ok = await call(checkRoute.action, makeRequest("/login/check", { form: { login, code: `${code.slice(0, 3)} ${code.slice(3)}` } }));
  expect(ok.status).toBe(302);
  expect(ok.headers.get("Location")).toBe("/account");
});

test("a malformed email address gets a message next to the field and the input is kept", async () => {
  const res = await call(loginRoute.action, makeRequest("/login", { form: { email: "not-an-address" } }));
  expect(res.status).toBe(400);
  expect(res.data.errors.email).toMatch(/valid email address/);
  expect(res.data.values.email).toBe("not-an-address");
  expect(await db().loginToken.count()).toBe(0);
});

test("sign-in requests are rate-limited per address with a 'try again in N minutes' message", async () => {
  for (let i = 0; i < 5; i++) await askForLink("flood@example.org");
  const sixth = await call(loginRoute.action, makeRequest("/login", { form: { email: "flood@example.org" } }));
  expect(sixth.status).toBe(429);
  expect(sixth.data.errors.form).toMatch(/Try again in \d+ minutes/);
  expect(await db().loginToken.count()).toBe(5);
});

test("sign-in requests are rate-limited per IP address across many addresses", async () => {
  let refused = 0;
  for (let i = 0; i < 32; i++) {
    const r = await call(loginRoute.action, makeRequest("/login", { form: { email: `p${i}@example.org` } }));
    if (r.status === 429) refused++;
  }
  expect(refused).toBe(2);
});

test("a redirectTo pointing off-site is replaced by the home page", async () => {
  const { token } = await askForLink("redir@example.org", "//evil.example/phish");
  await createUser({ email: "someone-else@example.org" });
  const res = await call(verifyRoute.action, makeRequest("/login/verify", { form: { token } }));
  expect(res.headers.get("Location")).toBe("/welcome?redirectTo=%2F");
});

test("a forged session cookie is treated as signed out", async () => {
  const user = await createUser();
  const cookie = await sessionCookie(user.id);
  const forged = cookie.replace(/=(.)/, (_, c: string) => `=${c === "a" ? "b" : "a"}`);
  expect(await getCurrentUser(makeRequest("/", { cookie: forged }))).toBeNull();
  const res = await call(accountRoute.loader, makeRequest("/account", { cookie: forged }));
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
});

test("signing out ends the session on the server, so the old cookie stops working", async () => {
  const user = await createUser();
  const cookie = await sessionCookie(user.id);
  const res = await call(logoutRoute.action, makeRequest("/logout", { method: "POST", cookie }));
  expect(res.status).toBe(302);
  expect(await getCurrentUser(makeRequest("/", { cookie }))).toBeNull();
});

test("after signing out, the old cookie is sent to sign-in with the site's own note saying the session ended", async () => {
  const user = await createUser();
  const cookie = await sessionCookie(user.id);
  await call(logoutRoute.action, makeRequest("/logout", { method: "POST", cookie }));
  const res = await call(accountRoute.loader, makeRequest("/account", { cookie }));
  expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount&reason=session-ended");
  const page = await call(loginRoute.loader, makeRequest("/login?redirectTo=%2Faccount&reason=session-ended"));
  expect(page.data.reason).toMatch(/^Your session has ended/);
});

test("the sign-in page never prints text from its address: an unknown reason shows no note", async () => {
  for (const reason of ["Security alert: call +1-555-0100 now", "session-ended ", "toString", "__proto__"]) {
    const page = await call(loginRoute.loader, makeRequest(`/login?reason=${encodeURIComponent(reason)}`));
    expect(page.data.reason).toBeNull();
  }
});

test("a user sees their sessions and can end the others, but never another user's", async () => {
  const user = await createUser();
  const here = await sessionCookie(user.id);
  const elsewhere = await sessionCookie(user.id);
  const stranger = await createUser();
  const strangerCookie = await sessionCookie(stranger.id);
  const strangerSession = (await getCurrentUser(makeRequest("/", { cookie: strangerCookie })))!.sessionId;

  const page = await call(accountRoute.loader, makeRequest("/account", { cookie: here }));
  expect(page.data.sessions).toHaveLength(2);
  expect(page.data.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

  await call(accountRoute.action, makeRequest("/account", { cookie: here, form: { intent: "end-session", sessionId: strangerSession } }));
  expect(await getCurrentUser(makeRequest("/", { cookie: strangerCookie }))).not.toBeNull();

  await call(accountRoute.action, makeRequest("/account", { cookie: here, form: { intent: "end-other-sessions" } }));
  expect(await getCurrentUser(makeRequest("/", { cookie: elsewhere }))).toBeNull();
  expect(await getCurrentUser(makeRequest("/", { cookie: here }))).not.toBeNull();
});
