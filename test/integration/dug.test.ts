import { reviseConsultation } from "~/features/consultations/consultation.server";
import { buildAgreementRecord } from "~/features/dug/record";
import { sha256 } from "~/services/crypto.server";
import type { Position } from "~/features/dug/rule";
import { seatSchema } from "~/features/dug/validation";
import { certifyReview, openReview, postAdvice, recordPosition } from "~/features/dug/review.server";
import { getDugDashboard, getDugPage } from "~/features/dug/dug-page.server";
import { runDugJobs } from "~/features/dug/review-jobs.server";
import { endTerm, getRoster, seatMember, setChair } from "~/features/dug/roster.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import * as adminDugRoute from "~/routes/admin.dug";
import * as settingsRoute from "~/routes/admin.settings";
import { getRuleSettings } from "~/features/dug/review.server";
import * as dugRoute from "~/routes/consultations.$slug.dug/route";
import { db } from "~/services/db.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { runScheduler } from "~/background/scheduler.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createOrganisation, createUser, makeRequest, sessionCookie, setSetting } from "../factories";
import { TestSmtp, useSmtpUrl } from "../smtp";
import { storedEvents } from "../stored-events";

const HOUR = 3_600_000;
// The real clock: route actions use it, and the outbox delivers mail due "now".
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (ms: number) => new Date(T0.getTime() + ms);

type Person = { id: string; email: string; displayName: string | null; roles: string[] };

/**
 * An admin seats `voting` members (the first is made chair) and `liaisons` through the model,
 * as /admin/dug does; an IFM staff member and an open consultation (period [T0-10d, T0+20d)).
 */
async function setup({ voting = 5, liaisons = 1, slug = "ksk-rollover", number = 7 } = {}) {
  const admin = await createUser({ displayName: "Ada Admin", roles: ["admin"] });
  const ifm = await createUser({ displayName: "Ivy IFM", roles: ["ifm"] });
  const members: Person[] = [];
  for (let i = 0; i < voting; i++) {
    const u = await createUser({ displayName: `Member ${i + 1}`, email: `member${i + 1}.${slug}@registry.example` });
    const org = await createOrganisation({ name: `Registry ${i + 1} ${slug}`, kind: i % 2 ? "gtld" : "cctld" });
    const seated = await seatMember({
      actor: admin,
      input: { email: u.email, seat: "voting", organisationId: org.id, termStart: at(-30 * DAY), termEnd: at(300 * DAY) },
      now: at(-30 * DAY),
    });
    if (!seated.ok) throw new Error(seated.message);
    if (i === 0) {
      const chair = await setChair({ actor: admin, seatId: seated.seatId, now: at(-30 * DAY) });
      if (!chair.ok) throw new Error(chair.message);
    }
    members.push(u);
  }
  const liaisonUsers: Person[] = [];
  for (let i = 0; i < liaisons; i++) {
    const u = await createUser({ displayName: `Liaison ${i + 1}`, email: `liaison${i + 1}.${slug}@ietf.example` });
    const seated = await seatMember({
      actor: admin,
      input: { email: u.email, seat: "liaison", liaisonFrom: "IETF", termStart: at(-30 * DAY) },
      now: at(-30 * DAY),
    });
    if (!seated.ok) throw new Error(seated.message);
    liaisonUsers.push(u);
  }
  const { consultation, version } = await createConsultation({ number, slug, opensAt: at(-10 * DAY), closesAt: at(20 * DAY), createdById: ifm.id });
  return { admin, ifm, members, chair: members[0], liaisons: liaisonUsers, consultation, version };
}

async function openOk(ctx: { ifm: Person; consultation: { id: string } }, now = T0, deadline = at(7 * DAY)) {
  const r = await openReview({ actor: ctx.ifm, consultationId: ctx.consultation.id, deadline, now });
  if (!r.ok) throw new Error(r.message);
  return r;
}

async function position(actor: Person, reviewId: string, p: Position, rationale = "", conditions = "", now = at(HOUR)) {
  return recordPosition({ actor, reviewId, input: { position: p, rationale, conditions }, now });
}

async function positionOk(actor: Person, reviewId: string, p: Position, rationale = "Reasons.", conditions = "", now = at(HOUR)) {
  const r = await position(actor, reviewId, p, rationale, conditions, now);
  if (!r.ok) throw new Error(r.message);
  return r;
}

async function counts() {
  return {
    reviews: await db().dugReview.count(),
    positions: await db().dugPosition.count(),
    advice: await db().dugAdvice.count(),
    audit: await db().auditEvent.count({ where: { OR: ["dug.review", "dug.position", "dug.advice"].map((p) => ({ action: { startsWith: p } })) } }),
    events: await db().notificationEvent.count(),
  };
}

// ------------------------------------------------------------------------------ the roster

