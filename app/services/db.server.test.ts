import { db } from "./db.server";

test("the per-worker test database is migrated and reachable", async () => {
  expect(
    await db()
      .$queryRawUnsafe<{ one: unknown }[]>("SELECT 1 AS one")
      .then((rows) => rows.map((r) => Number(r.one))),
  ).toEqual([1]);
  const user = await db().user.create({ data: { email: "a@example.org" } });
  expect(await db().user.count()).toBe(1);
  expect(user.email).toBe("a@example.org");
});

test("each test starts from empty tables", async () => {
  expect(await db().user.count()).toBe(0);
});

test("a query outside a transaction is not swept into another request's open transaction", async () => {
  let inside!: () => void;
  const transactionWrote = new Promise<void>((resolve) => (inside = resolve));
  const failing = db().$transaction(async (tx) => {
    await tx.user.create({ data: { email: "rolled-back@example.org" } });
    inside();
    // Give the other request time to run while this transaction is open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error("this transaction fails");
  });
  await transactionWrote;
  const [, outside] = await Promise.all([
    failing.catch(() => "rolled back"),
    // Neither sees the open transaction's row nor is rolled back with it.
    db()
      .user.create({ data: { email: "kept@example.org" } })
      .then(() => db().user.findMany({ select: { email: true } })),
  ]);
  expect(outside.map((u) => u.email)).toEqual(["kept@example.org"]);
  expect((await db().user.findMany({ select: { email: true } })).map((u) => u.email)).toEqual(["kept@example.org"]);
});

test("transactions that read a value and write it back changed, run at once, lose no change", async () => {
  await db().setting.create({ data: { key: "COUNTER", value: "0" } });
  const increment = () =>
    db().$transaction(async (tx) => {
      const { value } = await tx.setting.findUniqueOrThrow({ where: { key: "COUNTER" } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.setting.update({ where: { key: "COUNTER" }, data: { value: String(Number(value) + 1) } });
    });
  await Promise.all([increment(), increment(), increment()]);
  expect((await db().setting.findUniqueOrThrow({ where: { key: "COUNTER" } })).value).toBe("3");
});
