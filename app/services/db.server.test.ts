import { db, isDatabaseReachable } from "./db.server";

test("the per-worker test database is migrated and reachable", async () => {
  expect(await isDatabaseReachable()).toBe(true);
  const user = await db().user.create({ data: { email: "a@example.org" } });
  expect(await db().user.count()).toBe(1);
  expect(user.email).toBe("a@example.org");
});

test("each test starts from empty tables", async () => {
  expect(await db().user.count()).toBe(0);
});