describe("the roster", () => {
  test("seating grants the role, a ninth voting member and a fourth liaison are refused with nothing written", async () => {
    const { admin, members } = await setup({ voting: 8, liaisons: 3 });
    const roles = await db().userRole.findMany({ where: { userId: members[1].id } });
    expect(roles.map((r) => r.role)).toEqual(["dug_member"]);
    expect((await db().userRole.findMany({ where: { userId: members[0].id }, orderBy: { role: "asc" } })).map((r) => r.role)).toEqual([
      "dug_chair",
      "dug_member",
    ]);

    const ninth = await createUser({ displayName: "Nina Ninth", email: "nina@registry.example" });
    const org = await createOrganisation();
    const seatsBefore = await db().dugSeat.count();
    expect(await seatMember({ actor: admin, input: { email: ninth.email, seat: "voting", organisationId: org.id, termStart: T0 } })).toEqual({
      ok: false,
      status: 409,
      message: "The DUG already has 8 voting members, the most it may have: end a term before seating another member.",
      field: undefined,
    });
    expect(await seatMember({ actor: admin, input: { email: ninth.email, seat: "liaison", liaisonFrom: "RSSAC", termStart: T0 } })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("3 liaisons"),
    });
    expect(await db().dugSeat.count()).toBe(seatsBefore);
    expect(await db().userRole.count({ where: { userId: ninth.id } })).toBe(0);

    // The same person cannot hold two seats.
    expect(await seatMember({ actor: admin, input: { email: members[1].email, seat: "liaison", liaisonFrom: "X", termStart: T0 } })).toMatchObject({
      ok: false,
      field: "email",
    });
  });

  test("the seat form refuses a voting member without a registry, a liaison without an origin and a term that ends before it starts", () => {
    const seat = { email: " Nina@Registry.example ", seat: "voting", organisationId: "org-1", termStart: "2027-01-01", termEnd: "" };
    expect(seatSchema.parse(seat)).toMatchObject({ email: "nina@registry.example", organisationId: "org-1", termEnd: undefined });
    const issues = (input: Record<string, string>) => seatSchema.safeParse(input).error?.issues.map((i) => [i.path[0], i.message]);
    expect(issues({ ...seat, organisationId: "" })).toEqual([["organisationId", "A voting member comes from a TLD registry operator: choose it."]]);
    expect(issues({ ...seat, seat: "liaison", organisationId: "", liaisonFrom: "  " })).toEqual([
      ["liaisonFrom", "Say whom the liaison comes from (e.g. the IETF)."],
    ]);
    expect(issues({ ...seat, termEnd: "2027-01-01" })).toEqual([["termEnd", "The term must end after it starts."]]);
    expect(issues({ ...seat, termEnd: "2026-12-31" })).toEqual([["termEnd", "The term must end after it starts."]]);
  });

  test("ending a term revokes the role, frees the seat and keeps the member on the public record with dates; the chair moves", async () => {
    const { admin, members } = await setup({ voting: 3, liaisons: 0 });
    const seat = await db().dugSeat.findFirstOrThrow({ where: { userId: members[1].id } });
    expect(await endTerm({ actor: admin, seatId: seat.id, now: T0 })).toEqual({ ok: true });
    expect(await endTerm({ actor: admin, seatId: seat.id, now: at(1000) })).toMatchObject({ ok: false, status: 409 });
    expect(await db().userRole.count({ where: { userId: members[1].id } })).toBe(0);
    const roster = await getRoster(at(1000));
    expect(roster.voting.map((s) => s.user.displayName)).toEqual(["Member 1", "Member 3"]);
    expect(roster.past).toMatchObject([{ user: { displayName: "Member 2" }, endedAt: T0 }]);

    const third = await db().dugSeat.findFirstOrThrow({ where: { userId: members[2].id } });
    expect(await setChair({ actor: admin, seatId: third.id, now: at(1000) })).toEqual({ ok: true });
    expect(await db().userRole.count({ where: { userId: members[0].id, role: "dug_chair" } })).toBe(0);
    expect(await db().userRole.count({ where: { userId: members[2].id, role: "dug_chair" } })).toBe(1);
    expect(await setChair({ actor: admin, seatId: seat.id, now: at(1000) })).toMatchObject({ ok: false, status: 409 });
  });

  test("the admin page refuses a ninth member with a 409 and the typed values, and non-admins get 403", async () => {
    const { admin, members } = await setup({ voting: 8, liaisons: 0 });
    const org = await createOrganisation();
    const extra = await createUser({ email: "extra@registry.example" });
    const cookie = await sessionCookie(admin.id);
    const form = { intent: "seat", email: extra.email, seat: "voting", organisationId: org.id, termStart: "2026-01-01", termEnd: "" };
    const res = await call(adminDugRoute.action, makeRequest("/admin/dug", { cookie, form }));
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toContain("already has 8 voting members");
    expect(res.data.values.email).toBe(extra.email);
    const forged = await call(adminDugRoute.action, makeRequest("/admin/dug", { cookie, form: { intent: "drop-table" } }));
    expect(forged.status).toBe(400);
    const member = await call(adminDugRoute.action, makeRequest("/admin/dug", { cookie: await sessionCookie(members[0].id), form }));
    expect(member.status).toBe(403);
  });
});

