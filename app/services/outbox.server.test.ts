import fs from "node:fs/promises";
import { simpleParser } from "mailparser";
import path from "node:path";
import { closedPort, TestSmtp, useSmtpUrl } from "../../test/smtp";
import { db, sqlTransaction } from "./db.server";
import { env, resetEnvCache } from "./env.server";
import { assertHeaderSafe, closeTransport } from "./mail-transport.server";
import { bounceAddress } from "./mail-addresses.server";
import { backoffMs, deliverDueMessages, enqueueMail, enqueueMailsDirect, listOutbox, retryMessage, SEND_CONCURRENCY, type OutgoingMail } from "./outbox.server";

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    dedupeKey: "event-1:alice",
    to: "alice@example.org",
    subject: "Consultation opened: KSK rollover",
    text: "A consultation opened.\nRead it at https://example.org/c/1",
    html: '<p>A consultation opened. <a href="https://example.org/c/1">Read it</a></p>',
    ...overrides,
  };
}

const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const row = (dedupeKey = "event-1:alice") => db().outboxMessage.findUniqueOrThrow({ where: { dedupeKey } });

let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await new TestSmtp().start();
  await useSmtpUrl(smtp.url);
});

afterEach(async () => {
  await closeTransport();
  await smtp.stop();
  delete process.env.MAIL_MAX_ATTEMPTS;
  await useSmtpUrl(undefined);
});

