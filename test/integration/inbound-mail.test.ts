import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import type { ParsedMail } from "mailparser";
import type { SMTPServer } from "smtp-server";
import { postComment } from "~/features/comments/comment.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { processInboundMessages, reprocessInboundMessage } from "~/features/email/inbound.server";
import { db } from "~/services/db.server";
import { resetEnvCache } from "~/services/env.server";
import { createInboundSmtpServer } from "~/services/inbound-smtp.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { action as webhookAction } from "~/routes/mail.inbound";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createOrganisation, createUser, makeRequest, sessionCookie } from "../factories";
import * as commentRoute from "~/routes/consultations.$slug.comments.$ref";
import * as settingsRoute from "~/routes/settings.notifications";
import * as outgoingMailRoute from "~/routes/admin.mail";
import * as inboundLogRoute from "~/routes/admin.inbound";
import * as nameRoute from "~/routes/mail.name.$token";
import { MAIL_CLIENTS, mailFixture } from "../mail-fixtures";
import { TestSmtp, useSmtpUrl } from "../smtp";

// Mail in, end to end: notifications are delivered to a real SMTP server (TestSmtp), replies are
// sent with nodemailer into the app's own SMTP receiver, the worker's processing runs, and the
// receipts and refusals are read back with mailparser. DNS answers come from a fixtures file.

const DOMAIN = "mail.consultations.test";
const BODY = "The 30-day window is too short for registries with a change freeze in March.";
let outgoing: TestSmtp;
let receiver: SMTPServer;
let receiverPort = 0;
let dnsDir: string;

