// The typed notification events: both writers store the same row, a wrong payload is never
// stored, the worker sets aside a stored event the union refuses and carries on, and the
// handlers' recipients and mails in the cases the mail tests (notifications, dug, statement,
// shortening) do not reach.
import { randomUUID } from "node:crypto";
import { postComment } from "~/features/comments/comment.server";
import { openReview } from "~/features/dug/review.server";
import { seatMember, setChair } from "~/features/dug/roster.server";
import { loadEventConsultation, type EventPlan } from "~/features/following/events/handler.server";
import type { EventType } from "~/features/following/events/payloads";
import { recordEvent, recordEventDirect, type NewEvent } from "~/features/following/events/record.server";
import { handlerFor } from "~/features/following/events/registry.server";
import type { Recipient } from "~/features/following/events/recipients.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { db, sqlTransaction } from "~/services/db.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { createOrganisation, createUser } from "../factories";
import { storedEvents } from "../stored-events";

const HOUR = 3_600_000;
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (ms: number) => new Date(T0.getTime() + ms);

afterEach(() => {
  vi.restoreAllMocks();
});

async function follower(consultationId: string | null, { allNew = false, email }: { allNew?: boolean; email?: string } = {}) {
  return db().follower.create({
    data: {
      email: email ?? `reader-${randomUUID().slice(0, 8)}@example.net`,
      confirmedAt: at(-DAY),
      subscriptions: { create: allNew ? [{ scope: "all_new", categoriesCsv: "" }] : [{ scope: "consultation", consultationId }] },
    },
  });
}

async function newestEvent(type: EventType) {
  const event = (await storedEvents(type)).at(-1);
  if (!event) throw new Error(`no ${type} event was stored`);
  return event;
}

/** What the handler of the newest event of `type` would send at `now`: one mail per follower, first source first, as the outbox keeps them; null when it sends nothing. */
async function mailsOf(type: EventType, now = at(HOUR)) {
  const event = await newestEvent(type);
  const consultation = await loadEventConsultation(event.consultationId!);
  const plan: EventPlan | null = await handlerFor(event.type)(event, consultation!, now);
  if (!plan) return null;
  const seen = new Set<string>();
  const mails: { to: string; reason: Recipient["reason"]; subject: string; text: string; inReplyTo: string | undefined }[] = [];
  for (const source of plan.recipients) {
    for await (const page of source(2)) {
      for (const r of page) {
        if (seen.has(r.followerId)) continue;
        seen.add(r.followerId);
        const footer = {
          reason: r.reason,
          email: r.email,
          manageUrl: "https://x.example/m",
          unsubscribeUrl: "https://x.example/u",
          unsubscribe: { kind: "all" } as const,
        };
        const { thread, content } = plan.mail(r, footer);
        mails.push({ to: r.email, reason: r.reason, subject: content.subject, text: content.text, inReplyTo: thread.headers["In-Reply-To"] });
      }
    }
  }
  return mails;
}

// ------------------------------------------------------------------------------ writing

describe("writing events", () => {
  test("the Prisma writer and the direct-SQL writer store the same row for the same event", async () => {
    const { consultation } = await createConsultation();
    const actor = await createUser();
    const event = (subjectId: string): NewEvent => ({
      type: "comment.created",
      subjectId,
      payload: { ref: "5-1", parentId: null },
      consultationId: consultation.id,
      actorId: actor.id,
      createdAt: T0,
    });
    await recordEvent(db(), event("via-prisma"));
    await sqlTransaction((sql) => recordEventDirect(sql, event("via-direct")));

    const rows = await db().notificationEvent.findMany({ orderBy: { subjectId: "asc" } });
    expect(rows).toHaveLength(2);
    const [direct, prisma] = rows.map(({ id: _id, subjectId: _subject, ...rest }) => rest);
    expect(direct).toEqual(prisma);
    expect(prisma).toMatchObject({ type: "comment.created", consultationId: consultation.id, actorId: actor.id, createdAt: T0, processedAt: null });
    expect(JSON.parse(prisma.payloadJson)).toEqual({ ref: "5-1", parentId: null });
  });

  test("a wrong payload is refused before it is stored, and the change it would tell of is rolled back with it", async () => {
    const { consultation } = await createConsultation({ title: "Before" });
    const wrong = { type: "consultation.revised", payload: { version: 0 }, consultationId: consultation.id, createdAt: T0 } as NewEvent;
    await expect(
      db().$transaction(async (tx) => {
        await tx.consultation.update({ where: { id: consultation.id }, data: { title: "After" } });
        await recordEvent(tx, wrong);
      }),
    ).rejects.toThrow(/version/);
    expect(await db().notificationEvent.count()).toBe(0);
    expect((await db().consultation.findUniqueOrThrow({ where: { id: consultation.id } })).title).toBe("Before");
    await expect(sqlTransaction((sql) => recordEventDirect(sql, wrong))).rejects.toThrow(/version/);
    expect(await db().notificationEvent.count()).toBe(0);
  });
});

