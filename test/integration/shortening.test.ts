import { db } from "~/services/db.server";
import * as manageRoute from "~/routes/consultations.$slug.manage";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as feedRoute from "~/routes/consultations.$slug.feed[.]xml";
import * as calendarRoute from "~/routes/consultations.$slug.calendar[.]ics";
import * as apiRoute from "~/routes/api.v1.consultations.$slug";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { shortenClosing, withdrawConsultation } from "~/features/consultations/consultation.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createUser, makeRequest, sessionCookie } from "../factories";

const HOUR = 3_600_000;
/** A `datetime-local` value, as the form sends it (read as UTC). */
const field = (d: Date) => d.toISOString().slice(0, 16);
const minute = (d: Date) => new Date(field(d) + ":00Z");

async function staffCookie(roles: ("ifm" | "admin" | "dug_member")[] = ["ifm"]) {
  const user = await createUser({ roles, displayName: "Hanna IFM" });
  return { user, cookie: await sessionCookie(user.id) };
}

const shorten = (slug: string, cookie: string, form: Record<string, string>) =>
  call(manageRoute.action, makeRequest(`/consultations/${slug}/manage`, { cookie, form: { intent: "shorten", ...form } }), { slug });

async function closingOf(id: string) {
  return (await db().consultation.findUniqueOrThrow({ where: { id }, select: { closesAt: true } })).closesAt!;
}

test("only IFM staff may shorten a period: a reader and a DUG member are refused and nothing changes", async () => {
  const { consultation } = await createConsultation();
  for (const roles of [[], ["dug_member"]] as const) {
    const { cookie } = await staffCookie([...roles]);
    const res = await shorten(consultation.slug, cookie, { closesAt: field(new Date(Date.now() + 3 * DAY)), reason: "I would like it sooner." });
    expect(res.status).toBe(403);
  }
  expect(await closingOf(consultation.id)).toEqual(consultation.closesAt);
  expect(await db().closingExtension.count({ where: { consultationId: consultation.id } })).toBe(0);
});

test("a closing in the past is refused next to the field, and what was typed is kept", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await staffCookie();
  const typed = { closesAt: field(new Date(Date.now() - 2 * HOUR)), reason: "The period was opened with the wrong year." };
  const res = await shorten(consultation.slug, cookie, typed);
  expect(res.status).toBe(400);
  expect(res.data.intent).toBe("shorten");
  expect(res.data.errors.closesAt).toMatch(
    /^The new closing cannot be in the past\. Followers must hear of the change at least 24 hours ahead: close on or after \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
  );
  expect(res.data.values).toMatchObject(typed);
  expect(await closingOf(consultation.id)).toEqual(consultation.closesAt);
});

test("a closing less than 24 hours ahead is refused, naming the earliest time allowed (compared on the server, in UTC)", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await staffCookie();
  const now = new Date("2026-06-01T12:00:00Z");
  const { user } = await staffCookie();
  const opened = await createConsultation({ opensAt: new Date("2026-05-20T00:00:00Z"), closesAt: new Date("2026-07-01T00:00:00Z") });
  const soon = await shortenClosing({
    actor: user,
    consultationId: opened.consultation.id,
    closesAt: new Date("2026-06-02T11:59:00Z"),
    reason: "Too soon for anyone.",
    now,
  });
  expect(soon).toEqual({
    ok: false,
    status: 400,
    field: "closesAt",
    message: "Followers must hear of the change at least 24 hours ahead: close on or after 2026-06-02 12:00 UTC.",
  });
  expect(
    await shortenClosing({
      actor: user,
      consultationId: opened.consultation.id,
      closesAt: new Date("2026-06-02T12:00:00Z"),
      reason: "Exactly a day ahead.",
      now,
    }),
  ).toEqual({ ok: true });

  // Through the page: a time 23 hours ahead is refused.
  const res = await shorten(consultation.slug, cookie, { closesAt: field(new Date(Date.now() + 23 * HOUR)), reason: "Only a day left, sorry." });
  expect(res.status).toBe(400);
  expect(res.data.errors.closesAt).toMatch(/at least 24 hours ahead/);
});

test("a reason is required, and a later closing is an extension, not a shortening", async () => {
  const { consultation } = await createConsultation();
  const { cookie } = await staffCookie();
  const noReason = await shorten(consultation.slug, cookie, { closesAt: field(new Date(Date.now() + 5 * DAY)), reason: "  " });
  expect(noReason.status).toBe(400);
  expect(noReason.data.errors.reason).toBe("The reason needs at least 10 characters.");
  expect(noReason.data.values.closesAt).toBe(field(new Date(Date.now() + 5 * DAY)));
  const later = await shorten(consultation.slug, cookie, { closesAt: field(new Date(consultation.closesAt!.getTime() + DAY)), reason: "This moves it later." });
  expect(later.status).toBe(400);
  expect(later.data.errors.closesAt).toMatch(/must be before the current one .*To move it later, extend the period\./);
  expect(await closingOf(consultation.id)).toEqual(consultation.closesAt);
});