// ------------------------------------------------------------------------------ opening a review

describe("opening a review", () => {
  test("the IFM opens round 1 of the current plan version; members and liaisons are notified, not the IFM", async () => {
    const ctx = await setup();
    const r = await openOk(ctx);
    expect(r).toMatchObject({ ok: true, round: 1, superseded: null });
    const review = await db().dugReview.findUniqueOrThrow({ where: { id: r.reviewId } });
    expect(review).toMatchObject({ planVersionId: ctx.version.id, round: 1, outcome: null, openedById: ctx.ifm.id });
    expect(await db().auditEvent.count({ where: { action: "dug.review.open", isPublic: true } })).toBe(1);
    expect(await db().notificationEvent.findMany({ select: { type: true } })).toEqual([{ type: "dug.review-opened" }]);
    // A second round on the same version while the first is open is refused.
    expect(await openReview({ actor: ctx.ifm, consultationId: ctx.consultation.id, deadline: at(8 * DAY), now: T0 })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("already open"),
    });
  });

  test("a consultation that does not need DUG agreement, a draft, a withdrawn or concluded one, or a deadline too soon: refused, nothing written", async () => {
    const ctx = await setup();
    await db().consultation.update({ where: { id: ctx.consultation.id }, data: { dugRequired: false } });
    expect(await openReview({ actor: ctx.ifm, consultationId: ctx.consultation.id, deadline: at(7 * DAY), now: T0 })).toMatchObject({
      ok: false,
      status: 409,
      message: "This consultation does not need DUG agreement, so no DUG review can be opened.",
    });
    const draft = await createConsultation({ number: 8, publishedAt: null, opensAt: null, closesAt: null });
    const withdrawn = await createConsultation({ number: 9, withdrawnAt: at(-DAY) });
    const concluded = await createConsultation({ number: 10, concludedAt: at(-DAY) });
    for (const c of [draft, withdrawn, concluded]) {
      expect(await openReview({ actor: ctx.ifm, consultationId: c.consultation.id, deadline: at(7 * DAY), now: T0 })).toMatchObject({ ok: false, status: 409 });
    }
    const open = await createConsultation({ number: 11 });
    expect(await openReview({ actor: ctx.ifm, consultationId: open.consultation.id, deadline: at(2 * HOUR), now: T0 })).toMatchObject({
      ok: false,
      status: 400,
      field: "deadline",
    });
    expect(await counts()).toMatchObject({ reviews: 0, audit: 0, events: 0 });
  });

  test("through the page: only IFM staff may open a review (403 with a message), a forged form is a 400, never a 500", async () => {
    const ctx = await setup();
    const params = { slug: ctx.consultation.slug };
    const memberCookie = await sessionCookie(ctx.members[1].id);
    const asMember = await call(
      dugRoute.action,
      makeRequest(`/consultations/${params.slug}/dug`, { cookie: memberCookie, form: { intent: "open-review", deadline: "2099-01-01T12:00" } }),
      params,
    );
    expect(asMember.status).toBe(403);
    expect(asMember.data.errors.form).toBe("Only IFM staff can open a DUG review.");
    const forged = await call(
      dugRoute.action,
      makeRequest(`/consultations/${params.slug}/dug`, { cookie: memberCookie, form: { intent: "delete-everything" } }),
      params,
    );
    expect(forged.status).toBe(400);
    const ifmCookie = await sessionCookie(ctx.ifm.id);
    const badDate = await call(
      dugRoute.action,
      makeRequest(`/consultations/${params.slug}/dug`, { cookie: ifmCookie, form: { intent: "open-review", deadline: "next week" } }),
      params,
    );
    expect(badDate.status).toBe(400);
    expect(badDate.data.errors.deadline).toContain("as a date and time");
    expect(badDate.data.values.deadline).toBe("next week");
    const deadline = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 16);
    const ok = await call(
      dugRoute.action,
      makeRequest(`/consultations/${params.slug}/dug`, { cookie: ifmCookie, form: { intent: "open-review", deadline } }),
      params,
    );
    expect(ok.status).toBe(302);
    expect(await db().dugReview.count()).toBe(1);
    expect(
      (await call(dugRoute.action, makeRequest(`/consultations/nope/dug`, { cookie: ifmCookie, form: { intent: "open-review", deadline } }), { slug: "nope" }))
        .status,
    ).toBe(404);
  });
});