beforeEach(async () => {
  dnsDir = fs.mkdtempSync(path.join(os.tmpdir(), "dns-fixtures-"));
  const fixtures = path.join(dnsDir, "dns.json");
  fs.writeFileSync(
    fixtures,
    JSON.stringify({
      TXT: {
        // Publishes DMARC; its mail comes from 127.0.0.1, which its SPF allows: aligned SPF passes.
        "strict.example": ["v=spf1 ip4:127.0.0.1 -all"],
        "_dmarc.strict.example": ["v=DMARC1; p=reject"],
        // Publishes DMARC, but 127.0.0.1 is not its sender: anything from here fails DMARC.
        "forged.example": ["v=spf1 ip4:192.0.2.1 -all"],
        "_dmarc.forged.example": ["v=DMARC1; p=reject"],
      },
    }),
  );
  process.env.MAIL_DOMAIN = DOMAIN;
  process.env.MAIL_DNS_FIXTURES = fixtures;
  process.env.INBOUND_MAX_BYTES = String(64 * 1024);
  process.env.INBOUND_WEBHOOK_SECRET = "webhook-secret-webhook-secret";
  resetEnvCache();
  outgoing = await new TestSmtp().start();
  await useSmtpUrl(outgoing.url);
  receiver = createInboundSmtpServer();
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  receiverPort = (receiver.server.address() as net.AddressInfo).port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await outgoing.stop();
  for (const name of ["MAIL_DOMAIN", "MAIL_DNS_FIXTURES", "INBOUND_MAX_BYTES", "INBOUND_WEBHOOK_SECRET"]) delete process.env[name];
  await useSmtpUrl(undefined);
  fs.rmSync(dnsDir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ helpers

async function flushOutgoing() {
  for (let i = 0; i < 20; i++) {
    const r = await processNotificationEvents({ batchSize: 50 });
    if (r.processed === 0 && r.failed === 0) break;
  }
  for (let i = 0; i < 20; i++) {
    const { sent, failed, dead } = await deliverDueMessages({ limit: 200 });
    if (sent + failed + dead === 0) return;
  }
}

async function processInbound() {
  for (let i = 0; i < 20; i++) {
    const r = await processInboundMessages();
    if (r.processed + r.failed === 0) break;
  }
  await flushOutgoing();
}

/** A consultation with one comment, and a follower without an account who was mailed about it. */
async function notifiedFollower(email = `follower-${randomUUID().slice(0, 8)}@example.net`) {
  const { consultation } = await createConsultation();
  const follower = await db().follower.create({
    data: { email, confirmedAt: new Date(Date.now() - DAY), subscriptions: { create: [{ scope: "consultation", consultationId: consultation.id }] } },
  });
  const author = await createUser({ displayName: "Hanna Lindqvist" });
  const posted = await postComment({
    consultationId: consultation.id,
    author,
    bodyMd: "The rollover window opens on 1 March.",
    idempotencyKey: randomUUID(),
    ip: "198.51.100.7",
  });
  if (!posted.ok) throw new Error(posted.message);
  await flushOutgoing();
  const notification = outgoing.one(email);
  const replyTo = notification.replyTo?.value[0]?.address ?? "";
  return { consultation, follower, parent: posted.comment, notification, replyTo };
}

function inboundTransport() {
  return nodemailer.createTransport({ host: "127.0.0.1", port: receiverPort, secure: false, ignoreTLS: true });
}

async function sendRaw({ from, to, raw, mailFrom = from }: { from: string; to: string; raw: Buffer; mailFrom?: string }) {
  const transport = inboundTransport();
  try {
    return await transport.sendMail({ envelope: { from: mailFrom, to: [to] }, raw });
  } finally {
    transport.close();
  }
  void from;
}

const reply = (
  client: (typeof MAIL_CLIENTS)[number],
  { from, to, messageId = `<${randomUUID()}@example.net>`, body = BODY }: { from: string; to: string; messageId?: string; body?: string },
) => mailFixture(client, { from, to, messageId, body });

const repliesTo = (parentId: string) => db().comment.findMany({ where: { parentId }, select: { id: true, bodyMd: true, author: { select: { email: true } } } });
const inboundRows = () =>
  db().inboundMessage.findMany({ orderBy: { receivedAt: "asc" }, select: { id: true, status: true, outcome: true, authJson: true, commentId: true } });
const headerOf = (mail: ParsedMail, name: string) => {
  const value = mail.headers.get(name);
  return typeof value === "string" ? value : Array.isArray(value) ? value.join(" ") : "";
};

// ------------------------------------------------------------------------------ replies

test("a notification about a comment carries a reply address of ours, and its return path names the recipient (VERP)", async () => {
  const { notification, replyTo, follower } = await notifiedFollower();
  expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z0-9-]+@${DOMAIN.replace(/\./g, "\\.")}$`));
  const envelope = outgoing.received.find((r) => r.mail === notification)!;
  expect(envelope.mailFrom).toMatch(new RegExp(`^bounce\\+[a-f0-9]{16}-${follower.email.split("@")[0]}=example\\.net@`));
});

test("a reply sent twice by SMTP posts one reply comment, and the one receipt continues the sender's thread", async () => {
  const { follower, parent, replyTo, consultation } = await notifiedFollower();
  const messageId = `<${randomUUID()}@example.net>`;
  const raw = reply("gmail", { from: follower.email, to: replyTo, messageId });
  await sendRaw({ from: follower.email, to: replyTo, raw });
  await sendRaw({ from: follower.email, to: replyTo, raw });
  await processInbound();

  const replies = await repliesTo(parent.id);
  expect(replies).toHaveLength(1);
  expect(replies[0].bodyMd).toBe(BODY);
  expect(replies[0].author.email).toBe(follower.email);
  expect((await inboundRows()).map((r) => r.status)).toEqual(["posted", "duplicate"]);
  const byEmail = await db().commentByEmail.findUniqueOrThrow({ where: { commentId: replies[0].id } });
  expect(byEmail.decision).toBe("no-dmarc");

  const mails = outgoing.to(follower.email).filter((m) => m.subject?.startsWith("Re: [Consultation") && /is posted as comment/.test(m.text ?? ""));
  expect(mails).toHaveLength(1);
  const receipt = mails[0];
  const ref = `${consultation.number}-2`;
  expect(receipt.text).toContain(`Reference: ${ref}`);
  expect(receipt.text).toContain(`/consultations/${consultation.slug}/comments/${ref}`);
  expect(receipt.text).toMatch(/edit it for 15 minutes/);
  expect(receipt.inReplyTo).toBe(messageId);
  expect(headerOf(receipt, "references")).toContain(messageId);
  expect(headerOf(receipt, "auto-submitted")).toBe("auto-replied");
});

test("replies from Gmail, Outlook, Thunderbird and Apple Mail post only what the sender wrote", async () => {
  const { follower, parent, replyTo } = await notifiedFollower();
  for (const client of MAIL_CLIENTS) {
    await sendRaw({ from: follower.email, to: replyTo, raw: reply(client, { from: follower.email, to: replyTo, body: `${BODY} (${client})` }) });
  }
  await processInbound();
  const bodies = (await repliesTo(parent.id)).map((r) => r.bodyMd).sort();
  expect(bodies).toHaveLength(4);
  for (const client of MAIL_CLIENTS) {
    const body = bodies.find((b) => b.startsWith(`${BODY} (${client})`));
    expect(body, client).toBeDefined();
    expect(body).not.toMatch(/wrote:|There is a new comment|From: IANA|Sent from my iPhone|Registry Operations/);
  }
  expect(bodies.find((b) => b.includes("(apple-mail)"))).toMatch(/1 inline image was left out/);
});

test("a reply from another address than the recipient's is refused with a mail saying why, and nothing is posted", async () => {
  const { parent, replyTo } = await notifiedFollower();
  const stranger = "someone.else@example.net";
  await sendRaw({ from: stranger, to: replyTo, raw: reply("thunderbird", { from: stranger, to: replyTo }) });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(0);
  expect((await inboundRows())[0].status).toBe("refused");
  const refusal = outgoing.one(stranger);
  expect(refusal.text).toMatch(/not posted as a comment/);
  expect(refusal.text).toMatch(/belongs to another recipient/);
});

test("a reply after the period closed is refused with a mail, and posts once processed again after the period is extended", async () => {
  const { follower, parent, replyTo, consultation } = await notifiedFollower();
  await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: new Date(Date.now() - 60_000) } });
  await sendRaw({ from: follower.email, to: replyTo, raw: reply("outlook", { from: follower.email, to: replyTo }) });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(0);
  const refusal = outgoing.to(follower.email).find((m) => /not posted/.test(m.text ?? ""));
  expect(refusal?.text).toMatch(/The comment period closed on/);
  expect(refusal?.text).toContain(BODY);

  await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: new Date(Date.now() + DAY) } });
  const [row] = await inboundRows();
  const staff = await createUser({ roles: ["ifm"] });
  expect(await reprocessInboundMessage({ id: row.id, actorId: staff.id })).toBe(true);
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(1);
  expect((await inboundRows())[0].status).toBe("posted");
});

test("an auto-reply to a reply address is ignored without any mail", async () => {
  const { follower, parent, replyTo } = await notifiedFollower();
  const raw = Buffer.from(
    [
      `From: ${follower.email}`,
      `To: ${replyTo}`,
      "Subject: Out of office",
      "Auto-Submitted: auto-replied",
      `Message-ID: <${randomUUID()}@example.net>`,
      "",
      "I am away until Monday.",
    ].join("\r\n"),
  );
  const before = outgoing.received.length;
  await sendRaw({ from: follower.email, to: replyTo, raw });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(0);
  const [row] = await inboundRows();
  expect(row.status).toBe("ignored");
  expect(row.outcome).toMatch(/Auto-Submitted: auto-replied/);
  expect(outgoing.received.length).toBe(before);
});

test("an oversized mail is refused at SMTP time and nothing is stored", async () => {
  const { follower, replyTo } = await notifiedFollower();
  const raw = reply("gmail", { from: follower.email, to: replyTo, body: "x".repeat(70 * 1024) });
  await expect(sendRaw({ from: follower.email, to: replyTo, raw })).rejects.toMatchObject({ responseCode: 552 });
  expect(await inboundRows()).toHaveLength(0);
});

test("a recipient outside the mail domain is refused at RCPT", async () => {
  const raw = Buffer.from(["From: a@example.net", "To: someone@elsewhere.example", "Subject: relay?", "", "hello"].join("\r\n"));
  await expect(sendRaw({ from: "a@example.net", to: "someone@elsewhere.example", raw })).rejects.toMatchObject({ responseCode: 550 });
  expect(await inboundRows()).toHaveLength(0);
});

// ------------------------------------------------------------------------------ authenticity

test("a reply that fails the sender domain's DMARC is refused without an answer, and the decision is stored", async () => {
  const { follower, parent, replyTo } = await notifiedFollower("ana@forged.example");
  const before = outgoing.received.length;
  await sendRaw({ from: follower.email, to: replyTo, raw: reply("gmail", { from: follower.email, to: replyTo }) });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(0);
  const [row] = await inboundRows();
  expect(row.status).toBe("refused");
  expect(JSON.parse(row.authJson)).toMatchObject({ decision: "dmarc-fail", dmarc: "fail", policy: "reject" });
  expect(outgoing.received.length).toBe(before);
});

test("a reply that passes DMARC through aligned SPF is posted, with the decision stored beside the comment", async () => {
  const { follower, parent, replyTo } = await notifiedFollower("ana@strict.example");
  await sendRaw({ from: follower.email, to: replyTo, raw: reply("gmail", { from: follower.email, to: replyTo }) });
  await processInbound();
  const [posted] = await repliesTo(parent.id);
  const byEmail = await db().commentByEmail.findUniqueOrThrow({ where: { commentId: posted.id } });
  expect(byEmail.decision).toBe("dmarc-pass");
  expect(JSON.parse(byEmail.authJson)).toMatchObject({ alignedSpf: "strict.example", spf: "pass" });
});

test("a reply address whose signature was altered is refused as unknown", async () => {
  const { follower, parent, replyTo } = await notifiedFollower();
  const forged = replyTo.replace(/-([a-f0-9]{20})@/, (_m, sig: string) => `-${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}@`);
  await sendRaw({ from: follower.email, to: forged, raw: reply("gmail", { from: follower.email, to: forged }) });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(0);
  expect(outgoing.to(follower.email).some((m) => /is not an address that takes comments/.test(m.text ?? ""))).toBe(true);
});

// ------------------------------------------------------------------------------ the webhook

function webhookRequest(raw: Buffer, secret: string | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/mail/inbound", {
    method: "POST",
    headers: { "Content-Type": "message/rfc822", ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...headers },
    body: new Uint8Array(raw),
  });
}

test("the webhook refuses a wrong or missing secret and stores nothing", async () => {
  const raw = Buffer.from(["From: a@example.net", `To: comments-1@${DOMAIN}`, "Subject: x", "", "hello"].join("\r\n"));
  expect((await webhookAction({ request: webhookRequest(raw, "wrong-secret-wrong-secret"), params: {}, context: {} })).status).toBe(401);
  expect((await webhookAction({ request: webhookRequest(raw, null), params: {}, context: {} })).status).toBe(401);
  expect(await inboundRows()).toHaveLength(0);
});

test("a reply posted to the webhook with the secret is stored, then posted by the worker like SMTP mail", async () => {
  const { follower, parent, replyTo } = await notifiedFollower();
  const raw = reply("apple-mail", { from: follower.email, to: replyTo });
  const response = await webhookAction({
    request: webhookRequest(raw, "webhook-secret-webhook-secret", { "X-Envelope-From": follower.email }),
    params: {},
    context: {},
  });
  expect(response.status).toBe(202);
  expect((await inboundRows())[0].status).toBe("received");
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(1);
});

test("without envelope headers the webhook takes the recipients from To and the return path from Return-Path", async () => {
  const { follower, parent, replyTo } = await notifiedFollower();
  const raw = reply("thunderbird", { from: follower.email, to: replyTo });
  const response = await webhookAction({ request: webhookRequest(raw, "webhook-secret-webhook-secret"), params: {}, context: {} });
  expect(response.status).toBe(202);
  const [row] = await db().inboundMessage.findMany({ select: { rcptTo: true, mailFrom: true } });
  expect(row).toEqual({ rcptTo: replyTo, mailFrom: follower.email });
  await processInbound();
  expect(await repliesTo(parent.id)).toHaveLength(1);
});

// ------------------------------------------------------------------------------ bounces

function dsn({ to, recipient, status }: { to: string; recipient: string; status: string }) {
  return Buffer.from(
    [
      "From: Mail Delivery System <mailer-daemon@mx.example.net>",
      `To: ${to}`,
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <${randomUUID()}@mx.example.net>`,
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
      "",
      "--dsn",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--dsn",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.net",
      "",
      `Final-Recipient: rfc822; ${recipient}`,
      "Action: failed",
      `Status: ${status}`,
      `Diagnostic-Code: smtp; 550 ${status} <${recipient}>: Recipient address rejected: User unknown`,
      "--dsn--",
      "",
    ].join("\r\n"),
  );
}

test("a 'no such user' bounce to the VERP return path stops notifications to that address", async () => {
  const { follower, notification, consultation } = await notifiedFollower();
  const returnPath = outgoing.received.find((r) => r.mail === notification)!.mailFrom;
  await sendRaw({ from: "", mailFrom: "", to: returnPath, raw: dsn({ to: returnPath, recipient: follower.email, status: "5.1.1" }) });
  await processInbound();
  const bounce = await db().mailBounce.findUniqueOrThrow({ where: { email: follower.email } });
  expect(bounce.suppressedAt).not.toBeNull();
  expect(bounce.lastStatus).toBe("5.1.1");
  expect((await inboundRows())[0].status).toBe("bounce");

  const before = outgoing.to(follower.email).length;
  const author = await createUser();
  await postComment({ consultationId: consultation.id, author, bodyMd: "Another comment.", idempotencyKey: randomUUID(), ip: "198.51.100.8" });
  await flushOutgoing();
  expect(outgoing.to(follower.email).length).toBe(before);
});

test("a bounce to a return path whose signature does not match marks nothing", async () => {
  const { follower, notification } = await notifiedFollower();
  const returnPath = outgoing.received.find((r) => r.mail === notification)!.mailFrom.replace(/^bounce\+[a-f0-9]{16}/, "bounce+0000000000000000");
  await sendRaw({ from: "", mailFrom: "", to: returnPath, raw: dsn({ to: returnPath, recipient: follower.email, status: "5.1.1" }) });
  await processInbound();
  expect(await db().mailBounce.findUnique({ where: { email: follower.email } })).toBeNull();
  expect((await inboundRows())[0].status).toBe("ignored");
});

test("the owner of a stopped address sees it in their settings and can resume notifications; staff see it in Outgoing mail", async () => {
  const user = await createUser({ email: "gone@example.net" });
  await db().mailBounce.create({
    data: { email: user.email, hardBounces: 3, lastBounceAt: new Date(), lastStatus: "5.2.1", lastDiagnostic: "mailbox disabled", suppressedAt: new Date() },
  });
  const cookie = await sessionCookie(user.id);
  const page = await call(settingsRoute.loader, makeRequest("/settings/notifications", { cookie }));
  expect(page.data.bounce).toMatchObject({ hardBounces: 3, lastStatus: "5.2.1" });

  const staff = await createUser({ roles: ["ifm"] });
  const outgoingPage = await call(outgoingMailRoute.loader, makeRequest("/admin/mail", { cookie: await sessionCookie(staff.id) }));
  expect(outgoingPage.data.stopped.map((b: { email: string }) => b.email)).toEqual([user.email]);

  const cleared = await call(settingsRoute.action, makeRequest("/settings/notifications", { cookie, form: { intent: "clear-bounces" } }));
  expect(cleared.status).toBe(302);
  expect(await db().mailBounce.findUnique({ where: { email: user.email } })).toBeNull();
});

test("staff see each received message in the inbound log with its outcome, authenticity and comment; others may not", async () => {
  const { follower, replyTo } = await notifiedFollower();
  await sendRaw({ from: follower.email, to: replyTo, raw: reply("gmail", { from: follower.email, to: replyTo }) });
  await processInbound();
  const staff = await createUser({ roles: ["ifm"] });
  const log = await call(inboundLogRoute.loader, makeRequest("/admin/inbound", { cookie: await sessionCookie(staff.id) }));
  expect(log.data.items).toHaveLength(1);
  expect(log.data.items[0]).toMatchObject({ status: "posted", fromAddress: follower.email, rcptTo: replyTo });
  expect(log.data.items[0].auth).toMatch(/publishes no DMARC policy/);
  expect(log.data.items[0].comment.ref).toMatch(/^\d+-2$/);

  const someone = await createUser();
  const refused = await call(inboundLogRoute.loader, makeRequest("/admin/inbound", { cookie: await sessionCookie(someone.id) }));
  expect(refused.status).toBe(403);
});

// ------------------------------------------------------------------------------ the comment address

const topLevel = (consultationId: string) =>
  db().comment.findMany({
    where: { consultationId, parentId: null },
    select: { id: true, bodyMd: true, author: { select: { email: true, displayName: true } } },
  });

test("a mail to a consultation's comment address from an account's address posts a top-level comment and a receipt", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser({ email: "ana@example.net", displayName: "Ana Pereira" });
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: user.email, to, raw: reply("thunderbird", { from: user.email, to }) });
  await processInbound();
  const [comment] = await topLevel(consultation.id);
  expect(comment).toMatchObject({ bodyMd: BODY, author: { email: user.email } });
  const receipt = outgoing.one(user.email);
  expect(receipt.text).toContain(`Your comment is posted as comment ${consultation.number}-1`);
  expect(receipt.text).not.toMatch(/Give your name/);
});