// ------------------------------------------------------------------------------ reading

describe("a stored event the union refuses", () => {
  test("is logged and set aside without stopping the worker: the events around it are sent, and it is not retried", async () => {
    const { consultation } = await createConsultation();
    const reader = await follower(consultation.id);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const raw = (type: string, payloadJson: string, minutes: number, subjectId: string | null = null) =>
      db().notificationEvent.create({ data: { type, consultationId: consultation.id, subjectId, payloadJson, createdAt: at(minutes * 60_000) } });
    const before = await raw("consultation.closed", JSON.stringify({ closesAt: consultation.closesAt!.toISOString() }), 0);
    const malformed = [
      await raw("comment.created", JSON.stringify({ ref: 17 }), 1, "some-comment"),
      await raw("consultation.renamed", "{}", 2),
      await raw("consultation.revised", "not json", 3),
    ];
    const poster = await createUser({ displayName: "Poster" });
    const posted = await postComment({
      consultationId: consultation.id,
      author: { id: poster.id, roles: [] },
      bodyMd: "After the broken ones.",
      idempotencyKey: randomUUID(),
      ip: "198.51.100.7",
      now: at(4 * 60_000),
    });
    expect(posted.ok).toBe(true);

    const result = await processNotificationEvents({ now: at(HOUR), batchSize: 10 });
    expect(result).toEqual({ processed: 2, queued: 2, failed: 3 });
    const outbox = await db().outboxMessage.findMany({ select: { toAddress: true, dedupeKey: true } });
    expect(outbox.map((m) => m.toAddress)).toEqual([reader.email, reader.email]);
    expect(outbox.map((m) => m.dedupeKey)).toContain(`${before.id}:${reader.id}`);

    for (const event of malformed) {
      expect(errors).toHaveBeenCalledWith(
        expect.stringMatching(new RegExp(`^\\[notifications\\] event ${event.id} \\(${event.type.replace(".", "\\.")}\\) set aside`)),
      );
      expect((await db().notificationEvent.findUniqueOrThrow({ where: { id: event.id } })).processedAt).not.toBeNull();
    }
    expect(String(errors.mock.calls[0][0])).toMatch(/payload\.ref/);
    expect(await processNotificationEvents({ now: at(2 * HOUR) })).toEqual({ processed: 0, queued: 0, failed: 0 });
  });
});

// ------------------------------------------------------------------------------ handlers

