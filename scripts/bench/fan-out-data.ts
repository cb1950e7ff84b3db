// Test data of the "fan-out" benchmark: two open consultations — one followed by N confirmed
// followers in immediate mode (distinct addresses), one without followers where the posting load
// goes — the user who posts the comment that fans out, the posting users, and their sessions.
// The followers are written with raw SQL in one transaction on the app's own connection
// (sqlTransaction), which takes well under a second for 10,000 of them.
import crypto from "node:crypto";

type AppModules = {
  db: typeof import("../../app/services/db.server").db;
  sqlTransaction: typeof import("../../app/services/db.server").sqlTransaction;
  statement: typeof import("../../app/services/sql/statement").statement;
  disconnectDb: typeof import("../../app/services/db.server").disconnectDb;
  renderMarkdown: typeof import("../../app/services/markdown.server").renderMarkdown;
  startSession: typeof import("../../app/services/session.server").startSession;
  newId: typeof import("../../app/services/sql.server").newId;
};

/** Loads the app's modules against the bench database (their env is read on first use). */
async function loadApp(env: Record<string, string>): Promise<AppModules> {
  for (const key of ["DATABASE_URL", "SESSION_SECRET", "APP_URL", "MAIL_DIR"]) {
    if (env[key] !== undefined) process.env[key] = env[key];
  }
  process.env.NODE_ENV = "production";
  const { db, sqlTransaction, disconnectDb } = await import("../../app/services/db.server");
  const { statement } = await import("../../app/services/sql/statement");
  const { renderMarkdown } = await import("../../app/services/markdown.server");
  const { startSession } = await import("../../app/services/session.server");
  const { newId } = await import("../../app/services/sql.server");
  return { db, sqlTransaction, statement, disconnectDb, renderMarkdown, startSession, newId };
}

const PLAN = [
  "## 1. Summary",
  "The IFM proposes to publish the root zone's DS records for the new algorithm 30 days before the rollover.",
  "## 2. Timeline",
  "- Pre-publication: T-30 days\n- Double-signed period: T to T+90 days\n- Retirement of the old key: T+90 days",
  "## 3. Impact on TLD operators",
  "Operators whose validating resolvers do not support algorithm 13 must upgrade before T.",
].join("\n\n");

export type FanOutData = {
  followed: { id: string; slug: string; number: number };
  posting: { id: string; slug: string; number: number };
  /** Addresses of the followed consultation's followers (lower-case), who must each get one mail. */
  followerEmails: string[];
  /** `__session=…` of the user who posts the comment that fans out. */
  authorCookie: string;
  /** `__session=…` of each posting user. */
  posterCookies: string[];
  /** Seconds it took to write the followers. */
  followerSeconds: number;
  /** Comments on a consultation now. */
  countComments(consultationId: string): Promise<number>;
  /** The comment with this idempotency key and its comment.created event. */
  findPosted(idempotencyKey: string): Promise<{ commentId: string; eventId: string | null } | null>;
  event(eventId: string): Promise<{ createdAt: Date; processedAt: Date | null } | null>;
  /** The event's outbox rows per status, and when the first and last were queued. */
  outboxOf(eventId: string): Promise<{ byStatus: Record<string, number>; rows: number; firstQueuedAt: Date | null; lastQueuedAt: Date | null }>;
  /** Events not processed yet and mail due or in flight: what the worker still has to do. */
  backlog(): Promise<{ events: number; mails: number }>;
  /**
   * Marks every event that is not processed yet as processed, without expanding it: what earlier
   * benchmark groups left behind (e.g. thousands of posts by auto-following users) is not what
   * this group measures. Returns how many.
   */
  settleEarlierEvents(): Promise<number>;
  close(): Promise<void>;
};