test("a confirmed follower without an account comments by mail, then gives their name through the receipt's link", async () => {
  const { consultation } = await createConsultation();
  const email = "lea@example.net";
  await db().follower.create({ data: { email, confirmedAt: new Date(Date.now() - DAY) } });
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: email, to, raw: reply("outlook", { from: email, to }) });
  await processInbound();
  const [comment] = await topLevel(consultation.id);
  expect(comment.author).toMatchObject({ email, displayName: null });
  const link = /(http:\/\/localhost:3000\/mail\/name\/[^\s]+)/.exec(outgoing.one(email).text ?? "")?.[1];
  expect(link).toBeDefined();
  const token = link!.split("/").pop()!;
  const shown = await call(nameRoute.loader, makeRequest(`/mail/name/${token}`), { token });
  expect(shown.data).toMatchObject({ problem: null, email });
  const empty = await call(nameRoute.action, makeRequest(`/mail/name/${token}`, { form: { intent: "name", displayName: "" } }), { token });
  expect(empty.status).toBe(400);
  const saved = await call(nameRoute.action, makeRequest(`/mail/name/${token}`, { form: { intent: "name", displayName: "Léa Fontaine" } }), { token });
  expect(saved.status).toBe(302);
  expect((await topLevel(consultation.id))[0].author.displayName).toBe("Léa Fontaine");
  const forged = await call(nameRoute.loader, makeRequest(`/mail/name/${token}x`), { token: `${token}x` });
  expect(forged.data.problem).toMatch(/not valid/);
});