test("a closed, withdrawn or concluded period cannot be shortened", async () => {
  const { user } = await staffCookie();
  const closed = await createConsultation({ opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - DAY) });
  const withdrawn = await createConsultation();
  await withdrawConsultation({ actor: user, consultationId: withdrawn.consultation.id, reason: "Superseded by a new plan." });
  const concluded = await createConsultation({ opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - 5 * DAY), concludedAt: new Date() });
  const attempt = (id: string) => shortenClosing({ actor: user, consultationId: id, closesAt: new Date(Date.now() + 2 * DAY), reason: "Close it sooner." });
  expect(await attempt(closed.consultation.id)).toEqual({
    ok: false,
    status: 409,
    message: "The comment period has already closed: there is nothing to shorten.",
  });
  expect(await attempt(withdrawn.consultation.id)).toMatchObject({ ok: false, status: 409 });
  expect(await attempt(concluded.consultation.id)).toMatchObject({ ok: false, status: 409 });
});

test("an upcoming period keeps at least 24 hours after its opening", async () => {
  const { user } = await staffCookie();
  const now = new Date("2026-06-01T12:00:00Z");
  const { consultation } = await createConsultation({
    publishedAt: new Date("2026-05-30T00:00:00Z"),
    opensAt: new Date("2026-06-10T00:00:00Z"),
    closesAt: new Date("2026-07-30T00:00:00Z"),
  });
  const tooShort = await shortenClosing({
    actor: user,
    consultationId: consultation.id,
    closesAt: new Date("2026-06-10T20:00:00Z"),
    reason: "Wrong month.",
    now,
  });
  expect(tooShort).toMatchObject({
    ok: false,
    field: "closesAt",
    message: "The period must still last at least 24 hours after its opening: close on or after 2026-06-11 00:00 UTC.",
  });
  expect(
    await shortenClosing({ actor: user, consultationId: consultation.id, closesAt: new Date("2026-06-30T00:00:00Z"), reason: "Wrong month.", now }),
  ).toEqual({ ok: true });
});

test("shortening writes the public history entry, the audit event, and mails the followers with the reason", async () => {
  const { consultation } = await createConsultation();
  const { user, cookie } = await staffCookie();
  const follower = await db().follower.create({
    data: {
      email: "reader@example.net",
      confirmedAt: new Date(Date.now() - DAY),
      subscriptions: { create: [{ scope: "consultation", consultationId: consultation.id }] },
    },
  });
  const newClose = minute(new Date(Date.now() + 3 * DAY));
  const reason = "The period was opened with the wrong closing year.";

  const res = await shorten(consultation.slug, cookie, { closesAt: field(newClose), reason });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe(`/consultations/${consultation.slug}`);
  expect(await closingOf(consultation.id)).toEqual(newClose);
  // A second submit of the same form is the same change.
  expect((await shorten(consultation.slug, cookie, { closesAt: field(newClose), reason })).status).toBe(302);
  expect(await db().closingExtension.count({ where: { consultationId: consultation.id } })).toBe(1);

  const audit = await db().auditEvent.findMany({ where: { consultationId: consultation.id, action: "consultation.shorten" } });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actorId: user.id, isPublic: true });
  expect(JSON.parse(audit[0].dataJson)).toEqual({ previousClosesAt: consultation.closesAt!.toISOString(), newClosesAt: newClose.toISOString(), reason });

  const page = await call(pageRoute.loader, makeRequest(`/consultations/${consultation.slug}`), { slug: consultation.slug });
  expect(page.data.history.at(-1).text).toBe(
    `Comment period shortened: the closing moved from ${fmt(consultation.closesAt!)} to ${fmt(newClose)}. Reason: ${reason}`,
  );

  await processNotificationEvents({ now: new Date(Date.now() + 1000) });
  const mails = await db().outboxMessage.findMany({ where: { toAddress: follower.email } });
  expect(mails).toHaveLength(1);
  expect(mails[0].textBody).toContain(`was shortened: it now closes on ${fmt(newClose)} instead of ${fmt(consultation.closesAt!)}.`);
  expect(mails[0].textBody).toContain(reason);
  expect(mails[0].textBody).toContain(`You will get a reminder on ${fmt(new Date(newClose.getTime() - DAY))}, 24 hours before the closing.`);
  expect(await db().outboxMessage.count({ where: { toAddress: user.email } })).toBe(0);
});

test("feeds, the calendar and the API call a shortening a shortening", async () => {
  const { consultation } = await createConsultation();
  const { user } = await staffCookie();
  const newClose = minute(new Date(Date.now() + 4 * DAY));
  expect(await shortenClosing({ actor: user, consultationId: consultation.id, closesAt: newClose, reason: "Opened with the wrong date." })).toEqual({
    ok: true,
  });
  const params = { slug: consultation.slug };
  const feed = await call(feedRoute.loader, makeRequest(`/consultations/${consultation.slug}/feed.xml`), params);
  expect(feed.data).toContain(`closing brought forward to ${fmt(newClose)}`);
  expect(feed.data).toContain('term="shortening"');
  const ics = await call(calendarRoute.loader, makeRequest(`/consultations/${consultation.slug}/calendar.ics`), params);
  expect(String(ics.data).replace(/\r\n /g, "")).toContain("Closing brought forward on");
  const api = await call(apiRoute.loader, makeRequest(`/api/v1/consultations/${consultation.slug}`), params);
  expect(api.data.extensions).toMatchObject([{ kind: "shortened", newClosesAt: newClose.toISOString(), reason: "Opened with the wrong date." }]);
});

const fmt = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
