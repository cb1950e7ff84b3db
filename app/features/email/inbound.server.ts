/**
 * Processing of received mail (docs/decisions/033). The SMTP receiver and the webhook store each
 * message raw (app/services/inbound-store.server.ts); the worker calls processInboundMessages(),
 * which claims stored rows and decides, for each:
 * - a delivery status notification to a VERP return path marks the address (bounces.server.ts);
 * - mail a machine sent (RFC 3834) is ignored and never answered;
 * - a reply to a signed reply address posts a reply comment as the recipient of that address, and
 *   a mail to a consultation's comment address a top-level comment as its sender (who needs an
 *   account or a confirmed following), both through the same postComment() as the web (period,
 *   rate limits, length, sanitising), with the mail's Message-ID as the idempotency key, so the
 *   same mail never posts twice;
 * - anything else is refused; the sender is told why, and nothing is posted.
 * A message whose processing throws is tried again with backoff, then marked failed; staff see
 * every row at Staff → Inbound mail and can process one again.
 */
import crypto from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { db, type Db } from "~/services/db.server";
import { absoluteUrl } from "~/services/env.server";
import { readDestination } from "~/services/mail-addresses.server";
import { mailHost } from "~/services/mail-headers.server";
import { enqueueMail } from "~/services/outbox.server";
import { recordAudit } from "~/models/audit.server";
import { postComment } from "~/features/comments/comment.server";
import { commentBodyField } from "~/features/comments/validation";
import { commentAnchorId, formatCommentRef } from "~/features/comments/reference";
import { ensureUserFollower } from "~/features/following/following.server";
import { commentReceiptEmail, commentRefusalEmail } from "../../../emails/mail-receipt";
import { automaticReason } from "./automatic-mail";
import { authDecision, type AuthChecks } from "./authenticity";
import { checkAuthenticity } from "./authenticity.server";
import { commentTextOf } from "./mail-text.server";
import { recordDeliveryReport } from "./bounces.server";
import { nameUrl } from "./name-link.server";
import type { InboundStatus } from "./inbound-status";

/** How long a worker owns a claimed message. */
const CLAIM_MS = 2 * 60_000;
/** Tries before a message that keeps failing is marked failed (backoff 1 min, 2 min, 4 min …). */
export const INBOUND_MAX_ATTEMPTS = 5;

type Claimed = {
  id: string;
  raw: Uint8Array;
  mailFrom: string;
  rcptTo: string;
  remoteIp: string | null;
  helo: string | null;
  attempts: number;
};

type Outcome = {
  status: InboundStatus;
  outcome: string;
  commentId?: string | null;
  auth?: (AuthChecks & { decision: string; summary: string }) | null;
  /** A mail back to the sender, queued with the outcome. */
  answer?: { to: string; subject: string; text: string; html: string } | null;
  /** Run in the transaction that records the outcome. */
  also?: (tx: Db) => Promise<unknown>;
};