test("a mail to a comment address from an address with no account and no following is refused with a mail saying how to take part", async () => {
  const { consultation } = await createConsultation();
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: "nobody@example.net", to, raw: reply("gmail", { from: "nobody@example.net", to }) });
  await processInbound();
  expect(await topLevel(consultation.id)).toHaveLength(0);
  expect(outgoing.one("nobody@example.net").text).toMatch(/has no account and does not follow consultations/);
});

test("a mail to the comment address of a consultation that does not exist is refused", async () => {
  const user = await createUser({ email: "ana2@example.net" });
  const to = `comments-9999@${DOMAIN}`;
  await sendRaw({ from: user.email, to, raw: reply("gmail", { from: user.email, to }) });
  await processInbound();
  expect(outgoing.one(user.email).text).toMatch(/there is no consultation 9999/);
});

test("a verified representative's mail is posted as their own, and speaks for their organisation only once they confirm on the web", async () => {
  const { consultation } = await createConsultation();
  const org = await createOrganisation({ name: "Example NIC", tlds: ["ex"] });
  const rep = await createUser({ email: "rep@example.net", displayName: "Rita Rep" });
  await db().membership.create({ data: { userId: rep.id, organisationId: org.id } });
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: rep.email, to, raw: reply("gmail", { from: rep.email, to }) });
  await processInbound();
  const [comment] = await db().comment.findMany({ where: { consultationId: consultation.id }, select: { id: true, seq: true, organisationId: true } });
  expect(comment.organisationId).toBeNull();
  const ref = `${consultation.number}-${comment.seq}`;
  const receipt = outgoing.one(rep.email);
  expect(receipt.text).toMatch(/To post it on behalf of Example NIC, confirm on the web/);
  expect(receipt.text).toContain(`/consultations/${consultation.slug}/comments/${ref}#on-behalf`);

  const params = { slug: consultation.slug, ref };
  const path = `/consultations/${consultation.slug}/comments/${ref}`;
  const form = { intent: "on-behalf", commentId: comment.id, organisationId: org.id };
  const other = await createUser();
  const notTheirs = await call(commentRoute.action, makeRequest(path, { cookie: await sessionCookie(other.id), form }), params);
  expect(notTheirs.status).toBe(403);
  const otherOrg = await createOrganisation();
  const wrongOrg = await call(
    commentRoute.action,
    makeRequest(path, { cookie: await sessionCookie(rep.id), form: { ...form, organisationId: otherOrg.id } }),
    params,
  );
  expect(wrongOrg.status).toBe(403);
  expect((await db().comment.findUniqueOrThrow({ where: { id: comment.id } })).organisationId).toBeNull();

  const confirmed = await call(commentRoute.action, makeRequest(path, { cookie: await sessionCookie(rep.id), form }), params);
  expect(confirmed.status).toBe(302);
  expect((await db().comment.findUniqueOrThrow({ where: { id: comment.id } })).organisationId).toBe(org.id);
});