export async function buildFanOut(options: { env: Record<string, string>; appUrl: string; followers: number; posters: number }): Promise<FanOutData> {
  const app = await loadApp(options.env);
  const db = app.db();
  const now = Date.now();
  const day = 86_400_000;
  const stamp = crypto.randomBytes(4).toString("hex");

  const staff = await db.user.findFirst({ where: { roles: { some: { role: "ifm" } } }, select: { id: true } });
  if (!staff) throw new Error("The bench database has no IFM user (is DEMO_DATA on?)");
  const last = await db.consultation.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  const rendered = app.renderMarkdown(PLAN);
  const opensAt = new Date(now - 5 * day);
  const closesAt = new Date(now + 30 * day);

  async function consultation(number: number, slug: string, title: string) {
    const c = await db.consultation.create({
      data: {
        number,
        slug,
        title,
        summary: "Used by `npm run bench` to measure the notification fan-out.",
        category: "dnssec",
        affected: "both",
        basis: "technical",
        dugRequired: false,
        contactName: "IFM benchmark desk",
        contactEmail: "bench@example.test",
        createdById: staff!.id,
        publishedAt: opensAt,
        opensAt,
        closesAt,
        searchText: `${title}\n${PLAN}`,
      },
      select: { id: true },
    });
    await db.planVersion.create({
      data: {
        consultationId: c.id,
        number: 1,
        bodyMd: PLAN,
        bodyHtml: rendered.html,
        headingsJson: JSON.stringify(rendered.headings),
        timelineJson: "[]",
        contentHash: crypto.createHash("sha256").update(PLAN).digest("hex"),
        createdById: staff!.id,
        createdAt: opensAt,
        publishedAt: opensAt,
      },
    });
    return { id: c.id, slug, number };
  }
  const base = (last?.number ?? 0) + 1;
  const followed = await consultation(base, `benchmark-fan-out-${base}`, "Benchmark: a consultation with many followers");
  const posting = await consultation(base + 1, `benchmark-fan-out-posting-${base + 1}`, "Benchmark: where the posting load goes");

  // The people. Their Followers have auto-follow off, so the posts made under load do not make
  // them followers of the posting consultation (each later post would then fan out to every
  // earlier poster, and the worker would be busy with that instead of idle).
  const mkUser = (kind: string, i: number) => ({
    id: `bench-fo-${kind}-${stamp}-${i}`,
    email: `bench-fo-${kind}-${i}-${stamp}@example.test`,
    displayName: `Fan-out ${kind} ${i + 1}`,
  });
  const author = mkUser("author", 0);
  const posters = Array.from({ length: options.posters }, (_, i) => mkUser("poster", i));
  const users = [author, ...posters];
  for (let i = 0; i < users.length; i += 500) await db.user.createMany({ data: users.slice(i, i + 500) });

  const followerEmails = Array.from({ length: options.followers }, (_, i) => `follower-${i + 1}-${stamp}@fan-out.example`);
  const started = Date.now();
  const insertFollower = app.statement<[string, string, string | null, Date, string, boolean, Date]>()(
    `INSERT INTO "Follower" ("id", "email", "userId", "confirmedAt", "commentMode", "notifyReplies", "autoFollowOnComment", "createdAt")
     VALUES (?, ?, ?, ?, ?, true, ?, ?)`,
  );
  const insertSubscription = app.statement<[string, string, string, Date]>()(
    `INSERT INTO "Subscription" ("id", "followerId", "scope", "consultationId", "categoriesCsv", "createdAt") VALUES (?, ?, 'consultation', ?, '', ?)`,
  );
  await app.sqlTransaction(async (sql) => {
    const at = new Date(now - 10 * day);
    for (const email of followerEmails) {
      const id = app.newId();
      await sql.run(insertFollower, [id, email, null, at, "immediate", true, at]);
      await sql.run(insertSubscription, [app.newId(), id, followed.id, at]);
    }
    for (const user of users) await sql.run(insertFollower, [app.newId(), user.email.toLowerCase(), user.id, at, "immediate", false, at]);
  });
  const followerSeconds = (Date.now() - started) / 1000;

  const request = new Request(options.appUrl, { headers: { "User-Agent": "npm run bench" } });
  const cookieOf = async (userId: string) => (await app.startSession({ request, userId })).split(";")[0];
  const authorCookie = await cookieOf(author.id);
  const posterCookies: string[] = [];
  for (const p of posters) posterCookies.push(await cookieOf(p.id));

  return {
    followed,
    posting,
    followerEmails,
    authorCookie,
    posterCookies,
    followerSeconds,
    countComments: (consultationId) => db.comment.count({ where: { consultationId } }),
    async findPosted(idempotencyKey) {
      const comment = await db.comment.findFirst({ where: { idempotencyKey }, select: { id: true } });
      if (!comment) return null;
      const event = await db.notificationEvent.findFirst({ where: { type: "comment.created", subjectId: comment.id }, select: { id: true } });
      return { commentId: comment.id, eventId: event?.id ?? null };
    },
    event: (eventId) => db.notificationEvent.findUnique({ where: { id: eventId }, select: { createdAt: true, processedAt: true } }),
    async outboxOf(eventId) {
      const where = { dedupeKey: { startsWith: `${eventId}:` } };
      const [grouped, range] = await Promise.all([
        db.outboxMessage.groupBy({ by: ["status"], where, _count: { _all: true } }),
        db.outboxMessage.aggregate({ where, _min: { createdAt: true }, _max: { createdAt: true } }),
      ]);
      const byStatus = Object.fromEntries(grouped.map((g) => [g.status, g._count._all]));
      return {
        byStatus,
        rows: grouped.reduce((n, g) => n + g._count._all, 0),
        firstQueuedAt: range._min.createdAt,
        lastQueuedAt: range._max.createdAt,
      };
    },
    async backlog() {
      const [events, mails] = await Promise.all([
        db.notificationEvent.count({ where: { processedAt: null } }),
        db.outboxMessage.count({ where: { status: { in: ["queued", "sending"] } } }),
      ]);
      return { events, mails };
    },
    async settleEarlierEvents() {
      const { count } = await db.notificationEvent.updateMany({ where: { processedAt: null }, data: { processedAt: new Date(), lockedUntil: null } });
      return count;
    },
    close: () => app.disconnectDb(),
  };
}
