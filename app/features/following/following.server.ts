// Following consultations (docs/decisions/008 for the contract, 009 for the choices made here).
// One Follower per email address; Subscriptions say what it follows. Signed-in users are
// confirmed at once; everyone else confirms by double opt-in.
import { followAddEmail, followConfirmEmail, type FollowTarget } from "../../../emails/follow-confirm";
import { db, type Db, isUniqueViolation, sqlRead } from "~/services/db.server";
import { column, statement } from "~/services/sql/statement";
import { CONFIRM_TTL_SECONDS, confirmUrl, manageUrl, readConfirmToken } from "~/features/following/tokens.server";
import { enqueueMail } from "~/services/outbox.server";
import { hitRateLimit } from "~/services/rate-limit.server";
import { recordAudit } from "~/models/audit.server";
import { rateLimited, refused, type Refused } from "~/models/refusal.server";
import { CATEGORIES, type Category } from "~/features/consultations/fields";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { translate } from "~/i18n/catalogue.server";
import { categoryLabelIn } from "./events/category-label.server";
import { contentLanguage } from "./mail-language.server";

export const COMMENT_MODES = ["immediate", "daily"] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** At most one confirmation mail per address in this time. */
export const CONFIRM_RESEND_MS = 60 * 60_000;
const IP_LIMIT = { limit: 20, windowSeconds: 3600 };
const ADDRESS_LIMIT = { limit: 5, windowSeconds: 3600 };

/** The refusal for an address that is no published consultation. */
export const notFollowable = (locale: Locale = DEFAULT_LOCALE) => refused(404, translate(locale, "following.error.notFollowable"));

/** Settings that were deleted meanwhile. */
const gone = (locale: Locale) => refused(404, translate(locale, "following.error.settingsGone"));

export type FollowableConsultation = { id: string; slug: string; number: number; title: string };

const CONSULTATION_SELECT = { id: true, slug: true, number: true, title: true, publishedAt: true, opensAt: true, closesAt: true } as const;

function isFollowable(c: { publishedAt: Date | null; opensAt: Date | null; closesAt: Date | null } | null): boolean {
  // Drafts (not yet published) exist only for staff: nobody can follow them.
  return !!c && !!c.publishedAt && !!c.opensAt && !!c.closesAt;
}

/** A published consultation (drafts and unknown ones give null). */
export async function findFollowableConsultation(where: { slug: string } | { id: string }): Promise<FollowableConsultation | null> {
  const c = await db().consultation.findUnique({ where, select: CONSULTATION_SELECT });
  if (!c || !isFollowable(c)) return null;
  return { id: c.id, slug: c.slug, number: c.number, title: c.title };
}

/** Keeps known categories, in their canonical order; every category (or none) means "all" (empty). */
export function normaliseCategories(categories: readonly string[]): Category[] {
  const picked = CATEGORIES.filter((c) => categories.includes(c));
  return picked.length === CATEGORIES.length ? [] : picked;
}

// ------------------------------------------------------------------------------ followers of users

async function ensureUserFollowerIn(tx: Db, userId: string, now: Date): Promise<string> {
  const linked = await tx.follower.findUnique({ where: { userId }, select: { id: true, confirmedAt: true } });
  if (linked) {
    if (!linked.confirmedAt) await tx.follower.update({ where: { id: linked.id }, data: { confirmedAt: now } });
    return linked.id;
  }
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new Error(`No user ${userId}`);
  const email = user.email.trim().toLowerCase();
  const byEmail = await tx.follower.findUnique({ where: { email }, select: { id: true, confirmedAt: true } });
  if (byEmail) {
    // The user proved they own the address by signing in with a mailed link: link and confirm.
    await tx.follower.update({ where: { id: byEmail.id }, data: { userId, confirmedAt: byEmail.confirmedAt ?? now } });
    return byEmail.id;
  }
  const created = await tx.follower.create({ data: { email, userId, confirmedAt: now, createdAt: now }, select: { id: true } });
  return created.id;
}

/**
 * The Follower of a user, created (confirmed) when missing; an email-only Follower with the
 * user's address is linked to the account and confirmed. Pass `tx` to take part in a transaction.
 */
