// Who can be told of an event: pages of recipients read from the database, for the handlers to
// combine. Each page is queued in one transaction (notifications.server.ts), so a source never
// holds the whole audience in memory.
import { ensureUserFollower } from "../following.server";
import { db } from "~/services/db.server";
import { categoryLabelIn } from "./category-label.server";
import type { NotificationReason } from "../../../../emails/notification";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/services/language";

export type Recipient = {
  followerId: string;
  email: string;
  userId: string | null;
  reason: NotificationReason;
  /** The language their mails are written in (see mailLocale). */
  locale: Locale;
  /** What the unsubscribe link of this mail stops. */
  list: { kind: "consultation"; consultationId: string; consultationNumber: number } | { kind: "all" };
};

/** Pages of recipients; each page is queued in one transaction. */
export type RecipientSource = (pageSize: number) => AsyncGenerator<Recipient[]>;

/**
 * The language of a follower's mails: a signed-in person's own setting, else the language they
 * followed in, else English.
 */
export function mailLocale(follower: { language: string | null; user?: { language: string | null } | null }): Locale {
  const chosen = follower.user?.language ?? follower.language;
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

/** What a recipient query reads of a follower. */
export const recipientSelect = { id: true, email: true, userId: true, language: true, user: { select: { language: true } } } as const;

/** Who may receive notifications at all. */
export const reachable = { confirmedAt: { not: null }, unsubscribedAllAt: null } as const;

const followerSelect = { ...recipientSelect, confirmedAt: true, unsubscribedAllAt: true, notifyReplies: true } as const;

/** The Follower row of a user (created and confirmed when missing, see ensureUserFollower). */
export async function ensureFollowerOfUser(user: { id: string }, now: Date) {
  const id = await ensureUserFollower({ userId: user.id, now });
  return db().follower.findUniqueOrThrow({ where: { id }, select: followerSelect });
}

export function followersOfConsultation(
  consultation: { id: string; number: number },
  { commentMode }: { commentMode?: "immediate" | "daily" } = {},
): RecipientSource {
  return async function* (pageSize) {
    let after = "";
    for (;;) {
      // Driven from the consultation's subscriptions (index consultationId, followerId), not from
      // every follower: a comment on a consultation few follow must not scan all followers.
      const subscriptions = await db().subscription.findMany({
        where: {
          consultationId: consultation.id,
          scope: "consultation",
          followerId: { gt: after },
          follower: { ...reachable, ...(commentMode ? { commentMode } : {}) },
        },
        orderBy: { followerId: "asc" },
        take: pageSize,
        select: { follower: { select: recipientSelect } },
      });
      const page = subscriptions.map((s) => s.follower);
      if (page.length === 0) return;
      after = page[page.length - 1].id;
      yield page.map((f) => ({
        followerId: f.id,
        email: f.email,
        userId: f.userId,
        locale: mailLocale(f),
        reason: { kind: "follows-consultation", consultationNumber: consultation.number },
        list: { kind: "consultation", consultationId: consultation.id, consultationNumber: consultation.number },
      }));
      if (page.length < pageSize) return;
    }
  };
}

function parseCategories(csv: string): string[] {
  return csv
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Followers of "every new consultation" whose categories (none = all) include `category`. */
export function followersOfNewConsultations(category: string): RecipientSource {
  return async function* (pageSize) {
    let after = "";
    for (;;) {
      const page = await db().subscription.findMany({
        where: { scope: "all_new", id: { gt: after }, follower: reachable },
        orderBy: { id: "asc" },
        take: pageSize,
        select: { id: true, categoriesCsv: true, follower: { select: recipientSelect } },
      });
      if (page.length === 0) return;
      after = page[page.length - 1].id;
      const matching = page.filter((s) => {
        const categories = parseCategories(s.categoriesCsv);
        return categories.length === 0 || categories.includes(category);
      });
      yield matching.map((s) => ({
        followerId: s.follower.id,
        email: s.follower.email,
        userId: s.follower.userId,
        locale: mailLocale(s.follower),
        reason: { kind: "follows-new", categories: parseCategories(s.categoriesCsv).map((c) => categoryLabelIn(c, mailLocale(s.follower))) },
        list: { kind: "all" },
      }));
      if (page.length < pageSize) return;
    }
  };
}

/** Users reached through their own Follower (created if missing), each with the reason they are told. */
export function usersAsRecipients(users: { id: string; reason: NotificationReason }[], now: Date): RecipientSource {
  return async function* (pageSize) {
    for (let i = 0; i < users.length; i += pageSize) {
      const page: Recipient[] = [];
      for (const user of users.slice(i, i + pageSize)) {
        const follower = await ensureFollowerOfUser(user, now);
        if (follower.unsubscribedAllAt || !follower.confirmedAt) continue;
        page.push({
          followerId: follower.id,
          email: follower.email,
          userId: follower.userId,
          locale: mailLocale(follower),
          reason: user.reason,
          list: { kind: "all" },
        });
      }
      yield page;
    }
  };
}

/** Everyone with a comment (not withdrawn) on the consultation. */
export function commentersOf(consultation: { id: string; number: number }, now: Date): RecipientSource {
  return async function* (pageSize) {
    const authors = await db().comment.findMany({
      where: { consultationId: consultation.id, withdrawnAt: null },
      distinct: ["authorId"],
      orderBy: { authorId: "asc" },
      select: { authorId: true },
    });
    const reason: NotificationReason = { kind: "commented", consultationNumber: consultation.number };
    yield* usersAsRecipients(
      authors.map((a) => ({ id: a.authorId, reason })),
      now,
    )(pageSize);
  };
}

export function single(recipient: Recipient | null): RecipientSource {
  return async function* () {
    if (recipient) yield [recipient];
  };
}
