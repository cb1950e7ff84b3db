import { db } from "./db.server";
import { hitRateLimit, hitRateLimits, pruneRateLimits } from "./rate-limit.server";

const t0 = new Date("2026-12-01T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

test("a limit allows `limit` hits in its window, refuses the next with the seconds left, and opens again when the window is over", async () => {
  const hit = (seconds: number) => hitRateLimit({ key: "k", limit: 3, windowSeconds: 60, now: at(seconds) });
  expect(await hit(0)).toEqual({ allowed: true });
  expect(await hit(10)).toEqual({ allowed: true });
  expect(await hit(20)).toEqual({ allowed: true });
  expect(await hit(45)).toEqual({ allowed: false, retryAfterSeconds: 15 });
  expect(await hit(59)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  // The window started at 0 s and lasts 60 s: at exactly 60 s a new one starts.
  expect(await hit(60)).toEqual({ allowed: true });
  const row = await db().rateLimit.findUniqueOrThrow({ where: { key: "k" } });
  expect(row.windowStart).toEqual(at(60));
  expect(row.count).toBe(1);
});

test("keys are counted separately, and several limits refuse with the longest wait", async () => {
  const limits = [
    { key: "user:minute", limit: 2, windowSeconds: 60 },
    { key: "user:day", limit: 3, windowSeconds: 86_400 },
  ];
  expect(await hitRateLimits(limits, at(0))).toEqual({ allowed: true });
  expect(await hitRateLimits(limits, at(1))).toEqual({ allowed: true });
  expect(await hitRateLimits(limits, at(2))).toEqual({ allowed: false, retryAfterSeconds: 58 });
  // A new minute, but the day's three hits are used up.
  expect(await hitRateLimits(limits, at(70))).toEqual({ allowed: false, retryAfterSeconds: 86_330 });
  expect(await hitRateLimit({ key: "other", limit: 1, windowSeconds: 60, now: at(2) })).toEqual({ allowed: true });
});

test("concurrent hits are all counted", async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit({ key: "burst", limit: 5, windowSeconds: 60, now: t0 })));
  expect(results.filter((r) => r.allowed)).toHaveLength(5);
  expect((await db().rateLimit.findUniqueOrThrow({ where: { key: "burst" } })).count).toBe(20);
});

test("pruning deletes the counters whose window is over for every limit and keeps the others", async () => {
  await hitRateLimit({ key: "old", limit: 5, windowSeconds: 86_400, now: at(0) });
  await hitRateLimit({ key: "recent", limit: 5, windowSeconds: 86_400, now: at(3600) });
  expect(await pruneRateLimits(at(86_400 + 10))).toBe(1);
  expect(await db().rateLimit.findUnique({ where: { key: "old" } })).toBeNull();
  expect((await db().rateLimit.findUniqueOrThrow({ where: { key: "recent" } })).count).toBe(1);
  // A key pruned and hit again starts a new window.
  expect(await hitRateLimit({ key: "old", limit: 1, windowSeconds: 60, now: at(86_400 + 20) })).toEqual({ allowed: true });
});

test("a limit with a window longer than a day is refused, so pruning can never forget a live counter", async () => {
  await expect(hitRateLimit({ key: "week", limit: 5, windowSeconds: 7 * 86_400, now: t0 })).rejects.toThrow(/at most 86400 s/);
});
