import { loginEmail } from "../../../emails/login";
import { db } from "~/services/db.server";
import { absoluteUrlIn } from "~/services/local-url.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { keyedHash, randomCode, randomToken } from "~/services/crypto.server";
import { enqueueMail } from "~/services/outbox.server";
import { hitRateLimits } from "~/services/rate-limit.server";
import { recordAudit } from "~/models/audit.server";
import { rateLimited, refused, type Refused } from "~/models/refusal.server";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";

export const SIGN_IN_TTL_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;

// Per address: a handful of links per quarter hour is plenty for a person and stops mail bombing.
const ADDRESS_LIMIT = { limit: 5, windowSeconds: 15 * 60 };
const IP_LIMIT = { limit: 30, windowSeconds: 15 * 60 };

/**
 * Emails a single-use sign-in link and code to `email`. Works the same whether or not an account
 * exists, so the form reveals nothing about who has one. The mail is queued in the transaction
 * that stores the (hashed) link and code.
 */
export async function requestSignIn({
  email,
  redirectTo,
  ip,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  email: string;
  redirectTo: string;
  ip: string;
  /** The language of the page the link was asked from: the mail is written in it. */
  locale?: Locale;
  now?: Date;
}): Promise<{ ok: true; loginId: string } | Refused> {
  const limited = await hitRateLimits(
    [
      { key: `sign-in:address:${email}`, ...ADDRESS_LIMIT },
      { key: `sign-in:ip:${ip}`, ...IP_LIMIT },
    ],
    now,
  );
  if (!limited.allowed) return rateLimited(limited.retryAfterSeconds, locale);

  const link = randomToken();
  const code = randomCode();
  const expiresAt = new Date(now.getTime() + SIGN_IN_TTL_MINUTES * 60_000);
  const login = await db().$transaction(async (tx) => {
    const row = await tx.loginToken.create({
      data: { email, linkHash: keyedHash(link), codeHash: keyedHash(`${email}:${code}`), redirectTo, expiresAt, createdAt: now },
      select: { id: true },
    });
    const mail = loginEmail({
      email,
      link: absoluteUrlIn(`/login/verify?token=${encodeURIComponent(link)}`, locale),
      code,
      expiresInMinutes: SIGN_IN_TTL_MINUTES,
      locale,
    });
    await enqueueMail(tx, { dedupeKey: `sign-in:${row.id}`, to: email, ...mail, headers: { "Content-Language": locale } });
    return row;
  });
  return { ok: true, loginId: login.id };
}

export type SignInFailure = "invalid" | "expired" | "used" | "too-many-attempts";

const FAILURE_MESSAGES: Record<SignInFailure, MessageId> = {
  invalid: "accounts.failure.invalid",
  expired: "accounts.failure.expired",
  used: "accounts.failure.used",
  "too-many-attempts": "accounts.failure.tooManyAttempts",
};

/** Why a sign-in link or code cannot be used, in `locale`. */
export function signInFailureMessage(reason: SignInFailure, locale: Locale): string {
  return translate(locale, FAILURE_MESSAGES[reason], { minutes: SIGN_IN_TTL_MINUTES });
}

/**
 * The notes the sign-in page may show, by the code in its `?reason=`. Only these codes are
 * honoured: the page never prints text taken from its address (which anyone can craft).
 */
const SIGN_IN_REASONS: Record<string, MessageId> = {
  "session-ended": "accounts.signIn.reason.sessionEnded",
};

export function signInReason(code: string | null, locale: Locale): string | null {
  return code && Object.hasOwn(SIGN_IN_REASONS, code) ? translate(locale, SIGN_IN_REASONS[code]!) : null;
}

type Outcome = { ok: true; userId: string; isNew: boolean; redirectTo: string } | Refused;

/** The 400 of a link or code that cannot be used; a wrong code is told apart from a bad link. */
function notUsable(reason: SignInFailure, via: "link" | "code", locale: Locale): Refused {
  if (via === "link") return refused(400, signInFailureMessage(reason, locale));
  const message = reason === "invalid" ? translate(locale, "accounts.failure.wrongCode") : signInFailureMessage(reason, locale);
  return refused(400, message, "code");
}