// ------------------------------------------------------------------------------ the sender's language

test("a person whose setting is Spanish gets the receipt of a comment sent by mail in Spanish, with links to the Spanish pages", async () => {
  const { consultation } = await createConsultation();
  const user = await createUser({ email: "lucia@example.net", displayName: "Lucía Gómez" });
  await db().user.update({ where: { id: user.id }, data: { language: "es" } });
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: user.email, to, raw: reply("gmail", { from: user.email, to }) });
  await processInbound();
  const ref = `${consultation.number}-1`;
  const receipt = outgoing.one(user.email);
  expect(receipt.text).toContain(`Su comentario se ha publicado como comentario ${ref} en la consulta ${consultation.number}`);
  expect(receipt.text).toContain(`Referencia: ${ref}`);
  expect(receipt.text).toMatch(/Puede editarlo durante 15 minutos después de publicarlo/);
  expect(receipt.text).toContain(`/es/consultations/${consultation.slug}/comments/${ref}`);
  expect(receipt.text).toMatch(/Es una respuesta automática/);
  expect(receipt.text).not.toMatch(/Your comment|Reference:|automatic answer/);
  expect(receipt.html).toContain('<html lang="es" dir="ltr">');
  expect(headerOf(receipt, "content-language")).toBe("es");
});