export async function ensureUserFollower({ userId, tx, now = new Date() }: { userId: string; tx?: Db; now?: Date }): Promise<string> {
  if (tx) return ensureUserFollowerIn(tx, userId, now);
  try {
    return await db().$transaction((t) => ensureUserFollowerIn(t, userId, now));
  } catch (error) {
    // Two first follows of one user at the same moment: the other one created the row.
    if (isUniqueViolation(error)) return db().$transaction((t) => ensureUserFollowerIn(t, userId, now));
    throw error;
  }
}

/** The user's Follower without creating one: linked, or an email-only one with their address. */
export async function findUserFollower({ userId }: { userId: string }): Promise<{ id: string; confirmed: boolean; linked: boolean } | null> {
  const linked = await db().follower.findUnique({ where: { userId }, select: { id: true, confirmedAt: true } });
  if (linked) return { id: linked.id, confirmed: !!linked.confirmedAt, linked: true };
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return null;
  const byEmail = await db().follower.findUnique({ where: { email: user.email.trim().toLowerCase() }, select: { id: true, userId: true, confirmedAt: true } });
  return byEmail && !byEmail.userId ? { id: byEmail.id, confirmed: !!byEmail.confirmedAt, linked: false } : null;
}

// ------------------------------------------------------------------------------ subscriptions

type Target = { consultationId: string } | { allNew: true; categories: readonly string[] };

/** Adds (or, for "all_new", re-scopes) a subscription. True when something changed. */
async function addSubscriptionIn(tx: Db, followerId: string, target: Target, now: Date): Promise<boolean> {
  if ("consultationId" in target) {
    const existing = await tx.subscription.findUnique({
      where: { followerId_scope_consultationId: { followerId, scope: "consultation", consultationId: target.consultationId } },
      select: { id: true },
    });
    if (existing) return false;
    await tx.subscription.create({ data: { followerId, scope: "consultation", consultationId: target.consultationId, createdAt: now } });
    return true;
  }
  const categoriesCsv = normaliseCategories(target.categories).join(",");
  // consultationId is null for "all_new", and SQL unique indexes do not compare NULLs: look first.
  const existing = await tx.subscription.findMany({
    where: { followerId, scope: "all_new" },
    orderBy: { createdAt: "asc" },
    select: { id: true, categoriesCsv: true },
  });
  if (existing.length > 1) await tx.subscription.deleteMany({ where: { id: { in: existing.slice(1).map((s) => s.id) } } });
  if (existing[0]) {
    if (existing[0].categoriesCsv === categoriesCsv) return false;
    await tx.subscription.update({ where: { id: existing[0].id }, data: { categoriesCsv } });
    return true;
  }
  await tx.subscription.create({ data: { followerId, scope: "all_new", consultationId: null, categoriesCsv, createdAt: now } });
  return true;
}

function auditTarget(target: Target) {
  return "consultationId" in target
    ? { consultationId: target.consultationId, data: { scope: "consultation" } }
    : { consultationId: null, data: { scope: "all_new", categories: normaliseCategories(target.categories) } };
}

async function followerActor(tx: Db, followerId: string): Promise<string | null> {
  const f = await tx.follower.findUnique({ where: { id: followerId }, select: { userId: true } });
  return f?.userId ?? null;
}

/**
 * Adds a subscription for a follower who proved they own the mailbox (a manage link, a
 * confirmation): confirms them if needed and turns notifications back on.
 */
async function followAs(tx: Db, { followerId, actorId, target, now }: { followerId: string; actorId: string | null; target: Target; now: Date }) {
  const before = await tx.follower.findUniqueOrThrow({ where: { id: followerId }, select: { confirmedAt: true, unsubscribedAllAt: true } });
  const changed = await addSubscriptionIn(tx, followerId, target, now);
  if (!before.confirmedAt || before.unsubscribedAllAt) {
    await tx.follower.update({ where: { id: followerId }, data: { confirmedAt: before.confirmedAt ?? now, unsubscribedAllAt: null } });
  }
  const { consultationId, data } = auditTarget(target);
  if (changed || before.unsubscribedAllAt) {
    await recordAudit(tx, { actorId, action: "follow.add", subjectType: "follower", subjectId: followerId, consultationId, data });
  }
  return { alreadyFollowing: !changed && !before.unsubscribedAllAt };
}