describe("delivery over SMTP", () => {
  test("a queued message arrives with its subject, both parts, From, Message-ID and custom headers", async () => {
    const result = await enqueueMail(
      db(),
      mail({
        messageId: "<fixed-1@consultations.example>",
        headers: { "List-Unsubscribe": "<https://example.org/unsubscribe/abc>", "X-Consultation": "ksk-2026" },
      }),
    );
    expect(result).toEqual({ queued: true });

    expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0, dead: 0 });

    expect(smtp.received).toHaveLength(1);
    const [{ mail: got, rcptTo, mailFrom }] = smtp.received;
    expect(rcptTo).toEqual(["alice@example.org"]);
    // The envelope sender is the recipient's VERP bounce address; From stays MAIL_FROM.
    expect(mailFrom).toBe(bounceAddress("alice@example.org"));
    expect(mailFrom).toMatch(/^bounce\+[a-f0-9]{16}-alice=example\.org@localhost$/);
    expect(got.subject).toBe("Consultation opened: KSK rollover");
    expect(got.text?.trim()).toBe("A consultation opened.\nRead it at https://example.org/c/1");
    expect(got.html).toContain('<a href="https://example.org/c/1">Read it</a>');
    expect(env().MAIL_FROM).toBe("IANA Consultations <consultations@localhost>");
    expect(got.from?.value).toEqual([{ name: "IANA Consultations", address: "consultations@localhost" }]);
    expect(got.messageId).toBe("<fixed-1@consultations.example>");
    expect(got.headers.get("x-consultation")).toBe("ksk-2026");
    expect(got.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toBe("List-Unsubscribe: <https://example.org/unsubscribe/abc>");

    const sent = await row();
    expect(sent.status).toBe("sent");
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.lockedUntil).toBeNull();
  });

  test("a Message-ID is generated on the host of APP_URL when none is given", async () => {
    await enqueueMail(db(), mail());
    expect((await row()).messageId).toMatch(/^<[^@\s]+@localhost>$/);
    await deliverDueMessages();
    expect(smtp.received[0].mail.messageId).toBe((await row()).messageId);
  });

  test("enqueueing the same dedupeKey twice queues and sends one message", async () => {
    expect(await enqueueMail(db(), mail())).toEqual({ queued: true });
    expect(await enqueueMail(db(), mail({ subject: "A second copy" }))).toEqual({ queued: false });
    // Also inside a transaction, as request code does it.
    await db().$transaction(async (tx) => {
      expect(await enqueueMail(tx, mail())).toEqual({ queued: false });
    });

    await deliverDueMessages();
    await deliverDueMessages();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].mail.subject).toBe("Consultation opened: KSK rollover");
    expect(await db().outboxMessage.count()).toBe(1);
  });

  test("a message enqueued in a transaction that rolls back is never sent", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await enqueueMail(tx, mail());
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await deliverDueMessages()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  test("a server answering 451 leaves the message retrying; later it is delivered exactly once", async () => {
    smtp.mode = "reject451";
    await enqueueMail(db(), mail());
    const now = new Date();

    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1, dead: 0 });
    const failed = await row();
    expect(failed.status).toBe("retrying");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/451/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime() + 29_000);
    expect(failed.nextAttemptAt.getTime()).toBeLessThan(now.getTime() + 40_000);

    // Not due yet: nothing happens, even with the server healthy again.
    smtp.mode = "accept";
    expect(await deliverDueMessages({ now: later(now, 1_000) })).toEqual({ sent: 0, failed: 0, dead: 0 });

    const due = later(failed.nextAttemptAt, 1);
    expect(await deliverDueMessages({ now: due })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await deliverDueMessages({ now: later(due, 3_600_000) })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
    const sent = await row();
    expect(sent.status).toBe("sent");
    expect(sent.attempts).toBe(1);
    expect(sent.lastError).toBeNull();
  });

  test("a refused connection leaves the message retrying; once the server is up it is delivered once", async () => {
    await useSmtpUrl(`smtp://127.0.0.1:${await closedPort()}`);
    await enqueueMail(db(), mail());
    const now = new Date();

    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1, dead: 0 });
    const failed = await row();
    expect(failed).toMatchObject({ status: "retrying", attempts: 1 });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());

    await useSmtpUrl(smtp.url);
    expect(await deliverDueMessages({ now: later(now, 60_000) })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await deliverDueMessages({ now: later(now, 120_000) })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  test("after MAIL_MAX_ATTEMPTS failures the message is dead; retryMessage queues it again and it is delivered", async () => {
    process.env.MAIL_MAX_ATTEMPTS = "3";
    resetEnvCache();
    smtp.mode = "reject451";
    await enqueueMail(db(), mail());

    let now = new Date();
    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1, dead: 0 });
    now = later(now, 7 * 3_600_000);
    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect((await row()).attempts).toBe(2);
    now = later(now, 7 * 3_600_000);
    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 0, dead: 1 });

    const dead = await row();
    expect(dead).toMatchObject({ status: "dead", attempts: 3 });
    expect(dead.lastError).toMatch(/451/);
    // Dead means dead: no further tries, however late.
    expect(await deliverDueMessages({ now: later(now, 30 * 24 * 3_600_000) })).toEqual({ sent: 0, failed: 0, dead: 0 });

    smtp.mode = "accept";
    expect(await retryMessage({ id: dead.id })).toBe(true);
    expect(await row()).toMatchObject({ status: "queued", attempts: 0 });
    expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
    expect((await row()).status).toBe("sent");

    // A sent message cannot be sent again through retryMessage.
    expect(await retryMessage({ id: dead.id })).toBe(false);
    expect(await retryMessage({ id: "no-such-message" })).toBe(false);
    expect((await row()).status).toBe("sent");
  });

  test("two deliverDueMessages running at once deliver each message exactly once", async () => {
    for (let i = 0; i < 12; i++) await enqueueMail(db(), mail({ dedupeKey: `event-2:user-${i}`, to: `user${i}@example.org` }));

    const [a, b, c] = await Promise.all([deliverDueMessages(), deliverDueMessages(), deliverDueMessages({ limit: 5 })]);
    expect(a.sent + b.sent + c.sent).toBe(12);

    const ids = smtp.received.map((r) => r.mail.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(new Set(smtp.received.flatMap((r) => r.rcptTo)).size).toBe(12);
    expect(await db().outboxMessage.count({ where: { status: "sent" } })).toBe(12);
  });

  test("a batch several times larger than the connection pool is delivered exactly once, every row marked sent", async () => {
    const n = 3 * SEND_CONCURRENCY + 7;
    for (let i = 0; i < n; i++) await enqueueMail(db(), mail({ dedupeKey: `event-3:user-${i}`, to: `user${i}@example.org` }));

    expect(await deliverDueMessages({ limit: 200 })).toEqual({ sent: n, failed: 0, dead: 0 });
    expect(await deliverDueMessages({ limit: 200 })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(new Set(smtp.received.flatMap((r) => r.rcptTo)).size).toBe(n);
    expect(smtp.received).toHaveLength(n);
    const rows = await db().outboxMessage.findMany({ select: { status: true, sentAt: true, lockedUntil: true } });
    expect(rows.every((r) => r.status === "sent" && r.sentAt instanceof Date && r.lockedUntil === null)).toBe(true);
  });

  test("a message stuck in 'sending' is left alone while its lock holds and delivered again once it expires", async () => {
    await enqueueMail(db(), mail());
    const now = new Date();
    const lockedUntil = later(now, 120_000);
    await db().outboxMessage.update({ where: { dedupeKey: "event-1:alice" }, data: { status: "sending", lockedUntil } });

    expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(0);

    expect(await deliverDueMessages({ now: later(lockedUntil, 1) })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
    expect((await row()).status).toBe("sent");
  });

  test("the backoff doubles from 30 seconds and stops growing at 6 hours", () => {
    const noJitter = () => 0;
    expect(backoffMs(1, noJitter)).toBe(30_000);
    expect(backoffMs(2, noJitter)).toBe(60_000);
    expect(backoffMs(5, noJitter)).toBe(480_000);
    expect(backoffMs(20, noJitter)).toBe(6 * 3_600_000);
    expect(backoffMs(1, () => 1)).toBe(33_000);
  });
});

describe("header safety", () => {
  test("assertHeaderSafe rejects line breaks and control characters and returns safe values", () => {
    expect(() => assertHeaderSafe("a\r\nBcc: x", "subject")).toThrow(/subject/);
    expect(() => assertHeaderSafe("a\nBcc: x", "to")).toThrow(/to/);
    expect(() => assertHeaderSafe("a\rb", "subject")).toThrow();
    expect(() => assertHeaderSafe("a\u0000b", "subject")).toThrow();
    expect(() => assertHeaderSafe("a\u2028b", "subject")).toThrow();
    expect(assertHeaderSafe("Comment on “KSK rollover” — ok", "subject")).toBe("Comment on “KSK rollover” — ok");
  });

  test("enqueueMail refuses injected subjects, recipients and custom headers and stores nothing", async () => {
    await expect(enqueueMail(db(), mail({ subject: "a\r\nBcc: x" }))).rejects.toThrow(/subject/);
    await expect(enqueueMail(db(), mail({ to: "a\r\nBcc: x" }))).rejects.toThrow(/to/);
    await expect(enqueueMail(db(), mail({ to: "alice@example.org\r\nBcc: eve@example.org" }))).rejects.toThrow(/to/);
    await expect(enqueueMail(db(), mail({ to: "alice@example.org, eve@example.org" }))).rejects.toThrow(/one email address/);
    await expect(enqueueMail(db(), mail({ headers: { "X-Note": "ok\r\nBcc: eve@example.org" } }))).rejects.toThrow(/X-Note/);
    await expect(enqueueMail(db(), mail({ headers: { Bcc: "eve@example.org" } }))).rejects.toThrow(/Bcc/);
    await expect(enqueueMail(db(), mail({ headers: { "X-Bad\r\nBcc": "x" } }))).rejects.toThrow();
    await expect(enqueueMail(db(), mail({ messageId: "<a@b>\r\nBcc: x" }))).rejects.toThrow(/messageId/);
    expect(await db().outboxMessage.count()).toBe(0);
  });

  test("enqueueMailsDirect queues each dedupeKey once (also when replayed), with the checks of enqueueMail", async () => {
    const batch = [
      mail({ dedupeKey: "e:1", to: "one@example.org" }),
      mail({ dedupeKey: "e:2", to: "two@example.org" }),
      mail({ dedupeKey: "e:1", to: "other@example.org" }),
    ];
    expect(await sqlTransaction((sql) => enqueueMailsDirect(sql, batch))).toEqual({ queued: 2 });
    // Replayed, as after a worker died mid-expansion, with one new message.
    expect(await sqlTransaction((sql) => enqueueMailsDirect(sql, [...batch, mail({ dedupeKey: "e:3", to: "three@example.org" })]))).toEqual({ queued: 1 });
    expect(await enqueueMail(db(), mail({ dedupeKey: "e:2" }))).toEqual({ queued: false });

    const rows = await db().outboxMessage.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(rows.map((r) => [r.dedupeKey, r.toAddress, r.status, r.attempts])).toEqual([
      ["e:1", "one@example.org", "queued", 0],
      ["e:2", "two@example.org", "queued", 0],
      ["e:3", "three@example.org", "queued", 0],
    ]);
    // Read back through Prisma like any other row: dates, a generated Message-ID, due now.
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(rows[0].nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rows[0].messageId).toMatch(/^<[^@]+@localhost>$/);

    await expect(
      sqlTransaction((sql) => enqueueMailsDirect(sql, [mail({ dedupeKey: "e:4" }), mail({ dedupeKey: "e:5", subject: "a\r\nBcc: x" })])),
    ).rejects.toThrow(/subject/);
    await expect(sqlTransaction((sql) => enqueueMailsDirect(sql, [mail({ dedupeKey: "e:6", to: "a@example.org, b@example.org" })]))).rejects.toThrow(
      /one email address/,
    );
    expect(await db().outboxMessage.count()).toBe(3);

    expect(await deliverDueMessages()).toEqual({ sent: 3, failed: 0, dead: 0 });
    expect(smtp.received.map((r) => r.rcptTo[0]).sort()).toEqual(["one@example.org", "three@example.org", "two@example.org"]);
  });

  test("a recipient with a display name is accepted", async () => {
    await enqueueMail(db(), mail({ to: "Alice Example <alice@example.org>" }));
    await deliverDueMessages();
    expect(smtp.received[0].rcptTo).toEqual(["alice@example.org"]);
  });
});

describe("without SMTP_URL", () => {
  test("each message is written to MAIL_DIR as an .eml file that parses", async () => {
    await useSmtpUrl(undefined);
    await enqueueMail(db(), mail({ headers: { "X-Consultation": "ksk-2026" } }));
    expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0, dead: 0 });

    const dir = env().MAIL_DIR;
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{9}Z-[A-Za-z0-9._-]+\.eml$/);
    const raw = await fs.readFile(path.join(dir, files[0]));
    expect(raw.includes("\r\n")).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe("Consultation opened: KSK rollover");
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe("alice@example.org");
    expect(parsed.text?.trim()).toBe("A consultation opened.\nRead it at https://example.org/c/1");
    expect(parsed.messageId).toBe((await row()).messageId);
    expect(parsed.headers.get("x-consultation")).toBe("ksk-2026");
    expect(smtp.received).toHaveLength(0);
  });
});