// ------------------------------------------------------------------------------ positions

describe("positions", () => {
  test("only seated voting members record positions: a liaison, an outsider, a former member and a bare dug_member role are refused", async () => {
    const ctx = await setup();
    const { reviewId } = await openOk(ctx);
    const outsider = await createUser({ displayName: "Olly Outsider" });
    const roleOnly = await createUser({ displayName: "Rolf Roleonly", roles: ["dug_member"] });
    const former = ctx.members[4];
    await endTerm({ actor: ctx.admin, seatId: (await db().dugSeat.findFirstOrThrow({ where: { userId: former.id } })).id, now: at(1000) });
    expect(await position(ctx.liaisons[0], reviewId, "agree")).toMatchObject({
      ok: false,
      status: 403,
      message: "Liaisons do not vote: post your advice instead.",
    });
    for (const who of [outsider, roleOnly, former]) {
      expect(await position(who, reviewId, "agree")).toMatchObject({
        ok: false,
        status: 403,
        message: "Only seated DUG voting members can record a position.",
      });
    }
    expect(await postAdvice({ actor: ctx.members[1], reviewId, bodyMd: "Advice", now: at(HOUR) })).toMatchObject({ ok: false, status: 403 });
    expect(await counts()).toMatchObject({ positions: 0, advice: 0 });
  });

  test("an objection without a rationale, conditions without conditions or an unknown position are refused by the form, the text kept, nothing written", async () => {
    const ctx = await setup();
    const { reviewId } = await openOk(ctx);
    const cookie = await sessionCookie(ctx.members[1].id);
    const submit = (fields: Record<string, string>) =>
      call(dugRoute.action, makeRequest(`/consultations/${ctx.consultation.slug}/dug`, { cookie, form: { intent: "position", reviewId, ...fields } }), {
        slug: ctx.consultation.slug,
      });
    const cases: [Record<string, string>, string, string][] = [
      [{ position: "object", rationale: "   ", conditions: "typed" }, "rationale", "An objection blocks agreement: explain it in the rationale."],
      [{ position: "agree_with_conditions", rationale: "Fine", conditions: " " }, "conditions", "List the conditions of your agreement."],
      [{ position: "maybe", rationale: "Why not" }, "position", "Choose a position."],
    ];
    for (const [fields, field, message] of cases) {
      const res = await submit(fields);
      expect(res.status, field).toBe(400);
      expect(res.data.errors[field]).toBe(message);
      expect(res.data.values).toMatchObject(fields);
    }
    expect((await counts()).positions).toBe(0);
  });

  test("a member changes their position: every change is kept, a repeated submit records nothing, the page shows the history", async () => {
    const ctx = await setup();
    const { reviewId } = await openOk(ctx);
    const m = ctx.members[1];
    await positionOk(m, reviewId, "object", "The rollback section is missing.", "", at(HOUR));
    expect(await position(m, reviewId, "object", "The rollback section is missing.", "", at(2 * HOUR))).toEqual({ ok: true, changed: false, ruleMet: false });
    await positionOk(m, reviewId, "agree_with_conditions", "Rollback explained by the IFM.", "Publish the rollback runbook.", at(3 * HOUR));
    expect(await db().dugPosition.count({ where: { userId: m.id } })).toBe(2);
    const page = await getDugPage({ slug: ctx.consultation.slug, viewer: { isStaff: false }, now: at(4 * HOUR) });
    const standing = page!.rounds[0].positions.find((p) => p.userId === m.id)!;
    expect(standing).toMatchObject({ position: "agree_with_conditions", conditions: "Publish the rollback runbook.", organisation: "Registry 2 ksk-rollover" });
    expect(standing.earlier).toMatchObject([{ position: "object", rationale: "The rollback section is missing." }]);
    expect(page!.history.map((h) => h.text)).toContain("Member 2 changed their position from object to agree with conditions (round 1).");
  });

  test("the chair is mailed when the rule becomes met (once per change into 'met'); an objection blocks it, its withdrawal meets it again", async () => {
    const ctx = await setup();
    const { reviewId } = await openOk(ctx);
    const ruleMet = () => db().notificationEvent.count({ where: { type: "dug.rule-met" } });
    await positionOk(ctx.members[1], reviewId, "agree");
    await positionOk(ctx.members[2], reviewId, "agree");
    expect(await ruleMet()).toBe(0);
    expect(await positionOk(ctx.members[3], reviewId, "agree")).toMatchObject({ ruleMet: true });
    expect(await ruleMet()).toBe(1);
    await positionOk(ctx.members[4], reviewId, "object", "Blocking for now.");
    const page = await getDugPage({ slug: ctx.consultation.slug, viewer: { isStaff: false }, now: at(2 * HOUR) });
    expect(page!.rounds[0].rule).toMatchObject({ agreed: false, needs: ["blocked by 1 objection"] });
    await positionOk(ctx.members[4], reviewId, "abstain", "Withdrawn.", "", at(3 * HOUR));
    expect(await ruleMet()).toBe(2);
  });
});