describe("handlers", () => {
  test("consultation.published: the followers of new consultations; nothing once the consultation is withdrawn", async () => {
    const { consultation } = await createConsultation({ number: 41, title: "Root zone ZONEMD" });
    const newOnes = await follower(null, { allNew: true });
    await follower(consultation.id); // nobody follows a draft: a follower of the consultation is not told of its publication
    await recordEvent(db(), { type: "consultation.published", payload: {}, consultationId: consultation.id, createdAt: T0 });

    const mails = await mailsOf("consultation.published");
    expect(mails).toEqual([
      expect.objectContaining({ to: newOnes.email, reason: { kind: "follows-new", categories: [] }, subject: "[Consultation 41] Root zone ZONEMD" }),
    ]);
    expect(mails![0].text).toContain("A new DNSSEC consultation was published");

    await db().consultation.update({ where: { id: consultation.id }, data: { withdrawnAt: T0, withdrawnReason: "Mistake." } });
    expect(await mailsOf("consultation.published")).toBeNull();
  });

  test("consultation.closed: the followers, with the number of comments; nothing when the closing moved or the consultation was withdrawn", async () => {
    const closesAt = at(-HOUR);
    const { consultation } = await createConsultation({ number: 42, closesAt });
    await db().consultation.update({ where: { id: consultation.id }, data: { commentCount: 3 } });
    const reader = await follower(consultation.id);
    await recordEvent(db(), { type: "consultation.closed", payload: { closesAt }, consultationId: consultation.id, createdAt: T0 });

    const mails = await mailsOf("consultation.closed");
    expect(mails?.map((m) => [m.to, m.reason])).toEqual([[reader.email, { kind: "follows-consultation", consultationNumber: 42 }]]);
    expect(mails![0].text).toContain("The comment period of consultation 42 closed on");
    expect(mails![0].text).toMatch(/3 comments/);
    expect(mails![0].inReplyTo).toBe(`<consultation-${consultation.id}@localhost>`);

    await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: at(DAY) } });
    expect(await mailsOf("consultation.closed")).toBeNull();
    await db().consultation.update({ where: { id: consultation.id }, data: { closesAt, withdrawnAt: T0 } });
    expect(await mailsOf("consultation.closed")).toBeNull();
  });

  test("consultation.closing-soon: nothing once the consultation is withdrawn", async () => {
    const closesAt = at(DAY);
    const { consultation } = await createConsultation({ closesAt });
    await follower(consultation.id);
    await recordEvent(db(), {
      type: "consultation.closing-soon",
      payload: { reminder: "day", closesAt, nextReminderAt: null, remindersAfter: 0 },
      consultationId: consultation.id,
      createdAt: T0,
    });
    expect(await mailsOf("consultation.closing-soon")).toHaveLength(1);
    await db().consultation.update({ where: { id: consultation.id }, data: { withdrawnAt: T0 } });
    expect(await mailsOf("consultation.closing-soon")).toBeNull();
  });

  test("comment.created: a comment hidden or withdrawn before the worker got to it mails nobody, yet its author follows the consultation", async () => {
    const { consultation } = await createConsultation();
    await follower(consultation.id);
    const author = await createUser({ displayName: "Hidden Author" });
    const post = async (bodyMd: string) => {
      const r = await postComment({
        consultationId: consultation.id,
        author: { id: author.id, roles: [] },
        bodyMd,
        idempotencyKey: randomUUID(),
        ip: "198.51.100.9",
      });
      if (!r.ok) throw new Error(r.message);
      return r.comment;
    };
    const hidden = await post("Spam.");
    await db().comment.update({ where: { id: hidden.id }, data: { hiddenAt: new Date() } });
    expect(await mailsOf("comment.created")).toBeNull();
    expect(await db().subscription.count({ where: { consultationId: consultation.id, follower: { userId: author.id } } })).toBe(1);

    const withdrawn = await post("Second thoughts.");
    await db().comment.update({ where: { id: withdrawn.id }, data: { withdrawnAt: new Date() } });
    expect(await mailsOf("comment.created")).toBeNull();
  });

  describe("DUG duties", () => {
    async function seated() {
      const admin = await createUser({ roles: ["admin"] });
      const ifm = await createUser({ roles: ["ifm"] });
      const seat = async (seatKind: "voting" | "liaison", name: string) => {
        const user = await createUser({ displayName: name });
        const r = await seatMember({
          actor: admin,
          input: {
            email: user.email,
            seat: seatKind,
            termStart: at(-30 * DAY),
            ...(seatKind === "liaison" ? { liaisonFrom: "IETF" } : { organisationId: (await createOrganisation({ name: `${name} Registry` })).id }),
          },
          now: at(-30 * DAY),
        });
        if (!r.ok) throw new Error(r.message);
        return { user, seatId: r.seatId };
      };
      const chair = await seat("voting", "Chair Person");
      const member = await seat("voting", "Member Person");
      const liaison = await seat("liaison", "Liaison Person");
      const { consultation } = await createConsultation({ number: 50, slug: "dug-duties" });
      const opened = await openReview({ actor: ifm, consultationId: consultation.id, deadline: at(7 * DAY), now: T0 });
      if (!opened.ok) throw new Error(opened.message);
      return { admin, chair, member, liaison, consultation, reviewId: opened.reviewId };
    }

    test("a reminder tells members and liaisons in their own role; nothing once the round is decided", async () => {
      const ctx = await seated();
      await recordEvent(db(), {
        type: "dug.reminder",
        subjectId: ctx.reviewId,
        payload: { round: 1, planVersion: 1, deadline: at(7 * DAY) },
        consultationId: ctx.consultation.id,
        createdAt: at(5 * DAY),
      });
      const mails = await mailsOf("dug.reminder", at(5 * DAY));
      expect(mails?.map((m) => [m.to, m.reason]).sort()).toEqual(
        [
          [ctx.chair.user.email, { kind: "dug", role: "voting member" }],
          [ctx.member.user.email, { kind: "dug", role: "voting member" }],
          [ctx.liaison.user.email, { kind: "dug", role: "liaison" }],
        ].sort(),
      );
      expect(mails!.find((m) => m.to === ctx.member.user.email)!.text).toContain("You have not recorded a position yet.");
      expect(mails!.find((m) => m.to === ctx.liaison.user.email)!.text).not.toContain("You have not recorded a position yet.");
      expect(mails![0].text).toContain("http://localhost:3000/consultations/dug-duties/dug");

      await db().dugReview.update({ where: { id: ctx.reviewId }, data: { outcome: "lapsed", decidedAt: at(5 * DAY) } });
      expect(await mailsOf("dug.reminder", at(5 * DAY))).toBeNull();
      expect(await mailsOf("dug.review-opened", at(5 * DAY))).toBeNull();
    });

    test("the rule met goes to the chair only, and to nobody while the DUG has no chair", async () => {
      const ctx = await seated();
      await recordEvent(db(), {
        type: "dug.rule-met",
        subjectId: ctx.reviewId,
        payload: { round: 1, planVersion: 1 },
        consultationId: ctx.consultation.id,
        createdAt: at(HOUR),
      });
      expect(await mailsOf("dug.rule-met")).toBeNull();

      const chaired = await setChair({ actor: ctx.admin, seatId: ctx.chair.seatId, now: at(HOUR) });
      expect(chaired).toEqual({ ok: true });
      const mails = await mailsOf("dug.rule-met");
      expect(mails?.map((m) => [m.to, m.reason])).toEqual([[ctx.chair.user.email, { kind: "dug", role: "chair" }]]);
      expect(mails![0].text).toContain("is now met");
    });
  });
});