const claimable = (now: Date) => ({
  OR: [
    { status: "received", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    { status: "processing", lockedUntil: { lt: now } },
  ],
});

/** Claims up to `batchSize` stored messages (oldest first) and processes each. */
export async function processInboundMessages({ now = new Date(), batchSize = 50 }: { now?: Date; batchSize?: number } = {}): Promise<{
  processed: number;
  failed: number;
}> {
  const result = { processed: 0, failed: 0 };
  const candidates = await db().inboundMessage.findMany({ where: claimable(now), orderBy: { receivedAt: "asc" }, take: batchSize, select: { id: true } });
  if (candidates.length === 0) return result;
  // One claim for the batch; the random milliseconds make this claim's lock value its own, so the
  // rows read back are the ones this worker claimed (another worker's claim has another value).
  const lockedUntil = new Date(now.getTime() + CLAIM_MS + Math.floor(Math.random() * 60_000));
  await db().inboundMessage.updateMany({ where: { id: { in: candidates.map((c) => c.id) }, ...claimable(now) }, data: { status: "processing", lockedUntil } });
  const rows = await db().inboundMessage.findMany({
    where: { id: { in: candidates.map((c) => c.id) }, status: "processing", lockedUntil },
    orderBy: { receivedAt: "asc" },
    select: { id: true, raw: true, mailFrom: true, rcptTo: true, remoteIp: true, helo: true, attempts: true },
  });
  for (const row of rows) {
    const id = row.id;
    try {
      const mail = await simpleParser(Buffer.from(row.raw), { skipImageLinks: true, keepDeliveryStatus: true });
      const outcome = await decide(row, mail, now);
      await record(row, mail, outcome, lockedUntil, now);
      if (outcome.status === "received") result.failed++;
      else result.processed++;
    } catch (error) {
      result.failed++;
      const attempts = row.attempts + 1;
      const failed = attempts >= INBOUND_MAX_ATTEMPTS;
      console.error(`[inbound] message ${id} failed (attempt ${attempts}):`, error);
      await db().inboundMessage.updateMany({
        where: { id, lockedUntil },
        data: {
          status: failed ? "failed" : "received",
          attempts,
          lockedUntil: failed ? null : new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)),
          outcome: `Processing failed: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
        },
      });
    }
  }
  return result;
}

/** Staff process a message again from its stored copy (a failed one, or after a fix). */
export async function reprocessInboundMessage({ id, actorId }: { id: string; actorId: string }): Promise<boolean> {
  const { count } = await db().inboundMessage.updateMany({
    where: { id, status: { not: "processing" } },
    data: { status: "received", attempts: 0, lockedUntil: null },
  });
  if (count === 1) await recordAudit(db(), { actorId, action: "inbound.reprocess", subjectType: "inbound", subjectId: id });
  return count === 1;
}

async function record(row: Claimed, mail: ParsedMail, outcome: Outcome, lockedUntil: Date, now: Date) {
  await db().$transaction(async (tx) => {
    const { count } = await tx.inboundMessage.updateMany({
      where: { id: row.id, lockedUntil },
      data: {
        status: outcome.status,
        outcome: outcome.outcome,
        commentId: outcome.commentId ?? null,
        authJson: JSON.stringify(outcome.auth ?? {}),
        messageId: mail.messageId ?? null,
        fromAddress: mail.from?.value[0]?.address?.toLowerCase() ?? null,
        subject: mail.subject?.slice(0, 300) ?? null,
        processedAt: now,
        lockedUntil: outcome.status === "received" ? new Date(now.getTime() + 5 * 60_000) : null,
      },
    });
    if (count !== 1) return; // our claim expired and another worker took it over
    await outcome.also?.(tx);
    if (outcome.answer) {
      await enqueueMail(tx, {
        dedupeKey: `inbound-answer:${row.id}`,
        ...outcome.answer,
        headers: { ...threadingHeaders(mail), "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
        messageId: `<answer-${row.id}@${mailHost()}>`,
      });
    }
  });
}

const MESSAGE_ID = /^<[^\s<>"]{1,250}@[^\s<>"]{1,250}>$/;

/** The answer continues the sender's thread (RFC 5322 §3.6.4). */
function threadingHeaders(mail: ParsedMail): Record<string, string> {
  const id = mail.messageId && MESSAGE_ID.test(mail.messageId) ? mail.messageId : null;
  if (!id) return {};
  const earlier = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []).filter((r) => MESSAGE_ID.test(r)).slice(-10);
  return { "In-Reply-To": id, References: [...earlier, id].join(" ") };
}

const senderOf = (mail: ParsedMail) => mail.from?.value[0]?.address?.trim().toLowerCase() ?? "";

async function decide(row: Claimed, mail: ParsedMail, now: Date): Promise<Outcome> {
  const destination = readDestination(row.rcptTo, now);
  if (destination.kind === "bounce") return { status: "bounce", outcome: await recordDeliveryReport({ recipient: destination.recipient, mail, now }) };

  const header = (name: string) => {
    const value = mail.headers.get(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : typeof value === "object" && "value" in value ? String(value.value) : String(value);
  };
  const automatic = automaticReason(header, row.mailFrom);
  if (automatic) return { status: "ignored", outcome: `Ignored without an answer: ${automatic}.` };

  const sender = senderOf(mail);
  // Refusals go to the envelope sender (RFC 3834 §4), who is the person who sent it.
  const refuse = (reason: string, auth: Outcome["auth"] = null, keptText = ""): Outcome => ({
    status: "refused",
    outcome: `Refused: ${reason}`,
    auth,
    answer: { to: row.mailFrom, ...commentRefusalEmail({ subject: mail.subject ?? null, reason, keptText }) },
  });

  if (destination.kind === "reply-expired") {
    return refuse("the reply address has expired. Reply on the consultation page instead (the link is in the notification).");
  }
  const target =
    destination.kind === "reply"
      ? await replyTarget(destination, sender)
      : destination.kind === "comments"
        ? await commentsTarget(destination.consultationNumber, sender)
        : { refusal: `${row.rcptTo} is not an address that takes comments.` };
  if ("refusal" in target) return refuse(target.refusal);

  const checks = await checkAuthenticity(Buffer.from(row.raw), { mailFrom: row.mailFrom, remoteIp: row.remoteIp, helo: row.helo });
  const decision = authDecision(checks);
  const auth = { ...checks, decision: decision.decision, summary: decision.summary };
  // A retry goes back to "received" with a later lock; a failure is not answered: its sender is
  // forged, and an answer would go to the real owner of the address (backscatter).
  if (decision.accept === "retry") return { status: "received", outcome: decision.summary, auth };
  if (!decision.accept) return { status: "refused", outcome: `Refused without an answer: ${decision.summary}`, auth };

  const text = commentTextOf(mail);
  const body = commentBodyField.safeParse(text.bodyMd);
  if (!body.success) {
    const reason = text.bodyMd ? body.error.issues[0].message : "the mail has no text of its own (only quoted text or a signature).";
    return refuse(reason, auth, text.bodyMd.slice(0, 2_000));
  }

  const author = await authorFor(target.person, now);
  const c = target.consultation;
  const result = await postComment({
    consultationId: c.id,
    author,
    bodyMd: body.data,
    parentId: target.parent?.id ?? null,
    idempotencyKey: idempotencyKey(row, mail),
    // The web's per-IP limit counts per sender for mail: a provider's one IP carries everybody's.
    ip: `mail:${sender}`,
    now,
  });
  if (!result.ok) return refuse(result.message.replace(/ Your text has not been lost: copy it if you want to keep it\.$/, ""), auth, body.data);

  // A duplicate is this mail again, or an earlier run of this row that stopped before recording.
  const earlier = result.duplicate
    ? await db().commentByEmail.findUnique({ where: { commentId: result.comment.id }, select: { inboundMessageId: true } })
    : null;
  if (earlier && earlier.inboundMessageId !== row.id) {
    return {
      status: "duplicate",
      outcome: `Already posted as comment ${result.comment.ref} from an earlier copy of this mail; nothing posted.`,
      commentId: result.comment.id,
      auth,
    };
  }
  const commentPath = `/consultations/${c.slug}/comments/${result.comment.ref}`;
  return {
    status: "posted",
    outcome: target.parent
      ? `Posted as reply ${result.comment.ref} to comment ${formatCommentRef(c.number, target.parent.seq)}.`
      : `Posted as comment ${result.comment.ref}.`,
    commentId: result.comment.id,
    auth,
    also: (tx) =>
      earlier
        ? Promise.resolve()
        : tx.commentByEmail.create({
            data: { commentId: result.comment.id, inboundMessageId: row.id, decision: decision.decision, authJson: JSON.stringify(auth) },
          }),
    answer: {
      to: target.person.email,
      ...commentReceiptEmail({
        subject: mail.subject ?? null,
        ref: result.comment.ref,
        consultation: c,
        permalink: absoluteUrl(`${commentPath}#${commentAnchorId(result.comment.ref)}`),
        editUrl: absoluteUrl(`${commentPath}#edit`),
        isReply: !!target.parent,
        confirm: !author.displayName
          ? { url: nameUrl(author.id, now), label: "Give your name", text: "Your comment shows no name yet. Give the name shown with your comments:" }
          : author.organisations.length
            ? {
                url: absoluteUrl(`${commentPath}#on-behalf`),
                label: "Post it on behalf of your organisation",
                text: `It is posted as your own. To post it on behalf of ${author.organisations.join(" or ")}, confirm on the web (signed in) while it can still be edited:`,
              }
            : null,
      }),
    },
  };
}

