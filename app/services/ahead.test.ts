import { expect, test } from "vitest";
import { startAhead } from "./ahead";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

test("work runs at most `limit` items at a time, the first items first", async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const results = startAhead([0, 1, 2, 3, 4, 5, 6], 3, async (n) => {
    started.push(n);
    running++;
    most = Math.max(most, running);
    await tick();
    running--;
    return n * 10;
  });
  const settled = await Promise.all(results);
  expect(most).toBe(3);
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(settled).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ ok: true, value })));
});

test("a failing item settles as a failure and the others still complete", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const results = startAhead(["a", "bad", "c"], 2, async (s) => {
      await tick();
      if (s === "bad") throw new Error("no good");
      return s.toUpperCase();
    });
    await tick();
    await tick();
    const settled = await Promise.all(results);
    expect(settled[0]).toEqual({ ok: true, value: "A" });
    expect(settled[1]).toMatchObject({ ok: false, error: new Error("no good") });
    expect(settled[2]).toEqual({ ok: true, value: "C" });
    expect(unhandled).toEqual([]);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("a limit below 1 is refused", () => {
  expect(() => startAhead([1], 0, async (n) => n)).toThrow(/at least 1/);
});