export async function followConsultation({
  userId,
  consultationId,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  userId: string;
  consultationId: string;
  /** The language of a refusal. */
  locale?: Locale;
  now?: Date;
}): Promise<{ ok: true; alreadyFollowing: boolean } | Refused> {
  if (!(await findFollowableConsultation({ id: consultationId }))) return notFollowable(locale);
  return db().$transaction(async (tx) => {
    const followerId = await ensureUserFollowerIn(tx, userId, now);
    const result = await followAs(tx, { followerId, actorId: userId, target: { consultationId }, now });
    return { ok: true as const, ...result };
  });
}

export async function unfollowConsultation({
  userId,
  consultationId,
}: {
  userId: string;
  consultationId: string;
  now?: Date;
}): Promise<{ ok: true; wasFollowing: boolean }> {
  const follower = await findUserFollower({ userId });
  if (!follower) return { ok: true, wasFollowing: false };
  return db().$transaction(async (tx) => {
    const { count } = await tx.subscription.deleteMany({ where: { followerId: follower.id, scope: "consultation", consultationId } });
    if (count) {
      await recordAudit(tx, {
        actorId: userId,
        action: "follow.remove",
        subjectType: "follower",
        subjectId: follower.id,
        consultationId,
        data: { scope: "consultation" },
      });
    }
    return { ok: true as const, wasFollowing: count > 0 };
  });
}

/** True when the user gets this consultation's notifications (a subscription, not unsubscribed from everything). */
export async function isFollowing({ userId, consultationId }: { userId: string; consultationId: string }): Promise<boolean> {
  // Asked on every consultation page a signed-in reader opens: one read of the typed SQL layer
  // (the same rule as findUserFollower: the follower linked to the account, or else the unlinked
  // one of the account's address).
  return sqlRead(async (sql) => {
    const linked = await sql.get(FOLLOWER_SQL.linked, [userId]);
    let follower = linked;
    if (!linked) {
      const user = await sql.get(FOLLOWER_SQL.userEmail, [userId]);
      const byEmail = user ? await sql.get(FOLLOWER_SQL.byEmail, [user.email.trim().toLowerCase()]) : undefined;
      follower = byEmail && !byEmail.userId ? byEmail : undefined;
    }
    if (!follower?.confirmed || follower.unsubscribedAll) return false;
    return !!(await sql.get(FOLLOWER_SQL.subscribed, [follower.id, consultationId]));
  });
}

const FOLLOWER_COLUMNS = {
  id: column.text,
  userId: column.nullable(column.text),
  confirmed: column.bool,
  unsubscribedAll: column.bool,
};
const FOLLOWER_SELECT = `SELECT "id", "userId", "confirmedAt" IS NOT NULL AS "confirmed", "unsubscribedAllAt" IS NOT NULL AS "unsubscribedAll" FROM "Follower"`;
const FOLLOWER_SQL = {
  linked: statement<[userId: string]>()(`${FOLLOWER_SELECT} WHERE "userId" = ?`, FOLLOWER_COLUMNS),
  byEmail: statement<[email: string]>()(`${FOLLOWER_SELECT} WHERE "email" = ?`, FOLLOWER_COLUMNS),
  userEmail: statement<[userId: string]>()(`SELECT "email" FROM "User" WHERE "id" = ?`, { email: column.text }),
  subscribed: statement<[followerId: string, consultationId: string]>()(
    `SELECT 1 AS "found" FROM "Subscription" WHERE "followerId" = ? AND "scope" = 'consultation' AND "consultationId" = ?`,
  ),
};

