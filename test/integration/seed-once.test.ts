import { db } from "~/services/db.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/seed";

// Two processes may start on one new database at once (two servers, a server and `npm run seed`):
// the demo data is loaded once.

test("seeding twice at once loads the demo data once", { timeout: 60_000 }, async () => {
  const results = await Promise.all([seedDemoData(db()), seedDemoData(db())]);
  expect(results.sort()).toEqual([false, true]);
  expect(await db().user.count()).toBeGreaterThanOrEqual(DEMO_ACCOUNTS.length);
  expect(await db().user.count({ where: { email: DEMO_ACCOUNTS[0]!.email } })).toBe(1);
  expect(await seedDemoData(db())).toBe(false);
});
