/**
 * Processing of received mail (docs/decisions/033). The SMTP receiver and the webhook store each
 * message raw (app/services/inbound-store.server.ts); the worker calls processInboundMessages(),
 * which claims stored rows and decides, for each:
 * - a delivery status notification to a VERP return path marks the address (bounces.server.ts);
 * - mail a machine sent (RFC 3834) is ignored and never answered;
 * - a reply to a signed reply address posts a reply comment as the recipient of that address, and
 *   a mail to a consultation's comment address a top-level comment as its sender (who needs an
 *   account or a confirmed following), both with the same posting rules as the web (period,
 *   rate limits, length, sanitising: postCommentDirect), with the mail's Message-ID as the idempotency key, so the
 *   same mail never posts twice;
 * - anything else is refused; the sender is told why, and nothing is posted.
 * A message whose processing throws is tried again with backoff, then marked failed; staff see
 * every row at Staff → Inbound mail and can process one again.
 *
 * A batch is claimed in one statement; its mails are parsed and authenticated a few at a time
 * ahead of the writer, then decided and recorded in the order received, as typed SQL (the lookups,
 * the account, the comment, the outcome and the answer; docs/decisions/055), a few mails to a
 * transaction and each in its own savepoint (docs/decisions/037).
 */
import crypto from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { db, sqlTransaction } from "~/services/db.server";
import { absoluteUrlIn } from "~/services/local-url.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { contentLanguage } from "~/features/following/mail-language.server";
import { readDestination, type Destination } from "~/services/mail-addresses.server";
import { mailHost } from "~/services/mail-headers.server";
import { enqueueMailsDirect } from "~/services/outbox.server";
import type { SqlSession } from "~/services/sql/session";
import { startAhead, type Settled } from "~/services/ahead";
import { auditDirect, recordAudit } from "~/models/audit.server";
import { commentHtml, postCommentDirect } from "~/features/comments/comment.server";
import { commentSchemas } from "~/features/comments/validation";
import { commentAnchorId, formatCommentRef } from "~/features/comments/reference";
import { commentReceiptEmail, commentRefusalEmail } from "../../../emails/mail-receipt";
import { automaticReason } from "./automatic-mail";
import { authDecision, type AuthChecks } from "./authenticity";
import { checkAuthenticity } from "./authenticity.server";
import { commentTextOf } from "./mail-text.server";
import { recordDeliveryReport } from "./bounces.server";
import { nameUrl } from "./name-link.server";
import { answerLocale } from "./answer-language.server";
import * as inboundSql from "./inbound-sql.server";
import type { ClaimedMessage, TargetConsultation } from "./inbound-sql.server";
import type { InboundStatus } from "./inbound-status";

/** How long a worker owns a claimed message. */
const CLAIM_MS = 2 * 60_000;
/** Tries before a message that keeps failing is marked failed (backoff 1 min, 2 min, 4 min …). */
export const INBOUND_MAX_ATTEMPTS = 5;
/**
 * Mails parsed and authenticated at once ahead of the writer: enough to overlap the DNS lookups of
 * a few mails, few enough that a batch's parsed mails stay small in memory.
 */
const PREPARE_AHEAD = 8;
/** Mails written in one transaction: one commit for several, while the write lock is held for only a few milliseconds. */
const WRITE_GROUP = 8;

type Auth = AuthChecks & { decision: string; summary: string };

/** Why a mail is refused, worded in a language: English in the staff's record, the sender's in the answer. */
type Reason = (locale: Locale) => string;

type Outcome = {
  status: InboundStatus;
  outcome: string;
  commentId?: string | null;
  auth?: Auth | null;
  /** A mail back to the sender, queued with the outcome. */
  answer?: { to: string; subject: string; text: string; html: string; headers?: Record<string, string> } | null;
  /** Run in the transaction that records the outcome. */
  also?: (sql: SqlSession) => Promise<void>;
};

/** What is known of a mail before its transaction: everything that needs no database. */
type Prepared = {
  mail: ParsedMail;
  destination: Destination;
  automatic: string | null;
  /** For a mail that may post: its authenticity checks (or why they could not be made) and its text. */
  posting?: {
    checks: Settled<AuthChecks>;
    body: { ok: true; bodyMd: string; bodyHtml: string } | { ok: false; reason: Reason; keptText: string };
  };
};