type Person = { email: string; followerId: string | null; userId: string | null };
type Target = { consultation: { id: string; number: number; slug: string; title: string }; parent: { id: string; seq: number } | null; person: Person };

/** A reply address: the comment replied to, and the recipient it was made for, who must be the sender. */
async function replyTarget(destination: { commentId: string; followerId: string }, sender: string): Promise<Target | { refusal: string }> {
  const [follower, parent] = await Promise.all([
    db().follower.findUnique({ where: { id: destination.followerId }, select: { id: true, email: true, userId: true } }),
    db().comment.findUnique({
      where: { id: destination.commentId },
      select: { id: true, seq: true, consultation: { select: { id: true, number: true, slug: true, title: true } } },
    }),
  ]);
  if (!follower || !parent) return { refusal: "the reply address is unknown (the comment or the notification it belongs to no longer exists)." };
  if (sender !== follower.email.toLowerCase()) {
    return {
      refusal: `this reply address belongs to another recipient; the mail came from ${sender || "no address"}. Reply from the address the notification was sent to.`,
    };
  }
  return {
    consultation: parent.consultation,
    parent: { id: parent.id, seq: parent.seq },
    person: { email: follower.email, followerId: follower.id, userId: follower.userId },
  };
}

/** A consultation's comment address: the sender needs an account, or to be a confirmed follower. */
async function commentsTarget(consultationNumber: number, sender: string): Promise<Target | { refusal: string }> {
  const consultation = await db().consultation.findUnique({
    where: { number: consultationNumber },
    select: { id: true, number: true, slug: true, title: true, publishedAt: true },
  });
  if (!consultation?.publishedAt) return { refusal: `there is no consultation ${consultationNumber} to comment on.` };
  const [user, follower] = await Promise.all([
    db().user.findUnique({ where: { email: sender }, select: { id: true } }),
    db().follower.findUnique({ where: { email: sender }, select: { id: true, confirmedAt: true } }),
  ]);
  if (!user && !follower?.confirmedAt) {
    return {
      refusal: `${sender || "the sender"} has no account and does not follow consultations. Sign in at ${absoluteUrl("/login")} (any address can) or follow the consultation first, then send your comment again.`,
    };
  }
  return { consultation, parent: null, person: { email: sender, followerId: follower?.id ?? null, userId: user?.id ?? null } };
}

