import { writeAsAnotherProcess } from "../../test/app-database";
import { db } from "./db.server";
import { memoPublic } from "./public-memo.server";

function counting<T>(value: () => T) {
  const calls = { n: 0 };
  return { calls, compute: async () => (calls.n++, value()) };
}

test("a value is computed once and shared until public content changes", async () => {
  const { calls, compute } = counting(() => ({ title: "A" }));
  const [a, b] = await Promise.all([memoPublic("k", compute), memoPublic("k", compute)]);
  expect(await memoPublic("k", compute)).toBe(a);
  expect(b).toBe(a);
  expect(calls.n).toBe(1);

  await db().user.create({ data: { email: "writer@example.org" } });
  await memoPublic("k", compute);
  expect(calls.n).toBe(2);
});

test("a write by another process to the database retires the shared values", async () => {
  const { calls, compute } = counting(() => 1);
  await memoPublic("k", compute);
  await writeAsAnotherProcess(`INSERT INTO "User" ("id", "email", "createdAt") VALUES ('u-other', 'other@example.org', ?)`, [new Date()]);
  await memoPublic("k", compute);
  expect(calls.n).toBe(2);
});

test("writes no page shows (a session) keep the shared values", async () => {
  const user = await db().user.create({ data: { email: "reader@example.org" } });
  const { calls, compute } = counting(() => 1);
  await memoPublic("k", compute);
  await db().session.create({ data: { userId: user.id, tokenHash: "h".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) } });
  await memoPublic("k", compute);
  expect(calls.n).toBe(1);
});

test("a failure is not remembered, and different keys are different values", async () => {
  let fail = true;
  const compute = async () => {
    if (fail) throw new Error("database busy");
    return "ok";
  };
  await expect(memoPublic("k", compute)).rejects.toThrow("database busy");
  fail = false;
  expect(await memoPublic("k", compute)).toBe("ok");
  expect(await memoPublic("other", async () => "other")).toBe("other");
});

test("shared values are frozen outside production, so a caller that changes one fails at once", async () => {
  const value = await memoPublic("k", async () => ({ list: [{ n: 1 }] }));
  expect(() => value.list[0] && ((value.list[0] as { n: number }).n = 2)).toThrow(TypeError);
  expect(() => value.list.push({ n: 3 })).toThrow(TypeError);
});
