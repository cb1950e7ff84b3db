import Database from "better-sqlite3";
import { db } from "./db.server";
import { sqliteFilePath } from "./data-folders.server";
import { PageGenerationWatch } from "./page-generation.server";

const file = () => sqliteFilePath(process.env.DATABASE_URL!)!;

/** Another process's connection, as a second server or the standalone worker would have. */
function otherProcess<T>(fn: (other: Database.Database) => T): T {
  const other = new Database(file());
  try {
    return fn(other);
  } finally {
    other.close();
  }
}

test("a write to a table that pages show, by any connection, moves the generation", async () => {
  const watch = new PageGenerationWatch(file());
  try {
    const before = watch.current();
    expect(watch.current()).toBe(before);
    await db().user.create({ data: { email: "new@example.org", displayName: "New" } });
    const afterOwn = watch.current();
    expect(afterOwn).toBeGreaterThan(before);
    otherProcess((other) => other.prepare(`UPDATE "User" SET "displayName" = 'Renamed'`).run());
    expect(watch.current()).toBeGreaterThan(afterOwn);
  } finally {
    watch.close();
  }
});

test("writes that no page shows (sessions, rate limits, mail, CSP reports, private audit events) leave it alone", async () => {
  const user = await db().user.create({ data: { email: "reader@example.org" } });
  const watch = new PageGenerationWatch(file());
  try {
    const before = watch.current();
    await db().session.create({ data: { userId: user.id, tokenHash: "h".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) } });
    await db().rateLimit.create({ data: { key: "login:ip", windowStart: new Date(), count: 1 } });
    await db().auditEvent.create({ data: { action: "setting.change", subjectType: "setting", subjectId: "X", isPublic: false } });
    await db().cspViolation.create({ data: { key: "k", directive: "script-src", blockedUri: "x", documentUri: "/" } });
    expect(watch.current()).toBe(before);
    await db().auditEvent.create({ data: { action: "consultation.extend", subjectType: "consultation", subjectId: "c", isPublic: true } });
    expect(watch.current()).toBe(before + 1);
  } finally {
    watch.close();
  }
});

test("requests of one turn of the event loop share one look at the generation; the next turn sees a change", async () => {
  await db().user.create({ data: { email: "turn@example.org", displayName: "Turn" } });
  const rename = (name: string) => otherProcess((other) => other.prepare(`UPDATE "User" SET "displayName" = ?`).run(name));
  const watch = new PageGenerationWatch(file());
  try {
    const seen = watch.currentThisTurn();
    rename("Renamed in this turn");
    // The same turn still answers what it saw (current() looks again and sees the change) …
    expect(watch.currentThisTurn()).toBe(seen);
    expect(watch.current()).toBeGreaterThan(seen);
    rename("Renamed again");
    // … and the next turn looks again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(watch.currentThisTurn()).toBe(watch.current());
    expect(watch.currentThisTurn()).toBeGreaterThan(seen + 1);
  } finally {
    watch.close();
  }
});

test("the health check says whether the database answers", () => {
  const watch = new PageGenerationWatch(file());
  expect(watch.healthy()).toBe(true);
  watch.close();
  expect(watch.healthy()).toBe(false);
});