describe("listOutbox", () => {
  test("lists newest first with counts per status, filters by status and pages", async () => {
    const base = Date.now();
    for (let i = 0; i < 5; i++) {
      await enqueueMail(db(), mail({ dedupeKey: `k${i}`, to: `u${i}@example.org`, subject: `Message ${i}` }));
      await db().outboxMessage.update({ where: { dedupeKey: `k${i}` }, data: { createdAt: new Date(base + i * 1000) } });
    }
    await db().outboxMessage.update({ where: { dedupeKey: "k0" }, data: { status: "dead", attempts: 8, lastError: "550 no" } });
    await db().outboxMessage.update({ where: { dedupeKey: "k1" }, data: { status: "sent", sentAt: new Date() } });

    const all = await listOutbox({ pageSize: 2 });
    expect(all.total).toBe(5);
    expect(all.messages.map((m) => m.subject)).toEqual(["Message 4", "Message 3"]);
    expect(all.counts).toEqual({ queued: 3, sending: 0, sent: 1, retrying: 0, dead: 1 });
    expect(Object.keys(all.messages[0]).sort()).toEqual(
      ["attempts", "createdAt", "id", "lastError", "nextAttemptAt", "sentAt", "status", "subject", "toAddress"].sort(),
    );

    const page3 = await listOutbox({ pageSize: 2, page: 3 });
    expect(page3.messages.map((m) => m.subject)).toEqual(["Message 0"]);

    const dead = await listOutbox({ status: "dead" });
    expect(dead.total).toBe(1);
    expect(dead.messages[0]).toMatchObject({ toAddress: "u0@example.org", attempts: 8, lastError: "550 no" });
  });
});