/** Follow every new consultation (`categories` empty = every category); replaces earlier categories. */
export async function followNewConsultations({
  userId,
  categories,
  now = new Date(),
}: {
  userId: string;
  categories: readonly string[];
  now?: Date;
}): Promise<{ ok: true; categories: Category[]; alreadyFollowing: boolean }> {
  return db().$transaction(async (tx) => {
    const followerId = await ensureUserFollowerIn(tx, userId, now);
    const result = await followAs(tx, { followerId, actorId: userId, target: { allNew: true, categories }, now });
    return { ok: true as const, categories: normaliseCategories(categories), ...result };
  });
}

/**
 * Auto-follow when a user comments: call it in the comment's transaction. Does nothing when the
 * user turned auto-follow off or unsubscribed from everything. True when a subscription was added.
 */
export async function followOnComment(
  tx: Db,
  { userId, consultationId, now = new Date() }: { userId: string; consultationId: string; now?: Date },
): Promise<boolean> {
  const followerId = await ensureUserFollowerIn(tx, userId, now);
  const f = await tx.follower.findUniqueOrThrow({ where: { id: followerId }, select: { autoFollowOnComment: true, unsubscribedAllAt: true } });
  if (!f.autoFollowOnComment || f.unsubscribedAllAt) return false;
  const added = await addSubscriptionIn(tx, followerId, { consultationId }, now);
  if (added) {
    await recordAudit(tx, {
      actorId: userId,
      action: "follow.add",
      subjectType: "follower",
      subjectId: followerId,
      consultationId,
      data: { scope: "consultation", auto: true },
    });
  }
  return added;
}

// ------------------------------------------------------------------------------ following by email

export type EmailFollowTarget = { consultationId: string } | { allNew: true; categories: string[] };

/**
 * Someone without an account asks to follow. Answers `{ ok: true }` whatever the address's state
 * (new, pending, confirmed, already following, throttled), so the form reveals nothing about
 * who follows what; only a flood from one IP (429) or a consultation that cannot be followed
 * (404) are refused. `email` is as the form's emailField gave it: valid, trimmed, lower-case.
 * See docs/decisions/012-following.md:
 * - an unconfirmed address gets the subscription at once (inert until confirmed) and a
 *   confirmation link;
 * - a confirmed address gets nothing added: it gets a link to its manage page that offers to add
 *   the subscription, so nobody can silently subscribe someone else's address;
 * - at most one such mail per address per hour (Follower.confirmSentAt).
 */
export async function requestEmailFollow({
  email,
  target,
  ip,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  email: string;
  target: EmailFollowTarget;
  ip: string;
  /** The language of the page they followed from: their mails are written in it. */
  locale?: Locale;
  now?: Date;
}): Promise<{ ok: true } | Refused> {
  const byIp = await hitRateLimit({ key: `follow:ip:${ip}`, ...IP_LIMIT, now });
  if (!byIp.allowed) return rateLimited(byIp.retryAfterSeconds, locale);

  let mailTarget: FollowTarget;
  let manageQuery: string;
  if ("consultationId" in target) {
    const c = await findFollowableConsultation({ id: target.consultationId });
    if (!c) return notFollowable(locale);
    mailTarget = { kind: "consultation", number: c.number, title: c.title };
    manageQuery = `?follow=${encodeURIComponent(c.slug)}`;
  } else {
    const categories = normaliseCategories(target.categories);
    mailTarget = { kind: "all_new", categories: categories.map((c) => categoryLabelIn(c, locale)) };
    manageQuery = `?follow=new${categories.length ? `&categories=${categories.join(",")}` : ""}`;
  }

  // Per address: over the limit, do nothing and answer as usual.
  const byAddress = await hitRateLimit({ key: `follow:address:${email}`, ...ADDRESS_LIMIT, now });
  if (!byAddress.allowed) return { ok: true };

  const run = () =>
    db().$transaction(async (tx) => {
      const follower =
        (await tx.follower.findUnique({ where: { email: email }, select: { id: true, confirmedAt: true } })) ??
        (await tx.follower.create({ data: { email: email, language: locale, createdAt: now }, select: { id: true, confirmedAt: true } }));
      const confirmed = !!follower.confirmedAt;
      // Until the address is confirmed, its latest request decides the language; once confirmed,
      // only its owner changes it (a stranger typing the address must not).
      if (!confirmed) {
        await addSubscriptionIn(tx, follower.id, target, now);
        await tx.follower.update({ where: { id: follower.id }, data: { language: locale }, select: { id: true } });
      }

      // Conditional update: of two requests in the same hour, only one sends a mail.
      const { count } = await tx.follower.updateMany({
        where: { id: follower.id, OR: [{ confirmSentAt: null }, { confirmSentAt: { lte: new Date(now.getTime() - CONFIRM_RESEND_MS) } }] },
        data: { confirmSentAt: now },
      });
      if (count === 1) {
        const mail = confirmed
          ? followAddEmail({ email: email, target: mailTarget, addUrl: `${manageUrl(follower.id, locale)}${manageQuery}`, locale })
          : followConfirmEmail({
              email: email,
              target: mailTarget,
              confirmUrl: confirmUrl(follower.id, now, locale),
              expiresInDays: CONFIRM_TTL_SECONDS / 86_400,
              locale,
            });
        await enqueueMail(tx, {
          dedupeKey: `follow-confirm:${follower.id}:${now.getTime()}`,
          to: email,
          ...mail,
          headers: contentLanguage(locale),
        });
      }
      const { consultationId, data } = auditTarget(target);
      await recordAudit(tx, {
        actorId: null,
        action: "follow.request",
        subjectType: "follower",
        subjectId: follower.id,
        consultationId,
        data: { ...data, mailed: count === 1, pending: !confirmed },
      });
    });
  try {
    await run();
  } catch (error) {
    // Two first requests for one address at once: the other created the follower; retry once.
    if (!isUniqueViolation(error)) throw error;
    await run();
  }
  return { ok: true };
}