/** Claims up to `batchSize` stored messages (oldest first) and processes each. */
export async function processInboundMessages({ now = new Date(), batchSize = 50 }: { now?: Date; batchSize?: number } = {}): Promise<{
  processed: number;
  failed: number;
}> {
  const result = { processed: 0, failed: 0 };
  // The random milliseconds make this claim's lock value its own: a write checks it, so a worker
  // whose claim expired and was taken over by another writes nothing.
  const lockedUntil = new Date(now.getTime() + CLAIM_MS + Math.floor(Math.random() * 60_000));
  const rows = await sqlTransaction((sql) => inboundSql.claimInboundBatch(sql, { now, lockedUntil, limit: batchSize }));
  const prepared = startAhead(rows, PREPARE_AHEAD, (row) => prepare(row, now));
  const count = (done: Done) => {
    if ("error" in done) result.failed++;
    else if (done.outcome?.status === "received") result.failed++;
    else if (done.outcome) result.processed++;
  };
  for (let start = 0; start < rows.length; start += WRITE_GROUP) {
    const group = (await Promise.all(prepared.slice(start, start + WRITE_GROUP))).map((ready, k) => ({ row: rows[start + k], ready }));
    let pending: typeof group = [];
    for (const item of group) {
      if (item.ready.ok && item.ready.value.destination.kind === "bounce") {
        (await writeGroup(pending, lockedUntil, now)).forEach(count);
        pending = [];
        count(await writeBounce(item.row, item.ready.value, lockedUntil, now));
      } else {
        pending.push(item);
      }
    }
    (await writeGroup(pending, lockedUntil, now)).forEach(count);
  }
  return result;
}

/** A mail's outcome (null: another worker took it over), or why it failed. */
type Done = { outcome: Outcome | null } | { error: unknown };

/**
 * Decides and records a few prepared mails in one transaction (one commit instead of one a mail),
 * each in its own savepoint: a mail whose writes fail is undone alone and recorded as failed.
 */
async function writeGroup(items: { row: ClaimedMessage; ready: Settled<Prepared> }[], lockedUntil: Date, now: Date): Promise<Done[]> {
  if (items.length === 0) return [];
  try {
    return await sqlTransaction(async (sql) => {
      const done: Done[] = [];
      for (const { row, ready } of items) {
        try {
          if (!ready.ok) throw ready.error;
          const value = ready.value;
          done.push({ outcome: await sql.savepoint(() => writeMail(sql, row, value, lockedUntil, now)) });
        } catch (error) {
          await recordFailure(sql, row, error, lockedUntil, now);
          done.push({ error });
        }
      }
      return done;
    });
  } catch (error) {
    // The transaction itself failed (nothing of it was written): every mail of it is tried again.
    await sqlTransaction(async (sql) => {
      for (const { row } of items) await recordFailure(sql, row, error, lockedUntil, now);
    });
    return items.map(() => ({ error }));
  }
}

