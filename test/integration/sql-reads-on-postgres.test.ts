import { execFileSync } from "node:child_process";
import pg from "pg";
import type { SqlDatabase } from "~/services/sql/session";
import { PostgresDatabase } from "~/services/sql/postgres-database.server";
import { startPostgres, type PostgresServer } from "../postgres";

// The reads moved onto the typed SQL layer (threads, the work list, following, sessions, settings,
// the consultation lookup of comment forms) answer alike on SQLite and on PostgreSQL: the demo data
// is copied row by row into a private PostgreSQL server, then each function is called once with
// its statements on SQLite and once on PostgreSQL (Prisma's own queries stay on SQLite, which
// holds the same rows), and the two answers must be equal.

const layer = vi.hoisted(() => ({ postgres: null as SqlDatabase | null }));
vi.mock("~/services/db.server", async (original) => {
  const actual = await original<typeof import("~/services/db.server")>();
  return {
    ...actual,
    sqlRead: ((fn) => (layer.postgres ? layer.postgres.read(fn) : actual.sqlRead(fn))) as typeof actual.sqlRead,
    sqlTransaction: ((fn) => (layer.postgres ? layer.postgres.transaction(fn) : actual.sqlTransaction(fn))) as typeof actual.sqlTransaction,
  };
});
// Every call computes its answer: nothing is shared between the two runs.
vi.mock("~/services/public-memo.server", () => ({ memoPublic: <T>(_key: string, compute: () => Promise<T>) => compute() }));

const { db } = await import("~/services/db.server");
const { seedDemoData } = await import("../../prisma/seed");
const { getCommentSubtree, getThreadsPage } = await import("~/features/comments/threads.server");
const { getWorkList } = await import("~/features/statement/work-list.server");
const { isFollowing } = await import("~/features/following/following.server");
const { getSettings, SETTING_DEFAULTS } = await import("~/models/settings.server");
const { findConsultationRef } = await import("~/features/consultations/consultation.server");
const { getCurrentUser, startSession } = await import("~/services/session.server");

let server: PostgresServer;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startPostgres();
  const url = server.createDatabase("reads");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  pool = new pg.Pool({ connectionString: url, max: 2 });
}, 120_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

/** Copies every row of the SQLite test database into PostgreSQL (foreign keys checked by neither order). */
async function copyToPostgres(): Promise<number> {
  const client = await pool.connect();
  let copied = 0;
  try {
    await client.query(`SET session_replication_role = replica`);
    const { rows: columns } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
      // Not the search indexes: each database has its own (their triggers are off while copying).
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' AND table_name NOT LIKE '%Search'`,
    );
    const tables = new Map<string, Map<string, string>>();
    for (const c of columns) tables.set(c.table_name, (tables.get(c.table_name) ?? new Map()).set(c.column_name, c.data_type));
    for (const [table, types] of tables) {
      const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      for (const row of rows) {
        const names = Object.keys(row).filter((name) => types.has(name));
        const values = names.map((name) => {
          const value = row[name];
          if (value === null) return null;
          if (types.get(name) === "boolean") return value === true || value === 1 || value === 1n;
          if (typeof value === "bigint") return String(value);
          return value instanceof Uint8Array ? Buffer.from(value) : value;
        });
        await client.query(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")})`, values);
        copied++;
      }
    }
  } finally {
    client.release();
  }
  return copied;
}

async function onBoth<T>(fn: () => Promise<T>): Promise<{ sqlite: T; postgres: T }> {
  const sqlite = await fn();
  layer.postgres = new PostgresDatabase(pool);
  try {
    return { sqlite, postgres: await fn() };
  } finally {
    layer.postgres = null;
  }
}