export type ConfirmFailure = "invalid" | "expired";

type Confirmation = { ok: true; followerId: string; alreadyConfirmed: boolean } | Refused;

function confirmFailure(reason: ConfirmFailure, locale: Locale): Refused {
  return refused(
    400,
    reason === "expired"
      ? translate(locale, "following.error.confirmExpired", { days: CONFIRM_TTL_SECONDS / 86_400 })
      : translate(locale, "following.error.confirmInvalid"),
  );
}

/** What a confirmation link would do, without using it (for the page with the Confirm button). */
export async function inspectConfirmToken({ token, locale = DEFAULT_LOCALE, now = new Date() }: { token: string; locale?: Locale; now?: Date }) {
  const read = readConfirmToken(token, now);
  if (!read.ok) return confirmFailure(read.reason, locale);
  const settings = await getFollowerSettings({ followerId: read.followerId });
  if (!settings) return confirmFailure("invalid", locale);
  return { ok: true as const, followerId: read.followerId, alreadyConfirmed: settings.confirmed, settings };
}

/** Confirms an email follower (double opt-in). Idempotent: a second use answers alreadyConfirmed. */
export async function confirmEmailFollow({
  token,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  token: string;
  locale?: Locale;
  now?: Date;
}): Promise<Confirmation> {
  const read = readConfirmToken(token, now);
  if (!read.ok) return confirmFailure(read.reason, locale);
  return db().$transaction(async (tx) => {
    const follower = await tx.follower.findUnique({ where: { id: read.followerId }, select: { id: true, userId: true, confirmedAt: true } });
    if (!follower) return confirmFailure("invalid", locale);
    if (follower.confirmedAt) return { ok: true as const, followerId: follower.id, alreadyConfirmed: true };
    const { count } = await tx.follower.updateMany({ where: { id: follower.id, confirmedAt: null }, data: { confirmedAt: now, unsubscribedAllAt: null } });
    if (count !== 1) return { ok: true as const, followerId: follower.id, alreadyConfirmed: true };
    await recordAudit(tx, { actorId: follower.userId, action: "follow.confirm", subjectType: "follower", subjectId: follower.id });
    return { ok: true as const, followerId: follower.id, alreadyConfirmed: false };
  });
}

/**
 * Adds a subscription from a follower's manage page (the signed manage link proves they own the
 * mailbox): confirms them if needed and turns notifications back on.
 */
