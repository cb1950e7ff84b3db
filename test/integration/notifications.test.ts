import { randomUUID } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { postComment } from "~/features/comments/comment.server";
import { extendClosing, publishConsultation, reviseConsultation, shortenClosing, withdrawConsultation } from "~/features/consultations/consultation.server";
import { EVENT_LOCK_MS, processNotificationEvents, sendDailyDigests, startOfUtcDay } from "~/features/following/notifications.server";
import { recordEvent } from "~/features/following/events/record.server";
import { db } from "~/services/db.server";
import { resetEnvCache } from "~/services/env.server";
import { readManageToken, readUnsubscribeToken } from "~/features/following/tokens.server";
import { consultationSubject, consultationThreadHeaders, headerText, listHeaders } from "~/services/mail-headers.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { runScheduler } from "~/background/scheduler.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { createUser, setSetting } from "../factories";
import { storedEvents } from "../stored-events";
import { closedPort, TestSmtp, useSmtpUrl } from "../smtp";

let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await new TestSmtp().start();
  await useSmtpUrl(smtp.url);
});

afterEach(async () => {
  await closeTransport();
  await smtp.stop();
  process.env.APP_URL = "http://localhost:3000";
  await useSmtpUrl(undefined);
  vi.restoreAllMocks();
});

// ------------------------------------------------------------------------------ helpers

const HOUR = 3_600_000;
const MINUTE = 60_000;
// In the future, so outbox rows (queued at the real clock) are always due at the test's clock;
// midnight UTC, so digests have predictable days.
const T0 = new Date(startOfUtcDay(new Date(Date.now() + 60 * DAY)).getTime() + 9 * HOUR);
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Expands every event and delivers every queued mail, at `now`. */
async function flush(now: Date) {
  for (let i = 0; i < 100; i++) {
    const r = await processNotificationEvents({ now, batchSize: 50 });
    if (r.processed === 0 && r.failed === 0) break;
  }
  await deliverAll(now);
}

async function deliverAll(now: Date) {
  for (let i = 0; i < 100; i++) {
    const { sent, failed, dead } = await deliverDueMessages({ now, limit: 200 });
    if (sent + failed + dead === 0) return;
  }
}

type FollowerOptions = {
  email?: string;
  consultationIds?: string[];
  /** Follows every new consultation; the string is the categories CSV ("" = all). */
  allNew?: string;
  mode?: "immediate" | "daily";
  confirmed?: boolean;
  unsubscribedAll?: boolean;
  userId?: string | null;
  notifyReplies?: boolean;
  autoFollowOnComment?: boolean;
};

let counter = 0;
async function addFollower(options: FollowerOptions = {}) {
  counter += 1;
  const email = options.email ?? `follower${counter}-${randomUUID().slice(0, 6)}@example.net`;
  return db().follower.create({
    data: {
      email,
      userId: options.userId ?? null,
      confirmedAt: options.confirmed === false ? null : at(-30 * DAY),
      unsubscribedAllAt: options.unsubscribedAll ? at(-DAY) : null,
      commentMode: options.mode ?? "immediate",
      notifyReplies: options.notifyReplies ?? true,
      autoFollowOnComment: options.autoFollowOnComment ?? true,
      subscriptions: {
        create: [
          ...(options.consultationIds ?? []).map((consultationId) => ({ scope: "consultation", consultationId })),
          ...(options.allNew !== undefined ? [{ scope: "all_new", categoriesCsv: options.allNew }] : []),
        ],
      },
    },
  });
}

async function member(displayName: string) {
  const user = await createUser({ displayName, email: `${displayName.toLowerCase().replace(/\W+/g, ".")}.${++counter}@example.org` });
  return { ...user, roles: [] as string[] };
}

/** An open consultation: period [T0 - 10 days, T0 + 20 days). */
async function openConsultation(options: Parameters<typeof createConsultation>[0] = {}) {
  const { consultation } = await createConsultation({ opensAt: at(-10 * DAY), closesAt: at(20 * DAY), ...options });
  return consultation;
}

async function comment(consultationId: string, author: { id: string; roles: string[] }, bodyMd: string, options: { parentId?: string; now?: Date } = {}) {
  const result = await postComment({
    consultationId,
    author,
    bodyMd,
    parentId: options.parentId ?? null,
    idempotencyKey: randomUUID(),
    ip: "198.51.100.7",
    now: options.now ?? T0,
  });
  if (!result.ok) throw new Error(`comment refused: ${result.message}`);
  return result.comment;
}

const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((h) => h.key === name.toLowerCase())
    ?.line.replace(/\r?\n[ \t]+/g, " ")
    .replace(/^[^:]+:\s*/, "");

const idsIn = (value: string | undefined) => value?.match(/<[^>]+>/g) ?? [];

// ------------------------------------------------------------------------------ who gets what