// ------------------------------------------------------------------------------ certification

describe("certification and the record", () => {
  test("only the chair certifies, and not before the rule is met; the record names the plan version, its hash, the positions and conditions", async () => {
    const ctx = await setup();
    const { reviewId } = await openOk(ctx);
    await positionOk(ctx.members[1], reviewId, "agree", "Good plan.", "", at(HOUR));
    await positionOk(ctx.members[2], reviewId, "object", "Not yet.", "", at(2 * HOUR));
    expect(await certifyReview({ actor: ctx.members[1], reviewId, outcome: "agreed", now: at(3 * HOUR) })).toMatchObject({
      ok: false,
      status: 403,
      message: "Only the DUG chair can certify a review's outcome.",
    });
    expect(await certifyReview({ actor: ctx.chair, reviewId, outcome: "agreed", now: at(3 * HOUR) })).toMatchObject({
      ok: false,
      status: 409,
      message:
        "The rule is not met yet, so the agreement cannot be certified: needs 1 more position; blocked by 1 objection; needs 2 more members in agreement.",
    });
    expect(await certifyReview({ actor: ctx.chair, reviewId, outcome: "not_agreed", now: at(3 * HOUR) })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("once quorum is reached"),
    });
    expect(await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } })).toMatchObject({ outcome: null, recordJson: null });

    await positionOk(ctx.members[2], reviewId, "agree_with_conditions", "Objection withdrawn.", "Publish the rollback runbook.", at(4 * HOUR));
    await positionOk(ctx.chair, reviewId, "agree", "As chair and member.", "", at(5 * HOUR));
    await positionOk(ctx.members[3], reviewId, "recuse", "Conflict of interest.", "", at(6 * HOUR));
    const certified = await certifyReview({ actor: ctx.chair, reviewId, outcome: "agreed", now: at(7 * HOUR) });
    expect(certified).toMatchObject({ ok: true });
    const review = await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } });
    expect(review).toMatchObject({ outcome: "agreed", decidedAt: at(7 * HOUR), certifiedById: ctx.chair.id });
    expect(sha256(review.recordJson!)).toBe(review.recordHash);
    const record = JSON.parse(review.recordJson!);
    expect(record).toMatchObject({
      statement: `Agreed by the DUG on behalf of the TLD registry operators on ${at(7 * HOUR)
        .toISOString()
        .slice(0, 10)}.`,
      outcome: "agreed",
      round: 1,
      planVersion: 1,
      planHash: ctx.version.contentHash,
      conditions: ["Publish the rollback runbook."],
      certifiedBy: "Member 1",
      tally: { seated: 5, recorded: 4, agreeing: 3, objections: 0, recused: 1 },
    });
    expect(record.positions.map((p: { member: string; position: string }) => `${p.member}: ${p.position}`)).toEqual([
      "Member 2: agree",
      "Member 3: agree_with_conditions",
      "Member 1: agree",
      "Member 4: recuse",
    ]);
    // The same builder as the demo data: the same input gives the same text and hash.
    expect(buildAgreementRecord({ ...reconstruct(record), decidedAt: at(7 * HOUR) }).recordHash).toBe(review.recordHash);

    // Followers and commenters hear about it (the dug.recorded event, with the record's path).
    const [event] = await storedEvents("dug.recorded");
    expect(event.payload).toMatchObject({ outcome: "agreed", round: 1, planVersion: 1, path: "/consultations/ksk-rollover/dug" });
    expect(await db().auditEvent.count({ where: { action: "dug.review.certify", isPublic: true } })).toBe(1);
  });

  test("a certified record cannot change: certifying again, positions and advice afterwards are refused and the record is untouched", async () => {
    const ctx = await setup({ voting: 3 });
    const { reviewId } = await openOk(ctx);
    await positionOk(ctx.members[1], reviewId, "agree");
    await positionOk(ctx.members[2], reviewId, "agree");
    expect(await certifyReview({ actor: ctx.chair, reviewId, outcome: "agreed", now: at(2 * HOUR) })).toMatchObject({ ok: true });
    const before = await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } });
    const snapshot = await counts();

    expect(await certifyReview({ actor: ctx.chair, reviewId, outcome: "not_agreed", now: at(3 * HOUR) })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("its record cannot change"),
    });
    expect(await position(ctx.members[1], reviewId, "object", "Changed my mind.", "", at(3 * HOUR))).toMatchObject({ ok: false, status: 409 });
    expect(await postAdvice({ actor: ctx.liaisons[0], reviewId, bodyMd: "Late advice.", now: at(3 * HOUR) })).toMatchObject({ ok: false, status: 409 });
    expect(await runDugJobs({ now: at(30 * DAY) })).toEqual({ reminders: 0, lapsed: 0 });
    expect(await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } })).toEqual(before);
    expect(await counts()).toEqual(snapshot);

    // Through the page: a position after certification is a 409 with the message.
    const cookie = await sessionCookie(ctx.members[1].id);
    const res = await call(
      dugRoute.action,
      makeRequest(`/consultations/${ctx.consultation.slug}/dug`, { cookie, form: { intent: "position", reviewId, position: "agree", rationale: "" } }),
      { slug: ctx.consultation.slug },
    );
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toContain("its record cannot change");
  });

  test("the chair certifies 'not agreed' once quorum is reached without agreement; the IFM can open a new round on the same version", async () => {
    const ctx = await setup({ voting: 3 });
    const { reviewId } = await openOk(ctx);
    await positionOk(ctx.members[1], reviewId, "object", "Unsafe.");
    await positionOk(ctx.members[2], reviewId, "abstain");
    expect(await certifyReview({ actor: ctx.chair, reviewId, outcome: "not_agreed", now: at(2 * HOUR) })).toMatchObject({ ok: true });
    const record = JSON.parse((await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } })).recordJson!);
    expect(record).toMatchObject({ outcome: "not_agreed", tally: { objections: 1 } });
    expect(record.statement).toMatch(/^Not agreed/);
    expect(await openOk(ctx, at(3 * HOUR), at(10 * DAY))).toMatchObject({ round: 2, superseded: null });
  });

  test("a review id of another consultation in the form is not found (a forged form)", async () => {
    const ctx = await setup({ voting: 3 });
    const { reviewId } = await openOk(ctx);
    const other = await createConsultation({ number: 12, slug: "other" });
    const cookie = await sessionCookie(ctx.members[1].id);
    const res = await call(dugRoute.action, makeRequest("/consultations/other/dug", { cookie, form: { intent: "position", reviewId, position: "agree" } }), {
      slug: other.consultation.slug,
    });
    expect(res.status).toBe(404);
    expect(await db().dugPosition.count()).toBe(0);
  });
});