export async function addFollowerSubscription({
  followerId,
  target,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  followerId: string;
  target: EmailFollowTarget;
  locale?: Locale;
  now?: Date;
}): Promise<{ ok: true; alreadyFollowing: boolean } | Refused> {
  if ("consultationId" in target && !(await findFollowableConsultation({ id: target.consultationId }))) return notFollowable(locale);
  return db().$transaction(async (tx) => {
    const follower = await tx.follower.findUnique({ where: { id: followerId }, select: { userId: true } });
    if (!follower) return gone(locale);
    const result = await followAs(tx, { followerId, actorId: follower.userId, target, now });
    return { ok: true as const, ...result };
  });
}

// ------------------------------------------------------------------------------ settings

export type FollowerSubscription = {
  id: string;
  scope: "consultation" | "all_new";
  consultation: { slug: string; title: string; number: number } | null;
  /** Category keys for "all_new"; empty for every category. */
  categories: Category[];
};

export type FollowerSettings = {
  email: string;
  commentMode: CommentMode;
  notifyReplies: boolean;
  autoFollowOnComment: boolean;
  unsubscribedAll: boolean;
  confirmed: boolean;
  hasAccount: boolean;
  subscriptions: FollowerSubscription[];
};

export async function getFollowerSettings({ followerId }: { followerId: string }): Promise<FollowerSettings | null> {
  const f = await db().follower.findUnique({
    where: { id: followerId },
    select: {
      email: true,
      userId: true,
      confirmedAt: true,
      commentMode: true,
      notifyReplies: true,
      autoFollowOnComment: true,
      unsubscribedAllAt: true,
      subscriptions: {
        orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
        select: { id: true, scope: true, categoriesCsv: true, consultation: { select: { slug: true, title: true, number: true } } },
      },
    },
  });
  if (!f) return null;
  const subscriptions = f.subscriptions
    .map((s) => ({
      id: s.id,
      scope: s.scope === "all_new" ? ("all_new" as const) : ("consultation" as const),
      consultation: s.consultation,
      categories: normaliseCategories(s.categoriesCsv.split(",")),
    }))
    // "Every new consultation" first, then consultations newest number first.
    .sort((a, b) => (a.scope === b.scope ? (b.consultation?.number ?? 0) - (a.consultation?.number ?? 0) : a.scope === "all_new" ? -1 : 1));
  return {
    email: f.email,
    commentMode: f.commentMode === "daily" ? "daily" : "immediate",
    notifyReplies: f.notifyReplies,
    autoFollowOnComment: f.autoFollowOnComment,
    unsubscribedAll: !!f.unsubscribedAllAt,
    confirmed: !!f.confirmedAt,
    hasAccount: !!f.userId,
    subscriptions,
  };
}

/** The settings of a user who may have no Follower yet (nothing is created). */
export async function getUserFollowerSettings({ userId }: { userId: string }): Promise<FollowerSettings> {
  const follower = await findUserFollower({ userId });
  const settings = follower ? await getFollowerSettings({ followerId: follower.id }) : null;
  if (settings) return { ...settings, hasAccount: true };
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return {
    email: user.email,
    commentMode: "immediate",
    notifyReplies: true,
    autoFollowOnComment: true,
    unsubscribedAll: false,
    confirmed: true,
    hasAccount: true,
    subscriptions: [],
  };
}

export async function updateFollowerSettings({
  followerId,
  commentMode,
  notifyReplies,
  autoFollowOnComment,
  locale = DEFAULT_LOCALE,
}: {
  followerId: string;
  commentMode: CommentMode;
  notifyReplies: boolean;
  autoFollowOnComment: boolean;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.follower.updateMany({ where: { id: followerId }, data: { commentMode, notifyReplies, autoFollowOnComment } });
    if (count !== 1) return gone(locale);
    await recordAudit(tx, {
      actorId: await followerActor(tx, followerId),
      action: "follow.settings",
      subjectType: "follower",
      subjectId: followerId,
      data: { commentMode, notifyReplies, autoFollowOnComment },
    });
    return { ok: true as const };
  });
}