/** The same mail (Message-ID) to the same address posts once, however often it arrives. */
function idempotencyKey(row: Claimed, mail: ParsedMail): string {
  const identity = mail.messageId ?? crypto.createHash("sha256").update(row.raw).digest("hex");
  return `mail:${crypto.createHash("sha256").update(`${identity}\n${row.rcptTo}`).digest("hex").slice(0, 40)}`;
}

/** The account of the sender; one is made for a confirmed follower without one (the mail proves the address, as a sign-in link would). */
async function authorFor(person: Person, now: Date) {
  const select = {
    id: true,
    displayName: true,
    createdAt: true,
    roles: { select: { role: true } },
    memberships: { where: { revokedAt: null }, select: { organisation: { select: { name: true } } } },
  } as const;
  // One query whether the account exists or not (the unique email decides), no transaction held open.
  const user = person.userId
    ? await db().user.findUniqueOrThrow({ where: { id: person.userId }, select })
    : await db().user.upsert({ where: { email: person.email }, create: { email: person.email, createdAt: now }, update: {}, select });
  if (!person.userId) {
    const created = user.createdAt.getTime() === now.getTime();
    await db().$transaction([
      ...(person.followerId ? [db().follower.updateMany({ where: { id: person.followerId, userId: null }, data: { userId: user.id } })] : []),
      ...(created
        ? [
            db().auditEvent.create({
              data: {
                actorId: user.id,
                action: "user.create",
                subjectType: "user",
                subjectId: user.id,
                dataJson: JSON.stringify({ email: person.email, via: "mail" }),
              },
            }),
          ]
        : []),
    ]);
    if (!person.followerId) await ensureUserFollower({ userId: user.id, now });
  }
  return { id: user.id, displayName: user.displayName, roles: user.roles.map((r) => r.role), organisations: user.memberships.map((m) => m.organisation.name) };
}