/** Tried again with backoff (1 min, 2 min, 4 min …), then marked failed. */
async function recordFailure(sql: SqlSession, row: ClaimedMessage, error: unknown, lockedUntil: Date, now: Date): Promise<void> {
  const attempts = row.attempts + 1;
  const failed = attempts >= INBOUND_MAX_ATTEMPTS;
  console.error(`[inbound] message ${row.id} failed (attempt ${attempts}):`, error);
  await inboundSql.recordInboundFailure(sql, row.id, lockedUntil, {
    status: failed ? "failed" : "received",
    attempts,
    lockedUntil: failed ? null : new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)),
    outcome: `Processing failed: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
  });
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

/** Parses the mail and, when it may post, checks its authenticity and reads its text. */
async function prepare(row: ClaimedMessage, now: Date): Promise<Prepared> {
  const mail = await simpleParser(row.raw, { skipImageLinks: true, keepDeliveryStatus: true });
  const destination = readDestination(row.rcptTo, now);
  if (destination.kind === "bounce") return { mail, destination, automatic: null };
  const header = (name: string) => {
    const value = mail.headers.get(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : typeof value === "object" && "value" in value ? String(value.value) : String(value);
  };
  const automatic = automaticReason(header, row.mailFrom);
  if (automatic || (destination.kind !== "reply" && destination.kind !== "comments")) return { mail, destination, automatic };
  // Checked before the target is known (it needs the database): a target that refuses the mail
  // makes the checks moot, and an error in them counts only if the mail gets that far.
  const checks: Settled<AuthChecks> = await checkAuthenticity(row.raw, { mailFrom: row.mailFrom, remoteIp: row.remoteIp, helo: row.helo }).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
  const text = commentTextOf(mail);
  const parsed = commentSchemas(DEFAULT_LOCALE).body.safeParse(text.bodyMd);
  const body = parsed.success
    ? { ok: true as const, bodyMd: parsed.data, bodyHtml: commentHtml(parsed.data) }
    : {
        ok: false as const,
        reason: (locale: Locale) =>
          text.bodyMd ? (commentSchemas(locale).body.safeParse(text.bodyMd).error?.issues[0].message ?? "") : translate(locale, "email.refusal.noText"),
        keptText: text.bodyMd.slice(0, 2_000),
      };
  return { mail, destination, automatic, posting: { checks, body } };
}

/** A delivery report: recorded (bounces.server.ts), then its outcome. */
async function writeBounce(row: ClaimedMessage, prepared: Prepared, lockedUntil: Date, now: Date): Promise<Done> {
  try {
    if (prepared.destination.kind !== "bounce") throw new Error("Not a bounce");
    const outcome: Outcome = { status: "bounce", outcome: await recordDeliveryReport({ recipient: prepared.destination.recipient, mail: prepared.mail, now }) };
    return { outcome: await sqlTransaction(async (sql) => ((await record(sql, row, prepared.mail, outcome, lockedUntil, now)) ? outcome : null)) };
  } catch (error) {
    await sqlTransaction((sql) => recordFailure(sql, row, error, lockedUntil, now));
    return { error };
  }
}

/** Decides and records one prepared mail in the caller's transaction; null when this worker's claim on it was lost. */
async function writeMail(sql: SqlSession, row: ClaimedMessage, prepared: Prepared, lockedUntil: Date, now: Date): Promise<Outcome | null> {
  // Checked first: a worker whose claim was taken over posts nothing (on PostgreSQL the check
  // locks the row, so a takeover's claim waits for this transaction).
  if (!(await inboundSql.holdsClaim(sql, row.id, lockedUntil))) return null;
  const outcome = await decide(sql, row, prepared, now);
  await record(sql, row, prepared.mail, outcome, lockedUntil, now);
  return outcome;
}

async function record(sql: SqlSession, row: ClaimedMessage, mail: ParsedMail, outcome: Outcome, lockedUntil: Date, now: Date): Promise<boolean> {
  const recorded = await inboundSql.recordInboundOutcome(sql, row.id, lockedUntil, {
    status: outcome.status,
    outcome: outcome.outcome,
    commentId: outcome.commentId ?? null,
    authJson: JSON.stringify(outcome.auth ?? {}),
    messageId: mail.messageId ?? null,
    fromAddress: mail.from?.value[0]?.address?.toLowerCase() ?? null,
    subject: mail.subject?.slice(0, 300) ?? null,
    processedAt: now,
    lockedUntil: outcome.status === "received" ? new Date(now.getTime() + 5 * 60_000) : null,
  });
  if (!recorded) return false; // our claim expired and another worker took it over
  await outcome.also?.(sql);
  if (outcome.answer) {
    await enqueueMailsDirect(
      sql,
      [
        {
          dedupeKey: `inbound-answer:${row.id}`,
          ...outcome.answer,
          headers: { ...outcome.answer.headers, ...threadingHeaders(mail), "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
          messageId: `<answer-${row.id}@${mailHost()}>`,
        },
      ],
      now,
    );
  }
  return true;
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

async function decide(sql: SqlSession, row: ClaimedMessage, { mail, destination, automatic, posting }: Prepared, now: Date): Promise<Outcome> {
  if (automatic) return { status: "ignored", outcome: `Ignored without an answer: ${automatic}.` };

  const sender = senderOf(mail);
  // Answers are in the sender's language (their account's or following's setting), else English.
  const locale = await answerLocale(sql, sender || row.mailFrom.toLowerCase());
  const answerHeaders = contentLanguage(locale);
  // Refusals go to the envelope sender (RFC 3834 §4), who is the person who sent it.
  const refuse = (reason: Reason, auth: Outcome["auth"] = null, keptText = ""): Outcome => ({
    status: "refused",
    outcome: `Refused: ${reason(DEFAULT_LOCALE)}`,
    auth,
    answer: { to: row.mailFrom, ...commentRefusalEmail({ subject: mail.subject ?? null, reason: reason(locale), keptText, locale }), headers: answerHeaders },
  });

  if (destination.kind === "reply-expired") return refuse((l) => translate(l, "email.refusal.replyExpired"));
  const target =
    destination.kind === "reply"
      ? await replyTarget(sql, destination, sender)
      : destination.kind === "comments"
        ? await commentsTarget(sql, destination.consultationNumber, sender)
        : { refusal: (l: Locale) => translate(l, "email.refusal.notCommentAddress", { address: row.rcptTo }) };
  if ("refusal" in target) return refuse(target.refusal);
  if (!posting) throw new Error("A mail to a comment address was not prepared for posting");

  if (!posting.checks.ok) throw posting.checks.error;
  const checks = posting.checks.value;
  const decision = authDecision(checks);
  const auth = { ...checks, decision: decision.decision, summary: decision.summary };
  // A retry goes back to "received" with a later lock; a failure is not answered: its sender is
  // forged, and an answer would go to the real owner of the address (backscatter).
  if (decision.accept === "retry") return { status: "received", outcome: decision.summary, auth };
  if (!decision.accept) return { status: "refused", outcome: `Refused without an answer: ${decision.summary}`, auth };

  const { body } = posting;
  if (!body.ok) return refuse(body.reason, auth, body.keptText);

  const author = await authorFor(sql, target.person, now);
  const c = target.consultation;
  const result = await postCommentDirect(sql, {
    consultationId: c.id,
    author,
    bodyMd: body.bodyMd,
    bodyHtml: body.bodyHtml,
    parentId: target.parent?.id ?? null,
    idempotencyKey: idempotencyKey(row, mail),
    // The web's per-IP limit counts per sender for mail: a provider's one IP carries everybody's.
    ip: `mail:${sender}`,
    now,
    locale,
  });
  // The refusal is worded for the web form; the answer quotes the text anyway. Recorded as the sender was told it.
  if (!result.ok) return refuse(() => result.message.replace(/ Your text has not been lost: copy it if you want to keep it\.$/, ""), auth, body.bodyMd);

  // A duplicate is this mail again (another copy, by Message-ID), or this row processed again.
  const earlier = result.duplicate ? await inboundSql.inboundMessageOfComment(sql, result.comment.id) : null;
  if (earlier && earlier !== row.id) {
    return {
      status: "duplicate",
      outcome: `Already posted as comment ${result.comment.ref} from an earlier copy of this mail; nothing posted.`,
      commentId: result.comment.id,
      auth,
    };
  }
  const commentPath = `/consultations/${c.slug}/comments/${result.comment.ref}`;
  const say = (id: MessageId, values?: Record<string, string>) => translate(locale, id, values);
  return {
    status: "posted",
    outcome: target.parent
      ? `Posted as reply ${result.comment.ref} to comment ${formatCommentRef(c.number, target.parent.seq)}.`
      : `Posted as comment ${result.comment.ref}.`,
    commentId: result.comment.id,
    auth,
    also: async (tx) => {
      if (!earlier) {
        await inboundSql.recordCommentByEmail(
          tx,
          { commentId: result.comment.id, inboundMessageId: row.id, decision: decision.decision, authJson: JSON.stringify(auth) },
          now,
        );
      }
    },
    answer: {
      to: target.person.email,
      ...commentReceiptEmail({
        subject: mail.subject ?? null,
        ref: result.comment.ref,
        consultation: c,
        permalink: absoluteUrlIn(`${commentPath}#${commentAnchorId(result.comment.ref)}`, locale),
        editUrl: absoluteUrlIn(`${commentPath}#edit`, locale),
        isReply: !!target.parent,
        confirm: !author.displayName
          ? { url: nameUrl(author.id, now), label: say("email.receipt.giveNameLabel"), text: say("email.receipt.giveNameText") }
          : author.organisations.length
            ? {
                url: absoluteUrlIn(`${commentPath}#on-behalf`, locale),
                label: say("email.receipt.onBehalfLabel"),
                text: say("email.receipt.onBehalfText", { organisations: new Intl.ListFormat(locale, { type: "disjunction" }).format(author.organisations) }),
              }
            : null,
        locale,
      }),
      headers: answerHeaders,
    },
  };
}