/** Removes one of the follower's own subscriptions; someone else's is refused as unknown. */
export async function removeSubscription({
  followerId,
  subscriptionId,
  locale = DEFAULT_LOCALE,
}: {
  followerId: string;
  subscriptionId: string;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  return db().$transaction(async (tx) => {
    const sub = await tx.subscription.findFirst({ where: { id: subscriptionId, followerId }, select: { id: true, scope: true, consultationId: true } });
    if (!sub) return refused(404, translate(locale, "following.error.notFollowed"));
    await tx.subscription.delete({ where: { id: sub.id } });
    await recordAudit(tx, {
      actorId: await followerActor(tx, followerId),
      action: "follow.remove",
      subjectType: "follower",
      subjectId: followerId,
      consultationId: sub.consultationId,
      data: { scope: sub.scope },
    });
    return { ok: true as const };
  });
}

/**
 * Stops every notification: sets unsubscribedAllAt and removes every subscription, so following
 * something again later does not bring back everything that was followed before.
 */
export async function unsubscribeAll({
  followerId,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  followerId: string;
  locale?: Locale;
  now?: Date;
}): Promise<{ ok: true; changed: boolean } | Refused> {
  return db().$transaction(async (tx) => {
    const f = await tx.follower.findUnique({ where: { id: followerId }, select: { userId: true, unsubscribedAllAt: true } });
    if (!f) return gone(locale);
    const { count: removed } = await tx.subscription.deleteMany({ where: { followerId } });
    if (f.unsubscribedAllAt && !removed) return { ok: true as const, changed: false };
    if (!f.unsubscribedAllAt) await tx.follower.update({ where: { id: followerId }, data: { unsubscribedAllAt: now } });
    await recordAudit(tx, { actorId: f.userId, action: "follow.unsubscribe-all", subjectType: "follower", subjectId: followerId, data: { removed } });
    return { ok: true as const, changed: true };
  });
}

export type UnsubscribeView = {
  email: string;
  list: string;
  /** The consultation the link stops (null for "all", or when it no longer exists). */
  consultation: { slug: string; title: string; number: number } | null;
  /** True when there is nothing left to stop. */
  done: boolean;
};

/** What an unsubscribe link stops, without changing anything (for the page with the button). */
export async function getUnsubscribeView({ followerId, list }: { followerId: string; list: string }): Promise<UnsubscribeView | null> {
  const f = await db().follower.findUnique({ where: { id: followerId }, select: { email: true, unsubscribedAllAt: true } });
  if (!f) return null;
  if (list === "all") return { email: f.email, list, consultation: null, done: !!f.unsubscribedAllAt };
  const [consultation, sub] = await Promise.all([
    db().consultation.findUnique({ where: { id: list }, select: { slug: true, title: true, number: true } }),
    db().subscription.findFirst({ where: { followerId, scope: "consultation", consultationId: list }, select: { id: true } }),
  ]);
  return { email: f.email, list, consultation, done: !sub };
}

/** The one-click unsubscribe (RFC 8058): "all" stops everything, a consultation id stops that one. Idempotent. */
export async function applyUnsubscribe({
  followerId,
  list,
  now = new Date(),
}: {
  followerId: string;
  list: string;
  now?: Date;
}): Promise<{ ok: true; changed: boolean } | Refused> {
  if (list === "all") return unsubscribeAll({ followerId, now });
  return db().$transaction(async (tx) => {
    const f = await tx.follower.findUnique({ where: { id: followerId }, select: { userId: true } });
    if (!f) return gone(DEFAULT_LOCALE); // the route answers with its own page
    const { count } = await tx.subscription.deleteMany({ where: { followerId, scope: "consultation", consultationId: list } });
    if (count) {
      await recordAudit(tx, {
        actorId: f.userId,
        action: "follow.remove",
        subjectType: "follower",
        subjectId: followerId,
        consultationId: list,
        data: { scope: "consultation", via: "unsubscribe-link" },
      });
    }
    return { ok: true as const, changed: count > 0 };
  });
}
