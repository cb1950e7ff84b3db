import { directTransaction } from "./db.server";
import type { DirectConnection } from "./sqlite-isolation.server";
import { dateFrom, sqliteDateTime } from "./sql.server";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "./language";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const HIT_SQL = `
  INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (@key, @start, 1)
  ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN "windowStart" <= @expiredUpTo THEN 1 ELSE "count" + 1 END,
    "windowStart" = CASE WHEN "windowStart" <= @expiredUpTo THEN excluded."windowStart" ELSE "windowStart" END
  RETURNING "windowStart", "count"`;

type Limit = { key: string; limit: number; windowSeconds: number };

/** The longest window any limit may have: a counter whose window started earlier is over, whatever its key. */
export const LONGEST_WINDOW_SECONDS = 86_400;

/**
 * Counts one hit against each limit's key in a fixed window, on a direct connection (inside the
 * caller's transaction); refuses when a key had more than `limit` hits in its current window,
 * with the longest wait of the refusing limits. One upsert per limit; SET expressions read the
 * row as it was before the update.
 */
export function countRateLimitHits(sql: DirectConnection, limits: Limit[], now: Date): RateLimitResult {
  let refused: RateLimitResult = { allowed: true };
  for (const { key, limit, windowSeconds } of limits) {
    if (windowSeconds > LONGEST_WINDOW_SECONDS) throw new Error(`A rate limit's window is at most ${LONGEST_WINDOW_SECONDS} s (pruning relies on it): ${key}`);
    const windowMs = windowSeconds * 1000;
    // A window that started at or before this instant is over: the hit starts a new one.
    const expiredUpTo = sqliteDateTime(new Date(now.getTime() - windowMs));
    const row = sql.statement(HIT_SQL).get({ key, start: sqliteDateTime(now), expiredUpTo }) as { windowStart: string; count: bigint };
    if (Number(row.count) <= limit) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil((dateFrom(row.windowStart)!.getTime() + windowMs - now.getTime()) / 1000));
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
  return directTransaction((sql) => countRateLimitHits(sql, limits, now));
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
  const expiredUpTo = sqliteDateTime(new Date(now.getTime() - LONGEST_WINDOW_SECONDS * 1000));
  return directTransaction((sql) => Number(sql.statement('DELETE FROM "RateLimit" WHERE "windowStart" <= ?').run(expiredUpTo).changes));
}
