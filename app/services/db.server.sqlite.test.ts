import { db } from "./db.server";

// SQLite's one write lock, shared with other processes on the same file: waiting for it must not
// block this process, and every transaction takes it before it reads.

test("a write waiting for another process's write lock leaves this process free to serve, then goes through", async () => {
  const { default: Database } = await import("better-sqlite3");
  const { sqliteFilePath } = await import("./data-folders.server");
  const { sqlTransaction } = await import("./db.server");
  const { statement } = await import("./sql/statement");
  const insert = statement<[Date]>()(`INSERT INTO "User" ("id", "email", "createdAt") VALUES ('u-wait', 'waited@example.org', ?)`);
  await sqlTransaction(async () => undefined); // the connection is open
  const other = new Database(sqliteFilePath(process.env.DATABASE_URL!)!);
  try {
    other.exec("BEGIN IMMEDIATE");
    const write = sqlTransaction((sql) => sql.run(insert, [new Date()]));
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

test("a Prisma transaction that reads, then writes, waits for another process's write and then goes through, this process free meanwhile", async () => {
  const { anotherProcessWriting } = await import("../../test/other-process");
  await db().user.count(); // the connection is open
  const writer = await anotherProcessWriting(
    'INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?)',
    ["u-other", "other@example.org", new Date().toISOString()],
    300,
  );
  // Begun deferred, this transaction's read would make its write fail at once with SQLITE_BUSY.
  const transaction = db().$transaction(async (tx) => {
    const before = await tx.user.count();
    return (await tx.user.create({ data: { email: `after-${before}@example.org` }, select: { email: true } })).email;
  });
  let ticks = 0;
  const ticking = setInterval(() => ticks++, 5);
  await new Promise((resolve) => setTimeout(resolve, 120));
  clearInterval(ticking);
  expect(ticks).toBeGreaterThan(10);
  expect(await transaction).toBe("after-1@example.org");
  expect(await writer.done).toBe(0);
  expect(await db().user.count()).toBe(2);
});