describe("who gets which mail", () => {
  test("a publication mails the followers of new consultations in its category only, once, and not the publisher", async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    const { consultation } = await createConsultation({ number: 41, title: "DNSSEC algorithm rollover", publishedAt: null, opensAt: null, closesAt: null });
    const everything = await addFollower({ allNew: "" });
    const dnssecAndRdap = await addFollower({ allNew: "dnssec,rdap" });
    const rdapOnly = await addFollower({ allNew: "rdap" });
    const unconfirmed = await addFollower({ allNew: "", confirmed: false });
    const unsubscribed = await addFollower({ allNew: "", unsubscribedAll: true });
    const elsewhere = await addFollower({ consultationIds: [(await openConsultation({ number: 42 })).id] });
    await addFollower({ allNew: "", email: staff.email, userId: staff.id });

    const published = await publishConsultation({ actor: staff, consultationId: consultation.id, opensAt: T0, closesAt: at(31 * DAY), now: T0 });
    expect(published).toEqual({ ok: true });
    await flush(at(MINUTE));
    await flush(at(2 * MINUTE)); // nothing more the second time

    expect(smtp.received.map((r) => r.rcptTo[0]).sort()).toEqual([everything.email, dnssecAndRdap.email].sort());
    for (const f of [rdapOnly, unconfirmed, unsubscribed, elsewhere]) expect(smtp.to(f.email)).toHaveLength(0);
    expect(smtp.to(staff.email)).toHaveLength(0);

    const mail = smtp.one(everything.email);
    expect(mail.subject).toBe("[Consultation 41] DNSSEC algorithm rollover");
    expect(mail.text).toContain("A new DNSSEC consultation was published and is open for comment until");
    expect(mail.text).toContain("http://localhost:3000/consultations/test-consultation-41");
    expect(mail.text).toContain("You follow every new consultation.");
    expect(mail.html).toContain('href="http://localhost:3000/consultations/test-consultation-41"');
    expect(smtp.one(dnssecAndRdap.email).text).toContain("You follow new consultations (DNSSEC, RDAP).");
    expect(await db().notificationEvent.count({ where: { processedAt: null } })).toBe(0);
  });

  test("a new comment mails immediate followers only: not its author, not daily, unconfirmed or unsubscribed followers", async () => {
    const c = await openConsultation({ number: 7, slug: "root-zone-zonemd", title: "ZONEMD in the root zone" });
    const other = await openConsultation({ number: 8 });
    const author = await member("Alice Author");
    const authorFollower = await addFollower({ email: author.email, userId: author.id, consultationIds: [c.id] });
    const immediate1 = await addFollower({ consultationIds: [c.id] });
    const immediate2 = await addFollower({ consultationIds: [c.id, other.id] });
    const daily = await addFollower({ consultationIds: [c.id], mode: "daily" });
    const unconfirmed = await addFollower({ consultationIds: [c.id], confirmed: false });
    const unsubscribed = await addFollower({ consultationIds: [c.id], unsubscribedAll: true });
    const otherOnly = await addFollower({ consultationIds: [other.id] });

    const posted = await comment(c.id, author, "The **ZONEMD** digest should be [verified](https://example.org/zonemd) by resolvers.");
    await flush(at(MINUTE));

    expect(smtp.received.map((r) => r.rcptTo[0]).sort()).toEqual([immediate1.email, immediate2.email].sort());
    for (const f of [authorFollower, daily, unconfirmed, unsubscribed, otherOnly]) expect(smtp.to(f.email)).toHaveLength(0);

    const mail = smtp.one(immediate1.email);
    expect(mail.subject).toBe("Re: [Consultation 7] ZONEMD in the root zone");
    expect(posted.ref).toBe("7-1");
    expect(mail.text).toContain("There is a new comment on consultation 7.");
    expect(mail.text).toContain("Comment 7-1 by Alice Author");
    expect(mail.text).toContain("> The ZONEMD digest should be verified (https://example.org/zonemd) by resolvers.");
    expect(mail.text).toContain("http://localhost:3000/consultations/root-zone-zonemd/comments/7-1");
    expect(mail.text).toContain("You follow consultation 7.");
    expect(mail.html).toContain("<strong>ZONEMD</strong>");
    expect(mail.html).toContain('href="http://localhost:3000/consultations/root-zone-zonemd/comments/7-1"');
  });

  test("commenting follows the consultation (the author gets a confirmed Follower), unless turned off", async () => {
    const c = await openConsultation();
    const newcomer = await member("New Commenter");
    const reluctant = await member("No Auto Follow");
    await addFollower({ email: reluctant.email, userId: reluctant.id, autoFollowOnComment: false });

    await comment(c.id, newcomer, "First comment.");
    await comment(c.id, reluctant, "Second comment.");
    await flush(at(MINUTE));

    const follower = await db().follower.findUniqueOrThrow({ where: { userId: newcomer.id }, include: { subscriptions: true } });
    expect(follower.email).toBe(newcomer.email);
    expect(follower.confirmedAt).not.toBeNull();
    expect(follower.subscriptions.map((s) => [s.scope, s.consultationId])).toEqual([["consultation", c.id]]);
    expect(await db().subscription.count({ where: { follower: { userId: reluctant.id } } })).toBe(0);
    // The newcomer follows now, so the second comment reached them.
    expect(smtp.one(newcomer.email).text).toContain("Second comment.");
  });

  test("a reply mails the parent's author a reply notice that answers the parent comment, and once only", async () => {
    const c = await openConsultation({ number: 12, title: "RDAP profile" });
    const parentAuthor = await member("Pat Parent");
    const replier = await member("Rae Replier");
    const bystander = await addFollower({ consultationIds: [c.id] });

    const parent = await comment(c.id, parentAuthor, "What about RDAP over HTTP/3?");
    await flush(at(MINUTE));
    smtp.received = [];
    // The parent's author now follows the consultation (auto-follow) in immediate mode, and
    // still gets one mail: the reply notice.
    const reply = await comment(c.id, replier, "HTTP/3 is out of scope for this profile.", { parentId: parent.id, now: at(HOUR) });
    await flush(at(HOUR + MINUTE));

    const got = smtp.one(parentAuthor.email);
    expect(got.subject).toBe("Re: [Consultation 12] RDAP profile");
    expect(got.text).toContain("Rae Replier replied to your comment 12-1 on consultation 12.");
    expect(got.text).toContain("> HTTP/3 is out of scope for this profile.");
    expect(got.text).toContain(`http://localhost:3000/consultations/test-consultation-12/comments/${reply.ref}`);
    expect(got.text).toContain("You wrote comment 12-1 and asked to be told about replies to your comments.");
    expect(header(got, "In-Reply-To")).toBe(`<comment-${parent.id}@localhost>`);
    expect(idsIn(header(got, "References"))).toEqual([`<consultation-${c.id}@localhost>`, `<comment-${parent.id}@localhost>`]);

    expect(smtp.one(bystander.email).text).toContain("Rae Replier replied to comment 12-1 on consultation 12.");
    expect(smtp.to(replier.email)).toHaveLength(0);
  });

  test("no reply notice when the parent's author turned replies off or replies to themselves", async () => {
    const c = await openConsultation();
    const quiet = await member("Quiet Person");
    await addFollower({ email: quiet.email, userId: quiet.id, notifyReplies: false, mode: "daily" });
    const talker = await member("Self Replier");
    const parent = await comment(c.id, quiet, "A remark.");
    const own = await comment(c.id, talker, "My remark.");
    await comment(c.id, talker, "A reply to the quiet one.", { parentId: parent.id });
    await comment(c.id, talker, "And to myself.", { parentId: own.id });
    await flush(at(MINUTE));
    expect(smtp.received).toHaveLength(0);
  });

  test("a revision, an extension and a withdrawal mail the followers with the summary, the diff link and the reasons", async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    const c = await openConsultation({ number: 21, slug: "ksk-2026", createdById: staff.id });
    const follower = await addFollower({ consultationIds: [c.id] });

    expect(
      await reviseConsultation({
        actor: staff,
        consultationId: c.id,
        bodyMd: "## Overview\n\nNew text.",
        changeSummary: "Moved the rollover to Q3.",
        timeline: [],
        now: T0,
      }),
    ).toMatchObject({ ok: true, version: 2 });
    expect(await extendClosing({ actor: staff, consultationId: c.id, closesAt: at(40 * DAY), reason: "Requests from several ccTLDs.", now: at(HOUR) })).toEqual(
      { ok: true },
    );
    expect(await withdrawConsultation({ actor: staff, consultationId: c.id, reason: "Superseded by consultation 22.", now: at(2 * HOUR) })).toEqual({
      ok: true,
    });
    await flush(at(3 * HOUR));

    const mails = smtp.to(follower.email);
    expect(mails).toHaveLength(3);
    const [revised, extended, withdrawn] = ["was revised", "was extended", "was withdrawn"].map((s) => mails.find((m) => m.text?.includes(s))!);
    expect(revised.text).toContain("Moved the rollover to Q3.");
    expect(revised.text).toContain("http://localhost:3000/consultations/ksk-2026/diff?from=1&to=2");
    expect(revised.html).toContain('href="http://localhost:3000/consultations/ksk-2026/diff?from=1&amp;to=2"');
    expect(extended.text).toContain("Requests from several ccTLDs.");
    expect(extended.text).toContain(
      `to ${at(40 * DAY)
        .toISOString()
        .slice(0, 10)}`,
    );
    expect(withdrawn.text).toContain("Superseded by consultation 22.");
    expect(new Set(mails.map((m) => m.subject))).toEqual(new Set(["Re: [Consultation 21] Test consultation 21"]));
  });

  test("a DUG record and a final statement reach followers and everyone who commented", async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    const c = await openConsultation({ number: 30, slug: "dug-case" });
    const follower = await addFollower({ consultationIds: [c.id] });
    const commenter = await member("Carla Commenter");
    const optedOut = await member("Olga Optedout");
    await comment(c.id, commenter, "Comment one.", { now: at(-DAY) });
    await comment(c.id, optedOut, "Comment two.", { now: at(-DAY) });
    await flush(at(-DAY + MINUTE));
    // Commenting followed the consultation; one of them then stopped following it, one stopped everything.
    await db().subscription.deleteMany({ where: { follower: { userId: commenter.id } } });
    await db().follower.update({ where: { userId: optedOut.id }, data: { unsubscribedAllAt: at(-HOUR) } });
    smtp.received = [];

    await recordEvent(db(), {
      type: "dug.recorded",
      subjectId: "review-1",
      payload: { outcome: "agreed", round: 1, planVersion: 1, summary: "Agreed, on the condition of a 90-day notice.", path: "/consultations/dug-case/dug" },
      consultationId: c.id,
      actorId: staff.id,
      createdAt: T0,
    });
    await recordEvent(db(), {
      type: "statement.published",
      subjectId: "revision-1",
      payload: { revision: 1, erratum: null, summary: "The plan goes ahead in Q3.", path: "/consultations/dug-case/statement" },
      consultationId: c.id,
      actorId: staff.id,
      createdAt: at(MINUTE),
    });
    await flush(at(2 * MINUTE));

    expect(smtp.to(optedOut.email)).toHaveLength(0);
    for (const email of [follower.email, commenter.email]) {
      const mails = smtp.to(email);
      expect(mails).toHaveLength(2);
      const dug = mails.find((m) => m.text?.includes("Direct User Group"))!;
      expect(dug.text).toContain("For consultation 30 (plan version 1), the Direct User Group (DUG) agreed to the plan.");
      expect(dug.text).toContain("Agreed, on the condition of a 90-day notice.");
      expect(dug.text).toContain("http://localhost:3000/consultations/dug-case/dug");
      const statement = mails.find((m) => m.text?.includes("final statement"))!;
      expect(statement.text).toContain("The plan goes ahead in Q3.");
      expect(statement.text).toContain("Read the statement: http://localhost:3000/consultations/dug-case/statement\n");
    }
    expect(smtp.to(commenter.email)[0].text).toContain("You commented on consultation 30.");
    expect(smtp.to(follower.email)[0].text).toContain("You follow consultation 30.");
  });
});

