import { execFileSync } from "node:child_process";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma-postgres/client";
import { isRetryableConflict } from "~/services/sql/retryable";
import { startPostgres, type PostgresServer } from "../postgres";

// A SERIALIZABLE transaction that PostgreSQL refuses only at COMMIT (write skew): the Prisma
// client sees the adapter's error, which must be known as retryable, and the connection must go
// back to the pool (the patched adapter releases it; unpatched, the pool kept it for ever and
// ending the pool hung).

let server: PostgresServer;
let pool: pg.Pool;
let prisma: PrismaClient;
beforeAll(async () => {
  server = await startPostgres();
  const url = server.createDatabase("commit");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  pool = new pg.Pool({ connectionString: url, max: 4 });
  prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  server?.stop();
});

/** Resolves once `count` callers have arrived: the two transactions read before either writes. */
function barrier(count: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

test("a write skew refused at COMMIT is a retryable conflict, and its connection goes back to the pool", async () => {
  const at = new Date("2026-12-07T00:00:00Z");
  await prisma.setting.createMany({ data: ["a", "b"].map((key) => ({ key, value: "on", updatedAt: at })) });
  const bothRead = barrier(2);
  const bothWrote = barrier(2);
  // Each turns the other's setting off if its own is on: no serial order lets both succeed.
  const turnOff = (own: string, other: string) =>
    prisma.$transaction(
      async (tx) => {
        const mine = await tx.setting.findUniqueOrThrow({ where: { key: own } });
        await bothRead();
        if (mine.value === "on") await tx.setting.update({ where: { key: other }, data: { value: "off" } });
        await bothWrote();
      },
      { isolationLevel: "Serializable" },
    );
  const outcomes = await Promise.allSettled([turnOff("a", "b"), turnOff("b", "a")]);

  const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(isRetryableConflict(refused[0].reason)).toBe(true);
  // Nothing is still checked out, and the pool can end.
  await expect.poll(() => pool.totalCount - pool.idleCount).toBe(0);
  const ended = await Promise.race([pool.end().then(() => "ended"), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 3_000))]);
  expect(ended).toBe("ended");
});