/** The builder's input, read back from a stored record. */
function reconstruct(record: any) {
  return {
    consultation: record.consultation,
    round: record.round,
    outcome: record.outcome,
    plan: { number: record.planVersion, contentHash: record.planHash },
    positions: record.positions.map((p: any) => ({ ...p, recordedAt: new Date(p.recordedAt) })),
    rule: record.tally,
    certifiedBy: record.certifiedBy,
    note: record.note,
  };
}

// ------------------------------------------------------------------------------ rounds after a revision

describe("rounds after a revision", () => {
  test("a new plan version leaves the open round on the old one (shown outdated, not certifiable as agreed); a new round supersedes it on the record", async () => {
    const ctx = await setup({ voting: 3 });
    const first = await openOk(ctx);
    await positionOk(ctx.members[1], first.reviewId, "agree");
    await positionOk(ctx.members[2], first.reviewId, "agree");
    const revised = await reviseConsultation({
      actor: ctx.ifm,
      consultationId: ctx.consultation.id,
      bodyMd: "## Overview\n\nRevised.",
      changeSummary: "Clearer rollback.",
      timeline: [],
      now: at(2 * HOUR),
    });
    expect(revised).toMatchObject({ ok: true, version: 2 });

    let page = await getDugPage({ slug: ctx.consultation.slug, viewer: { isStaff: true }, now: at(3 * HOUR) });
    expect(page!.rounds[0]).toMatchObject({ round: 1, planVersion: 1, outdated: true, outcome: null });
    expect(page!.viewer.canOpen).toBe(true);
    expect(await certifyReview({ actor: ctx.chair, reviewId: first.reviewId, outcome: "agreed", now: at(3 * HOUR) })).toMatchObject({
      ok: false,
      status: 409,
      message: "Round 1 reviews plan version 1, but version 2 is current: the IFM must open a new round for it.",
    });

    const second = await openOk(ctx, at(4 * HOUR), at(10 * DAY));
    expect(second).toMatchObject({ round: 2, superseded: 1 });
    const old = await db().dugReview.findUniqueOrThrow({ where: { id: first.reviewId } });
    expect(old).toMatchObject({ outcome: "superseded", decidedAt: at(4 * HOUR) });
    expect(JSON.parse(old.recordJson!)).toMatchObject({ outcome: "superseded", planVersion: 1, note: "Superseded by round 2, opened on plan version 2." });
    expect(sha256(old.recordJson!)).toBe(old.recordHash);

    page = await getDugPage({ slug: ctx.consultation.slug, viewer: { isStaff: true }, now: at(5 * HOUR) });
    expect(page!.rounds.map((r) => [r.round, r.planVersion, r.outcome, r.outdated])).toEqual([
      [2, 2, null, false],
      [1, 1, "superseded", true],
    ]);
    expect(page!.rounds[1].positions).toHaveLength(2);
    expect(page!.viewer.canOpen).toBe(false);
    // Positions in the old round are over; the new round starts empty.
    expect(await position(ctx.members[1], first.reviewId, "agree", "", "", at(6 * HOUR))).toMatchObject({ ok: false, status: 409 });
    expect(page!.rounds[0].positions).toHaveLength(0);
  });
});