// ------------------------------------------------------------------------------ mail done right

describe("threading and headers", () => {
  test("all mails of one consultation share the root Message-ID and the subject, apart from Re:", async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    const { consultation: c } = await createConsultation({ number: 55, title: "Root KSK rollover", publishedAt: null, opensAt: null, closesAt: null });
    const reader = await addFollower({ allNew: "" });
    await publishConsultation({ actor: staff, consultationId: c.id, opensAt: T0, closesAt: at(31 * DAY), now: T0 });
    await flush(at(MINUTE));
    await db().subscription.create({ data: { followerId: reader.id, scope: "consultation", consultationId: c.id } });
    await comment(c.id, await member("Someone Else"), "A thought.", { now: at(HOUR) });
    await flush(at(HOUR + MINUTE));

    const [first, second] = smtp.to(reader.email);
    expect(first.subject).toBe("[Consultation 55] Root KSK rollover");
    expect(second.subject).toBe(`Re: ${first.subject}`);
    const root = `<consultation-${c.id}@localhost>`;
    for (const mail of [first, second]) {
      expect(header(mail, "In-Reply-To")).toBe(root);
      expect(idsIn(header(mail, "References"))).toEqual([root]);
      expect(mail.messageId).toMatch(new RegExp(`^<event-[a-z0-9]+\\.${reader.id}@localhost>$`));
    }
    expect(first.messageId).not.toBe(second.messageId);
  });

  test("every notification has List-Unsubscribe (signed, on APP_URL), one-click, List-Id and Auto-Submitted", async () => {
    process.env.APP_URL = "https://consult.example.org";
    resetEnvCache();
    const c = await openConsultation({ number: 64 });
    const f = await addFollower({ consultationIds: [c.id] });
    await comment(c.id, await member("Poster"), "Hello.");
    await flush(at(MINUTE));

    const mail = smtp.one(f.email);
    const unsubscribe = header(mail, "List-Unsubscribe")!;
    const match = /^<https:\/\/consult\.example\.org\/unsubscribe\/([^>]+)>$/.exec(unsubscribe);
    expect(match).not.toBeNull();
    expect(readUnsubscribeToken(match![1])).toEqual({ followerId: f.id, list: c.id });
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(mail, "List-Id")).toBe("<consultation-64.consult.example.org>");
    expect(header(mail, "Auto-Submitted")).toBe("auto-generated");
    expect(header(mail, "In-Reply-To")).toBe(`<consultation-${c.id}@consult.example.org>`);
    expect(mail.messageId).toMatch(/@consult\.example\.org>$/);

    // The footer's links: manage (signed) and stop following this consultation.
    const manage = /Manage your notifications: https:\/\/consult\.example\.org\/follow\/manage\/(\S+)/.exec(mail.text ?? "");
    expect(readManageToken(manage![1])).toBe(f.id);
    expect(mail.text).toContain(`Stop following consultation 64: ${match![0].slice(1, -1)}`);
    expect(mail.html).toContain(`href="https://consult.example.org/unsubscribe/${match![1]}"`);
  });

  test("a title with CR/LF injects no header and adds no recipient", async () => {
    const c = await openConsultation({ number: 66, title: "Rollover\r\nBcc: victim@example.com\r\nX-Injected: yes\u2028Tail" });
    const f = await addFollower({ consultationIds: [c.id] });
    await comment(c.id, await member("Poster"), "Hello.");
    await flush(at(MINUTE));

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcptTo).toEqual([f.email]);
    const mail = smtp.one(f.email);
    expect(mail.subject).toBe("Re: [Consultation 66] Rollover Bcc: victim@example.com X-Injected: yes Tail");
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.headers.has("x-injected")).toBe(false);
    expect(mail.text).toContain("Consultation 66: Rollover Bcc: victim@example.com X-Injected: yes Tail");
  });

  test("header builders strip control characters and refuse unsafe unsubscribe URLs", () => {
    expect(headerText("A\r\nB\tC\u0000D\u0085E\u2029F")).toBe("A B C D E F");
    expect(consultationSubject({ number: 3, title: "  x\ny " }, { isFirst: true })).toBe("[Consultation 3] x y");
    const built = consultationThreadHeaders({ consultation: { id: "abc\r\nX: y", number: 3, title: "T" }, isFirst: false, parentCommentId: "p1" });
    expect(built.headers).toEqual({
      "In-Reply-To": "<comment-p1@localhost>",
      References: "<consultation-abcXy@localhost> <comment-p1@localhost>",
      "List-Id": "<consultation-3.localhost>",
    });
    expect(() => listHeaders({ unsubscribeUrl: "javascript:alert(1)" })).toThrow();
    expect(listHeaders({ unsubscribeUrl: "https://x.example/unsubscribe/a.b.c" })).toMatchObject({
      "List-Unsubscribe": "<https://x.example/unsubscribe/a.b.c>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
    });
  });
});

