import { db } from "./db.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one hit against `key` in a fixed window; refuses once `limit` hits were made in the
 * current window. Stored in the database so every process serving the app shares the counters.
 */
export async function hitRateLimit({
  key,
  limit,
  windowSeconds,
  now = new Date(),
}: {
  key: string;
  limit: number;
  windowSeconds: number;
  now?: Date;
}): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  return db().$transaction(async (tx) => {
    const row = await tx.rateLimit.findUnique({ where: { key } });
    if (!row || now.getTime() - row.windowStart.getTime() >= windowMs) {
      await tx.rateLimit.upsert({
        where: { key },
        create: { key, windowStart: now, count: 1 },
        update: { windowStart: now, count: 1 },
      });
      return { allowed: true } as const;
    }
    if (row.count >= limit) {
      const retryAfterMs = row.windowStart.getTime() + windowMs - now.getTime();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } as const;
    }
    await tx.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
    return { allowed: true } as const;
  });
}

/** Checks several limits; the first that refuses wins. Every limit counts the hit. */
export async function hitRateLimits(
  limits: { key: string; limit: number; windowSeconds: number }[],
  now = new Date(),
): Promise<RateLimitResult> {
  let refused: RateLimitResult = { allowed: true };
  for (const limit of limits) {
    const result = await hitRateLimit({ ...limit, now });
    if (!result.allowed && (refused.allowed || result.retryAfterSeconds > refused.retryAfterSeconds)) refused = result;
  }
  return refused;
}

export function retryAfterMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "Too many attempts. Try again in a minute." : `Too many attempts. Try again in ${minutes} minutes.`;
}

/** The client address, as seen by the server (behind a proxy only when TRUST_PROXY=on). */
export function clientIp(request: Request): string {
  return request.headers.get("x-client-ip") ?? "unknown";
}