test("a person whose setting is Spanish who comments by mail after the period closed is refused in Spanish", async () => {
  const { consultation } = await createConsultation({ closesAt: new Date(Date.now() - 60_000) });
  const user = await createUser({ email: "mateo@example.net", displayName: "Mateo Ruiz" });
  await db().user.update({ where: { id: user.id }, data: { language: "es" } });
  const to = `comments-${consultation.number}@${DOMAIN}`;
  await sendRaw({ from: user.email, to, raw: reply("outlook", { from: user.email, to }) });
  await processInbound();
  expect(await topLevel(consultation.id)).toHaveLength(0);
  const refusal = outgoing.one(user.email);
  expect(refusal.text).toContain("Su correo no se ha publicado como comentario.");
  expect(refusal.text).toMatch(/Motivo: El período de comentarios terminó el/);
  expect(refusal.text).toContain("Lo que escribió:");
  expect(refusal.text).toContain(BODY);
  expect(refusal.text).not.toMatch(/not posted|Why:|comment period closed/);
  expect(headerOf(refusal, "content-language")).toBe("es");
});

test("a follower without an account gets the answer in the language of the page they followed from", async () => {
  const email = `suiveur-${randomUUID().slice(0, 8)}@example.net`;
  const { follower, replyTo } = await notifiedFollower(email);
  await db().follower.update({ where: { id: follower.id }, data: { language: "fr" } });
  const stranger = `inconnu-${randomUUID().slice(0, 8)}@example.net`;
  // The right sender: a receipt in French. Another address on the same reply address: English, as a stranger.
  await sendRaw({ from: email, to: replyTo, raw: reply("thunderbird", { from: email, to: replyTo }) });
  await sendRaw({ from: stranger, to: replyTo, raw: reply("gmail", { from: stranger, to: replyTo }) });
  await processInbound();
  const receipt = outgoing.to(email).find((m) => headerOf(m, "auto-submitted") === "auto-replied");
  expect(receipt?.text).toMatch(/Votre réponse est publiée sous la référence \d+-2 dans la consultation/);
  expect(receipt?.text).toContain("/fr/consultations/");
  expect(headerOf(receipt!, "content-language")).toBe("fr");
  const refusal = outgoing.one(stranger);
  expect(refusal.text).toMatch(/Your mail was not posted as a comment\.[\s\S]*belongs to another recipient/);
  expect(headerOf(refusal, "content-language")).toBe("en");
});

test("an unknown sender is answered in English, and the staff's record of a refusal stays in English", async () => {
  const { consultation } = await createConsultation();
  const to = `comments-${consultation.number}@${DOMAIN}`;
  const sender = `stranger-${randomUUID().slice(0, 8)}@example.net`;
  await sendRaw({ from: sender, to, raw: reply("apple-mail", { from: sender, to }) });
  await processInbound();
  const refusal = outgoing.one(sender);
  expect(refusal.text).toMatch(/Why: .* has no account and does not follow consultations\. Sign in at http:\/\/localhost:3000\/login /);
  expect(headerOf(refusal, "content-language")).toBe("en");
  expect((await inboundRows())[0].outcome).toMatch(/^Refused: .* has no account/);
});