/** What a sign-in link would do, without using it (for the confirmation page). */
export async function inspectSignInLink({ token, now = new Date() }: { token: string; now?: Date }) {
  const row = await db().loginToken.findUnique({
    where: { linkHash: keyedHash(token) },
    select: { email: true, expiresAt: true, usedAt: true, failedCodeAttempts: true },
  });
  const problem = failure(row, now);
  return problem ? ({ ok: false, reason: problem } as const) : ({ ok: true, email: row!.email } as const);
}

function failure(row: { expiresAt: Date; usedAt: Date | null; failedCodeAttempts: number } | null, now: Date): SignInFailure | null {
  if (!row) return "invalid";
  if (row.usedAt) return "used";
  if (row.failedCodeAttempts >= MAX_CODE_ATTEMPTS) return "too-many-attempts";
  if (row.expiresAt <= now) return "expired";
  return null;
}

type Use = { now?: Date; /** The language of the refusals. */ locale?: Locale };

/** Uses a sign-in link: single use, within its lifetime. */
export async function consumeSignInLink({ token, now = new Date(), locale = DEFAULT_LOCALE }: { token: string } & Use): Promise<Outcome> {
  return consume({ linkHash: keyedHash(token) }, "link", now, locale);
}

/** Uses the code of sign-in request `loginId`; wrong codes count, and the fifth kills the request. */
export async function consumeSignInCode({
  loginId,
  code,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: { loginId: string; code: string } & Use): Promise<Outcome> {
  const row = await db().loginToken.findUnique({
    where: { id: loginId },
    select: { email: true, codeHash: true, expiresAt: true, usedAt: true, failedCodeAttempts: true },
  });
  const problem = failure(row, now);
  if (problem) return notUsable(problem, "code", locale);
  if (row!.codeHash !== keyedHash(`${row!.email}:${code}`)) {
    const updated = await db().loginToken.update({
      where: { id: loginId },
      data: { failedCodeAttempts: { increment: 1 } },
      select: { failedCodeAttempts: true },
    });
    return notUsable(updated.failedCodeAttempts >= MAX_CODE_ATTEMPTS ? "too-many-attempts" : "invalid", "code", locale);
  }
  return consume({ id: loginId }, "code", now, locale);
}

async function consume(where: { id: string } | { linkHash: string }, via: "link" | "code", now: Date, locale: Locale): Promise<Outcome> {
  return db().$transaction(async (tx) => {
    const row = await tx.loginToken.findUnique({
      where,
      select: { id: true, email: true, expiresAt: true, usedAt: true, failedCodeAttempts: true, redirectTo: true },
    });
    const problem = failure(row, now);
    if (problem) return notUsable(problem, via, locale);
    // Conditional update: of two simultaneous uses of one link, only one wins.
    const { count } = await tx.loginToken.updateMany({ where: { id: row!.id, usedAt: null }, data: { usedAt: now } });
    if (count !== 1) return notUsable("used", via, locale);
    let user = await tx.user.findUnique({ where: { email: row!.email }, select: { id: true, displayName: true } });
    const isNew = !user;
    if (!user) {
      user = await tx.user.create({ data: { email: row!.email }, select: { id: true, displayName: true } });
      await recordAudit(tx, { actorId: user.id, action: "user.create", subjectType: "user", subjectId: user.id, data: { email: row!.email } });
    }
    await tx.user.update({ where: { id: user.id }, data: { lastSeenAt: now } });
    return { ok: true, userId: user.id, isNew: isNew || !user.displayName, redirectTo: row!.redirectTo } as const;
  });
}

export async function setDisplayName({ userId, displayName }: { userId: string; displayName: string }) {
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { displayName } });
    await recordAudit(tx, { actorId: userId, action: "user.rename", subjectType: "user", subjectId: userId, data: { displayName } });
  });
}