// ------------------------------------------------------------------------------ scheduler and mail

describe("scheduler and notifications", () => {
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

  async function flush(now: Date) {
    for (let i = 0; i < 20; i++) {
      const r = await processNotificationEvents({ now, batchSize: 50 });
      if (r.processed === 0 && r.failed === 0) break;
    }
    for (let i = 0; i < 20; i++) {
      const { sent, failed, dead } = await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 200 });
      if (sent + failed + dead === 0) break;
    }
  }

  test("opening mails voting members and liaisons (not the IFM); 48 h before the deadline only those without a position or advice are reminded, once", async () => {
    const ctx = await setup({ voting: 3, liaisons: 2 });
    await db().follower.create({ data: { email: ctx.ifm.email, userId: ctx.ifm.id, confirmedAt: at(-DAY) } });
    const deadline = at(5 * DAY);
    const { reviewId } = await openOk(ctx, T0, deadline);
    await flush(T0);
    for (const p of [...ctx.members, ...ctx.liaisons]) {
      const mail = smtp.one(p.email);
      expect(mail.text).toContain("The IFM opened DUG review round 1 of consultation 7, on plan version 1.");
      expect(mail.text).toContain("http://localhost:3000/consultations/ksk-rollover/dug");
    }
    expect(smtp.one(ctx.members[1].email).text).toContain("Please record your position");
    expect(smtp.one(ctx.members[1].email).text).toContain("You are a voting member of the Direct User Group (DUG).");
    expect(smtp.one(ctx.liaisons[0].email).text).toContain("As a liaison you do not vote");
    expect(smtp.to(ctx.ifm.email)).toHaveLength(0);
    smtp.received = [];

    await positionOk(ctx.members[1], reviewId, "agree");
    await postAdvice({ actor: ctx.liaisons[0], reviewId, bodyMd: "Looks fine.", now: at(2 * HOUR) });
    await flush(at(3 * HOUR));
    expect(await runScheduler({ now: new Date(deadline.getTime() - 49 * HOUR) })).toMatchObject({ dugReminders: 0 });
    const [a, b] = await Promise.all([
      runScheduler({ now: new Date(deadline.getTime() - 47 * HOUR) }),
      runScheduler({ now: new Date(deadline.getTime() - 47 * HOUR) }),
    ]);
    expect(a.dugReminders + b.dugReminders).toBe(1);
    await runScheduler({ now: new Date(deadline.getTime() - 20 * HOUR) });
    await flush(new Date(deadline.getTime() - 47 * HOUR));
    const reminded = smtp.received.flatMap((r) => r.rcptTo).sort();
    expect(reminded).toEqual([ctx.members[0].email, ctx.members[2].email, ctx.liaisons[1].email].sort());
    expect(smtp.one(ctx.members[2].email).text).toContain("You have not recorded a position yet.");
  });

  test("the rule met mails the chair; the certified record mails followers and commenters", async () => {
    const ctx = await setup({ voting: 3, liaisons: 0 });
    const follower = await db().follower.create({
      data: { email: "fan@example.net", confirmedAt: at(-DAY), subscriptions: { create: [{ scope: "consultation", consultationId: ctx.consultation.id }] } },
    });
    const { reviewId } = await openOk(ctx);
    await positionOk(ctx.members[1], reviewId, "agree");
    await positionOk(ctx.members[2], reviewId, "agree_with_conditions", "Yes.", "Announce the date 90 days ahead.");
    await flush(at(HOUR));
    const chairMails = smtp.to(ctx.chair.email).filter((m) => m.text?.includes("is now met"));
    expect(chairMails).toHaveLength(1);
    expect(chairMails[0].text).toContain("You chair the Direct User Group (DUG).");
    expect(smtp.to(ctx.members[2].email).filter((m) => m.text?.includes("is now met"))).toHaveLength(0);

    await certifyReview({ actor: ctx.chair, reviewId, outcome: "agreed", now: at(2 * HOUR) });
    await flush(at(2 * HOUR));
    const mail = smtp.one(follower.email);
    expect(mail.text).toContain("For consultation 7 (plan version 1), the Direct User Group (DUG) agreed to the plan.");
    expect(mail.text).toContain("Condition: Announce the date 90 days ahead.");
    expect(smtp.to(ctx.chair.email).filter((m) => m.text?.includes("agreed to the plan"))).toHaveLength(0);
  });

  test("a deadline passing without agreement lapses the round once, with a record; a round whose rule is met waits for the chair", async () => {
    const ctx = await setup({ voting: 3, liaisons: 0 });
    const deadline = at(2 * DAY);
    const { reviewId } = await openOk(ctx, T0, deadline);
    await positionOk(ctx.members[1], reviewId, "object", "No.");
    expect(await position(ctx.members[2], reviewId, "agree", "", "", deadline)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("has passed"),
    });
    const after = new Date(deadline.getTime() + HOUR);
    const [a, b] = await Promise.all([runScheduler({ now: after }), runScheduler({ now: after })]);
    expect(a.dugLapsed + b.dugLapsed).toBe(1);
    const review = await db().dugReview.findUniqueOrThrow({ where: { id: reviewId } });
    expect(review).toMatchObject({ outcome: "lapsed", certifiedById: null });
    expect(JSON.parse(review.recordJson!).statement).toMatch(/^Lapsed: the review's deadline passed/);
    expect(await db().notificationEvent.count({ where: { type: "dug.recorded" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "dug.review.lapse", isPublic: true } })).toBe(1);

    const { consultation: other } = await createConsultation({ number: 13, slug: "agreed-late", opensAt: at(-10 * DAY), closesAt: at(20 * DAY) });
    const r2 = await openOk({ ifm: ctx.ifm, consultation: other }, T0, deadline);
    await positionOk(ctx.members[1], r2.reviewId, "agree");
    await positionOk(ctx.members[2], r2.reviewId, "agree");
    await runScheduler({ now: new Date(after.getTime() + HOUR) });
    expect(await db().dugReview.findUniqueOrThrow({ where: { id: r2.reviewId } })).toMatchObject({ outcome: null });
    expect(await certifyReview({ actor: ctx.chair, reviewId: r2.reviewId, outcome: "agreed", now: after })).toMatchObject({ ok: true });
  });
});