/** Who posts: an account, or a follower without one yet (every mail that may post comes from one of the two). */
type Person = { email: string } & ({ userId: string; followerId: string | null } | { userId: null; followerId: string });
type Target = { consultation: TargetConsultation; parent: { id: string; seq: number } | null; person: Person };

/** A reply address: the comment replied to, and the recipient it was made for, who must be the sender. */
async function replyTarget(sql: SqlSession, destination: { commentId: string; followerId: string }, sender: string): Promise<Target | { refusal: Reason }> {
  const follower = await inboundSql.followerById(sql, destination.followerId);
  const parent = await inboundSql.commentWithConsultation(sql, destination.commentId);
  if (!follower || !parent) return { refusal: (l) => translate(l, "email.refusal.replyUnknown") };
  if (sender !== follower.email.toLowerCase()) {
    return {
      refusal: (l) => (sender ? translate(l, "email.refusal.replyOtherRecipient", { sender }) : translate(l, "email.refusal.replyOtherRecipientNoAddress")),
    };
  }
  return {
    consultation: parent.consultation,
    parent: { id: parent.id, seq: parent.seq },
    person: { email: follower.email, followerId: follower.id, userId: follower.userId },
  };
}

/** A consultation's comment address: the sender needs an account, or to be a confirmed follower. */
async function commentsTarget(sql: SqlSession, consultationNumber: number, sender: string): Promise<Target | { refusal: Reason }> {
  const consultation = await inboundSql.consultationByNumber(sql, consultationNumber);
  if (!consultation?.publishedAt) return { refusal: (l) => translate(l, "email.refusal.noConsultation", { number: String(consultationNumber) }) };
  const userId = await inboundSql.userIdByEmail(sql, sender);
  const follower = await inboundSql.followerByEmail(sql, sender);
  const { publishedAt: _, ...target } = consultation;
  if (userId) return { consultation: target, parent: null, person: { email: sender, userId, followerId: follower?.id ?? null } };
  if (follower?.confirmedAt) return { consultation: target, parent: null, person: { email: sender, userId: null, followerId: follower.id } };
  return {
    refusal: (l) => {
      const values = { sender, url: absoluteUrlIn("/login", l) };
      return translate(l, sender ? "email.refusal.unknownSender" : "email.refusal.unknownSenderNoAddress", values);
    },
  };
}

/** The same mail (Message-ID) to the same address posts once, however often it arrives. */
function idempotencyKey(row: ClaimedMessage, mail: ParsedMail): string {
  const identity = mail.messageId ?? crypto.createHash("sha256").update(row.raw).digest("hex");
  return `mail:${crypto.createHash("sha256").update(`${identity}\n${row.rcptTo}`).digest("hex").slice(0, 40)}`;
}

/**
 * The account of the sender; a follower without one gets one, linked to the following (the mail
 * proves the address, as a sign-in link would).
 */
async function authorFor(sql: SqlSession, person: Person, now: Date) {
  if (person.userId !== null) return inboundSql.authorById(sql, person.userId);
  const user = await inboundSql.userForEmail(sql, person.email, now);
  await inboundSql.linkFollower(sql, person.followerId, user.id);
  if (user.created) {
    await auditDirect(
      sql,
      { actorId: user.id, action: "user.create", subjectType: "user", subjectId: user.id, data: { email: person.email, via: "mail" } },
      now,
    );
  }
  return inboundSql.authorById(sql, user.id);
}