// ------------------------------------------------------------------------------ delivery

describe("delivery", () => {
  test("with SMTP down, nothing is lost; once it is up, every mail arrives exactly once", async () => {
    const c = await openConsultation();
    const followers = await Promise.all(Array.from({ length: 5 }, () => addFollower({ consultationIds: [c.id] })));
    await comment(c.id, await member("Poster"), "While the mail server is down.");

    await useSmtpUrl(`smtp://127.0.0.1:${await closedPort()}`);
    await flush(at(MINUTE));
    expect(await db().outboxMessage.count({ where: { status: "retrying" } })).toBe(5);
    expect(smtp.received).toHaveLength(0);

    await useSmtpUrl(smtp.url);
    await deliverAll(at(MINUTE + 10 * MINUTE));
    await deliverAll(at(2 * HOUR));
    for (const f of followers) expect(smtp.to(f.email)).toHaveLength(1);
    expect(await db().outboxMessage.count({ where: { status: "sent" } })).toBe(5);
  });

  test("an event processed twice, or by two workers at once, queues each mail once", async () => {
    const c = await openConsultation();
    const followers = await Promise.all(Array.from({ length: 40 }, () => addFollower({ consultationIds: [c.id] })));
    await comment(c.id, await member("Poster"), "Concurrency.");

    const [a, b] = await Promise.all([
      processNotificationEvents({ now: at(MINUTE), chunkSize: 7 }),
      processNotificationEvents({ now: at(MINUTE), chunkSize: 7 }),
    ]);
    expect(a.processed + b.processed).toBe(1);
    // The poster now follows too (auto-follow) but gets no mail about their own comment.
    expect(a.queued + b.queued).toBe(40);
    expect(await db().outboxMessage.count()).toBe(40);

    // Replayed from scratch (as after a crash right before it was marked processed).
    await db().notificationEvent.updateMany({ data: { processedAt: null, lockedUntil: null } });
    const again = await processNotificationEvents({ now: at(2 * MINUTE) });
    expect(again).toMatchObject({ processed: 1, queued: 0 });

    await deliverAll(at(3 * MINUTE));
    for (const f of followers) expect(smtp.to(f.email)).toHaveLength(1);
  });

  test("a worker killed mid-expansion: its lock holds the event until it expires, then another worker finishes without duplicates", async () => {
    const c = await openConsultation();
    const followers = await Promise.all(Array.from({ length: 30 }, () => addFollower({ consultationIds: [c.id] })));
    await comment(c.id, await member("Poster"), "Crash test.");
    vi.spyOn(console, "error").mockImplementation(() => {});

    // The first worker dies after its first chunk of 10.
    const killed = await processNotificationEvents({
      now: at(MINUTE),
      chunkSize: 10,
      afterChunk: () => {
        throw new Error("SIGKILL");
      },
    });
    expect(killed).toMatchObject({ processed: 0, failed: 1 });
    expect(await db().outboxMessage.count()).toBe(10);
    const event = await db().notificationEvent.findFirstOrThrow();
    expect(event.processedAt).toBeNull();
    expect(event.lockedUntil!.getTime()).toBeGreaterThan(at(MINUTE).getTime());

    // Mail already queued goes out meanwhile; the event is not touched while the lock holds.
    await deliverAll(at(2 * MINUTE));
    expect(await processNotificationEvents({ now: at(2 * MINUTE) })).toMatchObject({ processed: 0, queued: 0 });

    const later = new Date(event.lockedUntil!.getTime() + 1);
    expect(await processNotificationEvents({ now: later, chunkSize: 10 })).toMatchObject({ processed: 1, queued: 20 });
    await deliverAll(new Date(later.getTime() + MINUTE));
    for (const f of followers) expect(smtp.to(f.email)).toHaveLength(1);
    expect(smtp.received).toHaveLength(30);
    expect(EVENT_LOCK_MS).toBeGreaterThanOrEqual(60_000);
  });

  test("a comment on a consultation with 10,000 followers is expanded in well under a minute", { timeout: 120_000 }, async () => {
    const c = await openConsultation();
    const N = 10_000;
    const ids = Array.from({ length: N }, (_, i) => `f${String(i).padStart(6, "0")}`);
    for (let i = 0; i < N; i += 2000) {
      const slice = ids.slice(i, i + 2000);
      await db().follower.createMany({ data: slice.map((id) => ({ id, email: `${id}@bulk.example`, confirmedAt: T0 })) });
      await db().subscription.createMany({ data: slice.map((id) => ({ followerId: id, scope: "consultation", consultationId: c.id })) });
    }
    await comment(c.id, await member("Poster"), "To everyone.");

    const started = Date.now();
    const result = await processNotificationEvents({ now: at(MINUTE) });
    const seconds = (Date.now() - started) / 1000;
    expect(result).toMatchObject({ processed: 1, queued: N });
    expect(await db().outboxMessage.count()).toBe(N);
    expect(seconds).toBeLessThan(30);
  });
});