// ------------------------------------------------------------------------------ pages

describe("pages", () => {
  test("the public page shows rounds, positions, advice, the rule in words and the record; the dashboard lists reviews waiting for a position", async () => {
    const ctx = await setup({ voting: 3, liaisons: 1 });
    await setSetting("DUG_QUORUM_PERCENT", "66");
    const { reviewId } = await openOk(ctx);
    await positionOk(ctx.members[1], reviewId, "agree");
    await postAdvice({ actor: ctx.liaisons[0], reviewId, bodyMd: "Consider **RFC 8078**.", now: at(HOUR) });

    const res = await call(dugRoute.loader, makeRequest(`/consultations/${ctx.consultation.slug}/dug`), { slug: ctx.consultation.slug });
    expect(res.status).toBe(200);
    expect(res.data.rules[0]).toContain("more than 66% of the seated voting members");
    expect(res.data.rounds[0].rule.needs).toEqual(["needs 1 more position", "needs 1 more member in agreement"]);
    expect(res.data.rounds[0].advice[0]).toMatchObject({ name: "Liaison 1", from: "IETF", html: expect.stringContaining("<strong>RFC 8078</strong>") });
    expect(res.data.rounds[0].waiting).toEqual(["Member 1", "Member 3"]);
    expect(res.data.viewer).toMatchObject({ signedIn: false, canOpen: false });
    expect((await call(dugRoute.loader, makeRequest("/consultations/nope/dug"), { slug: "nope" })).status).toBe(404);

    const board = await getDugDashboard({ userId: ctx.members[2].id, now: at(2 * HOUR) });
    expect(board.waiting.map((w) => w.consultation.slug)).toEqual(["ksk-rollover"]);
    const done = await getDugDashboard({ userId: ctx.members[1].id, now: at(2 * HOUR) });
    expect(done.waiting).toEqual([]);
    expect(done.others[0]).toMatchObject({ myPosition: "agree" });
  });
});

test("an administrator changes the rule's settings; a bad value is refused with the input kept", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const cookie = await sessionCookie(admin.id);
  const form = { minCommentDays: "30", dugQuorumPercent: "66", dugAgreePercent: "50", dugObjectionsTolerated: "1" };
  expect((await call(settingsRoute.action, makeRequest("/admin/settings", { cookie, form }))).status).toBe(302);
  expect(await getRuleSettings()).toEqual({ quorumPercent: 66, agreePercent: 50, objectionsTolerated: 1 });
  const bad = await call(settingsRoute.action, makeRequest("/admin/settings", { cookie, form: { ...form, dugAgreePercent: "150" } }));
  expect(bad.status).toBe(400);
  expect(bad.data.errors.dugAgreePercent).toBe("At most 100.");
  expect(await getRuleSettings()).toMatchObject({ agreePercent: 50 });
});