test("threads, the work list, following, sessions, settings and the consultation lookup answer alike on both databases", { timeout: 120_000 }, async () => {
  const now = new Date();
  await seedDemoData(db(), now);
  // What the demo data lacks: a comment posted by mail, a stored setting, a session per user.
  const top = await db().comment.findFirstOrThrow({ where: { parentId: null }, select: { id: true } });
  await db().commentByEmail.create({ data: { commentId: top.id, inboundMessageId: "m1", decision: "dmarc-pass", authJson: "{}" } });
  await db().setting.create({ data: { key: "ATTACHMENT_MAX_MB", value: "7" } });
  const users = await db().user.findMany({ select: { id: true, email: true }, orderBy: { email: "asc" } });
  // Followers: one linked to its account, one of an account's address only, one unsubscribed from everything.
  const followed = await db().consultation.findFirstOrThrow({ where: { publishedAt: { not: null } }, select: { id: true } });
  const followers = [
    { email: users[0].email, userId: users[0].id, unsubscribedAllAt: null },
    { email: users[1].email, userId: null, unsubscribedAllAt: null },
    { email: users[2].email, userId: users[2].id, unsubscribedAllAt: now },
  ];
  for (const f of followers) {
    await db().follower.deleteMany({ where: { OR: [{ email: f.email }, ...(f.userId ? [{ userId: f.userId }] : [])] } });
    await db().follower.create({ data: { ...f, confirmedAt: now, subscriptions: { create: { scope: "consultation", consultationId: followed.id } } } });
  }
  const cookies: string[] = [];
  for (const user of users) cookies.push((await startSession({ request: new Request("http://localhost/"), userId: user.id })).split(";")[0]);
  expect(await copyToPostgres()).toBeGreaterThan(200);

  const consultations = await db().consultation.findMany({ select: { id: true, slug: true, number: true } });
  const comments = await db().comment.findMany({ select: { id: true, consultationId: true, sectionId: true } });
  const organisations = await db().organisation.findMany({ select: { id: true } });
  const themes = await db().theme.findMany({ select: { id: true, consultationId: true } });
  // The data reaches every kind of column: JSON arrays, booleans from EXISTS, counts, dates.
  expect(await db().attachment.count({ where: { commentId: { not: null } } })).toBeGreaterThan(0);
  expect(await db().disposition.count()).toBeGreaterThan(0);
  expect(themes.length).toBeGreaterThan(0);

  const answers: { what: string; sqlite: unknown; postgres: unknown }[] = [];
  const compare = async (what: string, fn: () => Promise<unknown>) => answers.push({ what, ...(await onBoth(fn)) });
  for (const c of consultations) {
    for (const sort of ["newest", "oldest", "section"] as const)
      for (const page of [1, 2])
        for (const viewer of [{ isStaff: true }, { isStaff: false, id: users[0].id }])
          await compare(`threads of ${c.slug}, ${sort}, page ${page}`, () => getThreadsPage({ consultationId: c.id, sort, page, pageSize: 3, viewer, now }));
    for (const comment of comments.filter((x) => x.consultationId === c.id))
      await compare(`subtree of ${comment.id}`, () => getCommentSubtree({ consultationId: c.id, commentId: comment.id, viewer: { isStaff: true }, now }));
    const sections = [...new Set(comments.filter((x) => x.consultationId === c.id && x.sectionId).map((x) => x.sectionId!))];
    const ownThemes = themes.filter((t) => t.consultationId === c.id);
    const filterSets = [
      {},
      { hidden: true },
      { section: "none" },
      ...sections.map((section) => ({ section })),
      ...organisations.map((o) => ({ organisation: o.id })),
      { kind: "cctld" as const },
      { kind: "individual" as const, unanswered: true },
      ...ownThemes.map((t) => ({ theme: t.id, kind: "gtld" as const })),
    ];
    for (const filters of filterSets)
      for (const page of [1, 2])
        await compare(`work list of ${c.slug}, ${JSON.stringify(filters)}, page ${page}`, () =>
          getWorkList({ consultationId: c.id, number: c.number, filters, page }),
        );
    for (const user of users)
      await compare(c.id === followed.id ? `${user.id} follows` : `${user.id} follows ${c.slug}`, () => isFollowing({ userId: user.id, consultationId: c.id }));
    for (const viewer of [{ isStaff: true }, { isStaff: false }]) await compare(`ref of ${c.slug}`, () => findConsultationRef({ slug: c.slug, viewer }));
  }
  await compare("settings", () => getSettings(Object.keys(SETTING_DEFAULTS) as (keyof typeof SETTING_DEFAULTS)[]));
  for (const cookie of cookies) await compare("signed-in user", () => getCurrentUser(new Request("http://localhost/", { headers: { Cookie: cookie } })));

  expect(answers.length).toBeGreaterThan(300);
  for (const { what, sqlite, postgres } of answers) expect(postgres, what).toEqual(sqlite);
  // Not vacuous: the answers carry what the statements build.
  const signedIn = answers.filter((a) => a.what === "signed-in user").map((a) => a.sqlite as Awaited<ReturnType<typeof getCurrentUser>>);
  expect(signedIn.every((u) => u !== null)).toBe(true);
  expect(signedIn.some((u) => u!.memberships.some((m) => m.tlds.length > 0))).toBe(true);
  expect(signedIn.some((u) => u!.roles.length > 1)).toBe(true);
  const threads = answers.filter((a) => a.what.startsWith("threads")).flatMap((a) => (a.sqlite as Awaited<ReturnType<typeof getThreadsPage>>).threads);
  expect(threads.some((t) => t.byEmail)).toBe(true);
  expect(threads.some((t) => t.attachments.length > 0)).toBe(true);
  expect(threads.some((t) => t.organisation && t.organisation.tlds.length > 0)).toBe(true);
  const follows = (userId: string) => answers.find((a) => a.what === `${userId} follows`)?.sqlite;
  expect([follows(users[0].id), follows(users[1].id), follows(users[2].id)]).toEqual([true, true, false]);
  const lists = answers.filter((a) => a.what.startsWith("work list")).map((a) => a.sqlite as Awaited<ReturnType<typeof getWorkList>>);
  expect(lists.some((l) => l.comments.some((c) => c.disposition && c.themes.length > 0 && c.parent === null))).toBe(true);
});