// ------------------------------------------------------------------------------ scheduler

describe("scheduler", () => {
  test("closing reminders go out 7 days and 1 day before, once each, even with two schedulers at once; then the closing", async () => {
    const closesAt = at(20 * DAY);
    const c = await openConsultation({ number: 70, closesAt });
    const f = await addFollower({ consultationIds: [c.id] });
    const before = (ms: number) => new Date(closesAt.getTime() - ms);
    const twice = (now: Date) => Promise.all([runScheduler({ now }), runScheduler({ now })]);

    await twice(before(8 * DAY));
    expect(await storedEvents()).toHaveLength(0);

    const [r1, r2] = await twice(before(7 * DAY - MINUTE));
    expect(r1.closingSoon + r2.closingSoon).toBe(1);
    await twice(before(3 * DAY));
    await flush(before(3 * DAY));
    await twice(before(DAY - MINUTE));
    await twice(before(HOUR));
    await flush(before(HOUR));
    await twice(new Date(closesAt.getTime() + MINUTE));
    await twice(new Date(closesAt.getTime() + DAY));
    await flush(new Date(closesAt.getTime() + DAY));

    const soon = await storedEvents("consultation.closing-soon");
    expect(soon.map((e) => e.payload)).toEqual([
      { reminder: "week", closesAt, nextReminderAt: before(DAY), remindersAfter: 1 },
      { reminder: "day", closesAt, nextReminderAt: null, remindersAfter: 0 },
    ]);
    expect(await storedEvents("consultation.closed")).toHaveLength(1);
    const texts = smtp.to(f.email).map((m) => m.text ?? "");
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain(`closes in 7 days, on ${closesAt.toISOString().slice(0, 10)}`);
    expect(texts[0]).toContain(`You will get one more reminder on ${before(DAY).toISOString().slice(0, 10)}`);
    expect(texts[1]).toContain("closes in 24 hours");
    expect(texts[1]).toContain("This is the last reminder.");
    expect(texts[2]).toContain("The comment period of consultation 70 closed on");
    expect(await db().scheduledJob.count()).toBe(3);
  });

  test("after downtime it catches up: a 1-day reminder still goes out while open, none after the closing", async () => {
    const stillOpen = await openConsultation({ number: 71, closesAt: at(2 * HOUR) });
    const alreadyClosed = await openConsultation({ number: 72, closesAt: at(-3 * HOUR) });
    const f = await addFollower({ consultationIds: [stillOpen.id, alreadyClosed.id] });

    // The worker was down for weeks: the first run is now.
    await runScheduler({ now: T0 });
    await runScheduler({ now: at(MINUTE) });
    const made = (await storedEvents()).map((e) => [e.type, e.consultationId, e.type === "consultation.closing-soon" ? e.payload.reminder : null]);
    expect(made).toEqual(
      expect.arrayContaining([
        ["consultation.closing-soon", stillOpen.id, "day"],
        ["consultation.closed", alreadyClosed.id, null],
      ]),
    );
    expect(made).toHaveLength(2);
    await flush(at(2 * MINUTE));
    const texts = smtp.to(f.email).map((m) => m.text ?? "");
    expect(texts).toHaveLength(2);
    expect(texts.find((t) => t.includes("consultation 71"))).toContain("closes in 2 hours");
  });

  test("an extension makes new reminders possible; a reminder made stale by it is not sent", async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    const closesAt = at(6 * DAY);
    const c = await openConsultation({ number: 73, closesAt, createdById: staff.id });
    const f = await addFollower({ consultationIds: [c.id] });

    await runScheduler({ now: T0 }); // 7-day reminder for the first closing
    await flush(at(MINUTE));
    await runScheduler({ now: at(5 * DAY + HOUR) }); // 1-day reminder written…
    const newClose = at(20 * DAY);
    const extendedAt = at(5 * DAY + 2 * HOUR);
    await extendClosing({ actor: staff, consultationId: c.id, closesAt: newClose, reason: "More time.", now: extendedAt });
    await flush(at(5 * DAY + 3 * HOUR)); // …but the closing moved before it went out

    await runScheduler({ now: new Date(newClose.getTime() - 7 * DAY + MINUTE) });
    await runScheduler({ now: new Date(newClose.getTime() - 7 * DAY + HOUR) });
    await flush(new Date(newClose.getTime() - 7 * DAY + HOUR));

    const texts = smtp.to(f.email).map((m) => m.text ?? "");
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain(`on ${closesAt.toISOString().slice(0, 10)}`);
    expect(texts[1]).toContain("was extended");
    expect(texts[1]).toContain(`You will get 2 reminders, the first on ${new Date(newClose.getTime() - 7 * DAY).toISOString().slice(0, 10)}`);
    expect(texts[2]).toContain(`closes in 7 days, on ${newClose.toISOString().slice(0, 10)}`);
    expect((await db().scheduledJob.findMany({ orderBy: { doneAt: "asc" } })).map((j) => j.key)).toEqual([
      `closing-7d:${c.id}:${closesAt.toISOString()}`,
      `closing-1d:${c.id}:${closesAt.toISOString()}`,
      `closing-7d:${c.id}:${newClose.toISOString()}`,
    ]);
  });

  /** Two schedulers side by side every `step` from `from` to `to`, each run's mail expanded and delivered. */
  async function runThrough(from: Date, to: Date, step = HOUR) {
    for (let t = from.getTime(); t <= to.getTime(); t += step) {
      const now = new Date(t);
      await Promise.all([runScheduler({ now }), runScheduler({ now })]);
      await flush(now);
    }
  }

  test("a one-day period: the publication mail, one truthful last call 12 hours later, then the closing", { timeout: 60_000 }, async () => {
    const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
    await setSetting("MIN_COMMENT_DAYS", "1");
    const { consultation: c } = await createConsultation({ number: 76, publishedAt: null, opensAt: null, closesAt: null, createdById: staff.id });
    const reader = await addFollower({ allNew: "" });
    expect(await publishConsultation({ actor: staff, consultationId: c.id, opensAt: T0, closesAt: at(DAY), now: T0 })).toEqual({ ok: true });
    await db().subscription.create({ data: { followerId: reader.id, scope: "consultation", consultationId: c.id } });

    await runThrough(T0, at(DAY + HOUR));

    const mails = smtp.to(reader.email);
    expect(mails.map((m) => m.text?.match(/The comment period of consultation 76 [^.]+|A new [^.]+/)?.[0])).toEqual([
      expect.stringContaining("A new DNSSEC consultation was published and is open for comment until"),
      `The comment period of consultation 76 closes in 12 hours, on ${at(DAY).toISOString().slice(0, 10)} ${at(DAY).toISOString().slice(11, 16)} UTC`,
      expect.stringContaining("The comment period of consultation 76 closed on"),
    ]);
    expect(mails[1].text).toContain("This is the last reminder.");
    expect(mails[1].text).not.toContain("one more reminder");
    const reminders = await storedEvents("consultation.closing-soon");
    expect(reminders.map((e) => e.createdAt)).toEqual([at(12 * HOUR)]);
  });

  test(
    "a shortening that skips the week reminder: its notice, the day reminder of the new closing, the closing at the new time",
    { timeout: 60_000 },
    async () => {
      const staff = await createUser({ displayName: "Iris IFM", roles: ["ifm"] });
      const c = await openConsultation({ number: 78, closesAt: at(20 * DAY), createdById: staff.id });
      const f = await addFollower({ consultationIds: [c.id] });
      const newClose = at(3 * DAY);
      expect(await shortenClosing({ actor: staff, consultationId: c.id, closesAt: newClose, reason: "Opened with the wrong closing date.", now: T0 })).toEqual({
        ok: true,
      });

      await runThrough(T0, at(3 * DAY + HOUR));

      const texts = smtp.to(f.email).map((m) => m.text ?? "");
      const utcOf = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain(`was shortened: it now closes on ${utcOf(newClose)} instead of ${utcOf(at(20 * DAY))}.`);
      expect(texts[0]).toContain(`You will get a reminder on ${utcOf(at(2 * DAY))}, 24 hours before the closing.`);
      expect(texts[1]).toContain(`closes in 24 hours, on ${utcOf(newClose)}.`);
      expect(texts[1]).toContain("This is the last reminder.");
      expect(texts[2]).toContain(`closed on ${utcOf(newClose)}`);
      expect((await storedEvents("consultation.closing-soon")).map((e) => e.createdAt)).toEqual([at(2 * DAY)]);
    },
  );

  test("two workers whose clocks straddle the day reminder's time send one reminder, not a late week one and the day one", async () => {
    const closesAt = at(DAY + MINUTE);
    const c = await openConsultation({ number: 77, closesAt });
    const f = await addFollower({ consultationIds: [c.id] });
    // The week reminder was never sent (downtime); one worker's clock says it is still due, the
    // other's that the day reminder is.
    const [a, b] = await Promise.all([
      runScheduler({ now: new Date(closesAt.getTime() - DAY - 1000) }),
      runScheduler({ now: new Date(closesAt.getTime() - DAY + 1000) }),
    ]);
    expect(a.closingSoon + b.closingSoon).toBe(1);
    await runScheduler({ now: new Date(closesAt.getTime() - DAY + 5 * MINUTE) });
    await flush(new Date(closesAt.getTime() - DAY + 6 * MINUTE));
    expect(smtp.to(f.email)).toHaveLength(1);
  });

  test("the opening of a consultation published ahead is announced once; one published already open is not", async () => {
    const ahead = await openConsultation({ number: 74, publishedAt: at(-5 * DAY), opensAt: at(HOUR), closesAt: at(40 * DAY) });
    await openConsultation({ number: 75, publishedAt: at(-DAY), opensAt: at(-DAY), closesAt: at(40 * DAY) });
    const newOnes = await addFollower({ allNew: "dnssec" });
    const followsIt = await addFollower({ consultationIds: [ahead.id] });

    await runScheduler({ now: T0 });
    expect(await storedEvents("consultation.opened")).toHaveLength(0);
    await Promise.all([runScheduler({ now: at(HOUR + MINUTE) }), runScheduler({ now: at(HOUR + MINUTE) })]);
    await runScheduler({ now: at(2 * HOUR) });
    const opened = await storedEvents("consultation.opened");
    expect(opened.map((e) => e.consultationId)).toEqual([ahead.id]);
    await flush(at(3 * HOUR));
    for (const f of [newOnes, followsIt]) {
      const mail = smtp.one(f.email);
      expect(mail.subject).toBe("Re: [Consultation 74] Test consultation 74");
      expect(mail.text).toContain("The comment period of consultation 74 is now open.");
    }
  });
});

