import { db } from "~/services/db.server";
import { seedDemoData } from "../../prisma/seed";
import { anotherProcessWriting } from "../other-process";

// On SQLite the seed's transaction takes the one write lock before it looks for people: a seed
// started while another process writes waits for it and then sees what it committed.

test("a seed that waits for another process's write finds the people it committed and loads nothing", { timeout: 60_000 }, async () => {
  const writer = await anotherProcessWriting(
    'INSERT INTO "User" ("id", "email", "createdAt") VALUES (?, ?, ?)',
    ["other-process-user", "first@example.org", new Date().toISOString()],
    400,
  );
  expect(await seedDemoData(db())).toBe(false);
  expect(await writer.done).toBe(0);
  expect(await db().user.findMany({ select: { email: true } })).toEqual([{ email: "first@example.org" }]);
  expect(await db().consultation.count()).toBe(0);
});
