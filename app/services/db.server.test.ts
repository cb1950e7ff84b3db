import { db } from "./db.server";

test("the per-worker test database is migrated and reachable", async () => {
  expect(await db().$queryRawUnsafe("SELECT 1 AS one")).toEqual([{ one: 1n }]);
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

test("a write waiting for another process's write lock leaves this process free to serve, then goes through", async () => {
  const { default: Database } = await import("better-sqlite3");
  const { sqliteFilePath } = await import("./data-folders.server");
  const { directTransaction } = await import("./db.server");
  await directTransaction(() => undefined); // the direct connection is open
  const other = new Database(sqliteFilePath(process.env.DATABASE_URL!)!);
  try {
    other.exec("BEGIN IMMEDIATE");
    const write = directTransaction((sql) =>
      sql.statement(`INSERT INTO "User" ("id", "email", "createdAt") VALUES ('u-wait', 'waited@example.org', ?)`).run(new Date().toISOString()),
    );
    // While the other connection holds the lock, this process's timers still run.
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 120));
    clearInterval(ticking);
    expect(ticks).toBeGreaterThan(10);
    other.exec("COMMIT");
    await write;
    expect(await db().user.count({ where: { email: "waited@example.org" } })).toBe(1);
  } finally {
    if (other.inTransaction) other.exec("ROLLBACK");
    other.close();
  }
});

test("a savepoint that throws undoes only its own writes; the transaction around it commits the rest", async () => {
  const { directTransaction } = await import("./db.server");
  const insert = `INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?)`;
  const at = new Date().toISOString();
  const outcome = await directTransaction((sql) => {
    sql.statement(insert).run("u-before", "before@example.org", at);
    const failed = (() => {
      try {
        return sql.savepoint(() => {
          sql.statement(insert).run("u-undone", "undone@example.org", at);
          throw new Error("this part fails");
        });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const kept = sql.savepoint(() => sql.statement(insert).run("u-after", "after@example.org", at).changes);
    return { failed, kept };
  });
  expect(outcome).toEqual({ failed: "this part fails", kept: 1 });
  expect((await db().user.findMany({ orderBy: { email: "asc" }, select: { email: true } })).map((u) => u.email)).toEqual([
    "after@example.org",
    "before@example.org",
  ]);
});
