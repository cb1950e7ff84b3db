import { sqlTransaction } from "./db.server";
import type { SqlSession } from "./sql/session";
import { column, statement } from "./sql/statement";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "./language";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// The existing row's columns are named with the table's name: PostgreSQL finds a bare "count"
// ambiguous (the existing row's, or the one proposed in excluded).
const hit = statement<{ key: string; start: Date; expiredUpTo: Date }>()(
  `INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (@key, @start, 1)
  ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN "RateLimit"."windowStart" <= @expiredUpTo THEN 1 ELSE "RateLimit"."count" + 1 END,
    "windowStart" = CASE WHEN "RateLimit"."windowStart" <= @expiredUpTo THEN excluded."windowStart" ELSE "RateLimit"."windowStart" END
  RETURNING "windowStart", "count"`,
  { windowStart: column.date, count: column.int },
);

const prune = statement<[expiredUpTo: Date]>()(`DELETE FROM "RateLimit" WHERE "windowStart" <= ?`);

type Limit = { key: string; limit: number; windowSeconds: number };

/** The longest window any limit may have: a counter whose window started earlier is over, whatever its key. */
export const LONGEST_WINDOW_SECONDS = 86_400;

/**
 * Counts one hit against each limit's key in a fixed window, inside the caller's transaction of
 * the typed SQL layer; refuses when a key had more than `limit` hits in its current window, with
 * the longest wait of the refusing limits. One upsert per limit, atomic on both databases (on
 * PostgreSQL a concurrent insert of the same key waits and then updates); SET expressions read the
 * row as it was before the update.
 */
export async function countRateLimitHits(sql: SqlSession, limits: Limit[], now: Date): Promise<RateLimitResult> {
  let refused: RateLimitResult = { allowed: true };
  for (const { key, limit, windowSeconds } of limits) {
    if (windowSeconds > LONGEST_WINDOW_SECONDS) throw new Error(`A rate limit's window is at most ${LONGEST_WINDOW_SECONDS} s (pruning relies on it): ${key}`);
    const windowMs = windowSeconds * 1000;
    // A window that started at or before this instant is over: the hit starts a new one.
    const expiredUpTo = new Date(now.getTime() - windowMs);
    const row = (await sql.get(hit, { key, start: now, expiredUpTo }))!;
    if (row.count <= limit) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - now.getTime()) / 1000));
    if (refused.allowed || retryAfterSeconds > refused.retryAfterSeconds) refused = { allowed: false, retryAfterSeconds };
  }
  return refused;
}

/**
 * Counts one hit against `key`; refuses once more than `limit` hits were made in the current
 * window. Stored in the database so every process serving the app shares the counters.
 */
export function hitRateLimit({ now = new Date(), ...limit }: Limit & { now?: Date }): Promise<RateLimitResult> {
  return hitRateLimits([limit], now);
}

/** Checks several limits; the first that refuses wins. Every limit counts the hit. */
export function hitRateLimits(limits: Limit[], now = new Date()): Promise<RateLimitResult> {
  return sqlTransaction((sql) => countRateLimitHits(sql, limits, now));
}

/** The refusal of a rate limit in `locale`: the wait, in whole minutes (at least one). */
export function retryAfterMessage(seconds: number, locale: Locale = DEFAULT_LOCALE): string {
  return translate(locale, "accounts.refusal.tooManyAttempts", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

/** The client address, as seen by the server (from X-Forwarded-For only as far as TRUST_PROXY trusts it). */
export function clientIp(request: Request): string {
  return request.headers.get("x-client-ip") ?? "unknown";
}

/**
 * Deletes the counters whose window is over for any limit (started a longest window ago or
 * more): their next hit would start a new window anyway. The worker runs it every hour, so the
 * table holds about a day of distinct keys (addresses, people) instead of every one ever seen.
 */
export function pruneRateLimits(now = new Date()): Promise<number> {
  const expiredUpTo = new Date(now.getTime() - LONGEST_WINDOW_SECONDS * 1000);
  return sqlTransaction((sql) => sql.run(prune, [expiredUpTo]));
}