// ------------------------------------------------------------------------------ daily digest

describe("daily digest", () => {
  test("one mail a day with the day's visible comments on followed consultations, grouped, with their text", async () => {
    const a = await openConsultation({ number: 81, title: "Alpha plan" });
    const b = await openConsultation({ number: 82, title: "Beta plan" });
    const notFollowed = await openConsultation({ number: 83 });
    const reader = await member("Dana Digest");
    const digest = await addFollower({ email: reader.email, userId: reader.id, mode: "daily", consultationIds: [a.id, b.id] });
    const immediate = await addFollower({ consultationIds: [a.id] });
    const ann = await member("Ann Author");
    const bob = await member("Bob Author");

    const day = startOfUtcDay(T0); // comments of this day go into the next morning's digest
    await comment(b.id, bob, "Beta needs a *longer* period.", { now: at(HOUR) });
    await comment(a.id, ann, "Alpha looks fine to me.", { now: at(2 * HOUR) });
    const hidden = await comment(a.id, bob, "Spam, hidden by the IFM.", { now: at(3 * HOUR) });
    await db().comment.update({ where: { id: hidden.id }, data: { hiddenAt: at(4 * HOUR) } });
    await comment(a.id, reader, "My own comment, not in my digest.", { now: at(5 * HOUR) });
    await comment(notFollowed.id, ann, "Not followed.", { now: at(6 * HOUR) });
    await comment(a.id, bob, "A second comment on Alpha.", { now: at(7 * HOUR) });
    await flush(at(8 * HOUR));
    expect(smtp.to(reader.email)).toHaveLength(0); // daily mode: nothing immediately
    expect(smtp.to(immediate.email).length).toBeGreaterThan(0);

    const nextMorning = new Date(day.getTime() + DAY + 5 * MINUTE);
    await Promise.all([runScheduler({ now: nextMorning }), runScheduler({ now: nextMorning })]);
    await runScheduler({ now: new Date(day.getTime() + DAY + 12 * HOUR) });
    await deliverAll(new Date(day.getTime() + DAY + 12 * HOUR));

    const mail = smtp.one(reader.email);
    const dayLabel = day.toISOString().slice(0, 10);
    expect(mail.subject).toBe(`Daily digest ${dayLabel}: 3 new comments on 2 consultations`);
    const text = mail.text ?? "";
    const alpha = text.indexOf("[Consultation 81] Alpha plan");
    const beta = text.indexOf("[Consultation 82] Beta plan");
    expect(alpha).toBeGreaterThan(-1);
    expect(beta).toBeGreaterThan(alpha);
    const alphaPart = text.slice(alpha, beta);
    expect(alphaPart).toContain("2 new comments");
    expect(alphaPart).toContain("Comment 81-1 by Ann Author");
    expect(alphaPart).toContain("> Alpha looks fine to me.");
    expect(alphaPart).toContain("> A second comment on Alpha.");
    expect(alphaPart).toContain("http://localhost:3000/consultations/test-consultation-81/comments/81-4");
    expect(text.slice(beta)).toContain("> Beta needs a longer period.");
    expect(text.slice(beta)).toContain("Comment 82-1 by Bob Author");
    expect(text).not.toContain("Spam");
    expect(text).not.toContain("My own comment");
    expect(text).not.toContain("Not followed");
    expect(mail.html).toContain("<em>longer</em>");
    expect(mail.html).toContain(">[Consultation 81] Alpha plan</a>");
    expect(header(mail, "List-Unsubscribe")).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[^>]+\.all\.[^>]+>$/);
    expect(header(mail, "Auto-Submitted")).toBe("auto-generated");

    const after = await db().follower.findUniqueOrThrow({ where: { id: digest.id } });
    expect(after.lastDigestAt).toEqual(new Date(day.getTime() + DAY));
    expect(await db().scheduledJob.count({ where: { key: `digest:${digest.id}:${dayLabel}` } })).toBe(1);

    // A day without comments: no mail. The day after one, a new digest with only the new one.
    await runScheduler({ now: new Date(day.getTime() + 2 * DAY + MINUTE) });
    await comment(b.id, ann, "A comment on day three.", { now: new Date(day.getTime() + 2 * DAY + HOUR) });
    await sendDailyDigests({ now: new Date(day.getTime() + 3 * DAY + MINUTE) });
    await deliverAll(new Date(day.getTime() + 3 * DAY + HOUR));
    const mails = smtp.to(reader.email);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain("> A comment on day three.");
    expect(mails[1].text).not.toContain("Alpha looks fine");
  });
});
