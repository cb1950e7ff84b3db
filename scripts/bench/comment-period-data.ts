// Test data of the "comment-period" benchmark: an open consultation with a 5,000-word plan in ~20
// sections and 1,000 comments in 300 threads, the users who read and post, and their sessions.
// Written straight into the bench database with the app's own Prisma client (loaded with tsx),
// computing what postComment would (sequence numbers, threads, depths, rendered markdown), which
// is much faster than 1,000 calls through the model and its rate limits.
//
// Deterministic: the same seed gives the same plan and the same threads.
import crypto from "node:crypto";

type AppModules = {
  db: typeof import("../../app/services/db.server").db;
  disconnectDb: typeof import("../../app/services/db.server").disconnectDb;
  renderMarkdown: typeof import("../../app/services/markdown.server").renderMarkdown;
  startSession: typeof import("../../app/services/session.server").startSession;
};

/** Loads the app's modules against the bench database (their env is read on first use). */
async function loadApp(env: Record<string, string>): Promise<AppModules> {
  for (const key of ["DATABASE_URL", "SESSION_SECRET", "APP_URL", "MAIL_DIR"]) {
    if (env[key] !== undefined) process.env[key] = env[key];
  }
  process.env.NODE_ENV = "production";
  const { db, disconnectDb } = await import("../../app/services/db.server");
  const { renderMarkdown } = await import("../../app/services/markdown.server");
  const { startSession } = await import("../../app/services/session.server");
  return { db, disconnectDb, renderMarkdown, startSession };
}

// ---------------------------------------------------------------------------------------------
// Deterministic text

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the root zone signing key rollover operators registry registries resolver resolvers validation " +
  "DNSSEC algorithm ECDSA RSA trust anchor publication period timeline milestone change request " +
  "name server delegation glue record TTL serial number notification automated manual procedure " +
  "implementation testing staging rollback monitoring measurement impact assessment ccTLD gTLD " +
  "operator community feedback consultation proposal requirement optional mandatory transition " +
  "will should may must during after before each every all some most within between across under " +
  "and or but with without for from to of in on by as at into over through per " +
  "process system service interface data format schema report review approval notice window " +
  "availability reliability security stability resilience performance capacity traffic query response"
).split(" ");

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const text = out.join(" ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rand: () => number, words: number): string {
  const sentences: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, 8 + Math.floor(rand() * 14));
    sentences.push(sentence(rand, n));
    left -= n;
  }
  return sentences.join(" ");
}

const SECTION_TITLES = [
  "Summary of the proposed change",
  "Background",
  "Scope and who is affected",
  "Current operational practice",
  "The proposed procedure",
  "Technical requirements for TLD operators",
  "Validation and testing",
  "Timeline and milestones",
  "Communication plan",
  "Monitoring during the transition",
  "Rollback criteria",
  "Impact on resolvers and validators",
  "Impact on registry systems",
  "Security considerations",
  "Stability and resilience analysis",
  "Alternatives considered",
  "Costs for operators",
  "Open questions for the community",
  "Relationship to other work",
  "References and glossary",
];

/** About `targetWords` words of markdown in `##` sections, with `###` parts, lists and a table. */
export function planMarkdown(targetWords = 5000, seed = 1): { markdown: string; words: number } {
  const rand = prng(seed);
  const perSection = Math.floor(targetWords / SECTION_TITLES.length);
  const blocks: string[] = [];
  let words = 0;
  SECTION_TITLES.forEach((title, i) => {
    blocks.push(`## ${i + 1}. ${title}`);
    let budget = perSection - title.split(" ").length;
    const first = Math.floor(budget * 0.45);
    blocks.push(paragraph(rand, first));
    budget -= first;
    if (i % 3 === 1) {
      const items = 5;
      const per = 8;
      blocks.push(Array.from({ length: items }, () => `- ${sentence(rand, per)}`).join("\n"));
      budget -= items * per;
    }
    if (i % 5 === 2) {
      blocks.push(`### ${i + 1}.1 Details`);
      budget -= 2;
      blocks.push(
        ["| Step | Who | When |", "| --- | --- | --- |", "| Pre-publish | IFM | T-30 days |", "| Double-sign | IFM | T |", "| Retire | IFM | T+90 days |"].join(
          "\n",
        ),
      );
      budget -= 24;
    }
    if (i % 4 === 3) {
      blocks.push("```\nexample. 3600 IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n```");
      budget -= 9;
    }
    blocks.push(paragraph(rand, Math.max(10, budget)));
  });
  const markdown = blocks.join("\n\n");
  words = markdown.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  return { markdown, words };
}

function commentMarkdown(rand: () => number): string {
  const kind = rand();
  const body = paragraph(rand, 25 + Math.floor(rand() * 90));
  if (kind < 0.15) return `${body}\n\n- ${sentence(rand, 7)}\n- ${sentence(rand, 9)}\n- ${sentence(rand, 6)}`;
  if (kind < 0.25) return `> ${sentence(rand, 12)}\n\n${body}`;
  if (kind < 0.32) return `${body} See [RFC 8624](https://www.rfc-editor.org/rfc/rfc8624) for the algorithm guidance.`;
  if (kind < 0.4) return `**${sentence(rand, 5)}** ${body}\n\n${paragraph(rand, 30)}`;
  return body;
}

// ---------------------------------------------------------------------------------------------
// Building it

export type CommentPeriodData = {
  consultationId: string;
  number: number;
  slug: string;
  /** `__session=…` of a signed-in reader (an ordinary user). */
  readerCookie: string;
  /** `__session=…` of each posting user, one per user. */
  posterCookies: string[];
  planWords: number;
  comments: number;
  threads: number;
  /** Comments on the consultation now. */
  countComments(): Promise<number>;
  /** The database's generation of public content: every write pages read moves it and clears every cached page. */
  pageGeneration(): Promise<number>;
  /** Comments whose idempotency key starts with `prefix`, how many distinct keys they have, and their numbers. */
  countPosted(prefix: string): Promise<{ comments: number; distinctKeys: number; seqs: Set<number> }>;
  close(): Promise<void>;
};

export async function buildCommentPeriod(options: {
  env: Record<string, string>;
  appUrl: string;
  comments?: number;
  threads?: number;
  planWords?: number;
  posters: number;
}): Promise<CommentPeriodData> {
  const totalComments = options.comments ?? 1000;
  const totalThreads = Math.min(options.threads ?? 300, totalComments);
  const app = await loadApp(options.env);
  const db = app.db();
  const rand = prng(42);
  const now = Date.now();
  const day = 86_400_000;

  const staff = await db.user.findFirst({ where: { roles: { some: { role: "ifm" } } }, select: { id: true } });
  if (!staff) throw new Error("The bench database has no IFM user (is DEMO_DATA on?)");
  const representatives = await db.membership.findMany({ where: { revokedAt: null }, select: { userId: true, organisationId: true } });
  const last = await db.consultation.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  const number = (last?.number ?? 0) + 1;
  const slug = `benchmark-comment-period-${number}`;

  // The plan.
  const plan = planMarkdown(options.planWords ?? 5000);
  const rendered = app.renderMarkdown(plan.markdown);
  const headings = rendered.headings.filter((h) => h.level <= 4);
  const sections = headings.filter((h) => h.level === 2);
  const title = "Benchmark: double-signed rollover of the root zone KSK to a new algorithm";
  const summary = "A long plan with a busy comment period, used by `npm run bench` to measure the consultation page and comment posting.";
  const opensAt = new Date(now - 10 * day);
  const closesAt = new Date(now + 30 * day);

  // The people: commenters (some post on behalf of their registry), a reader, the posters.
  const commenterCount = 80;
  const stamp = crypto.randomBytes(4).toString("hex");
  const mkUser = (kind: string, i: number) => ({
    id: `bench-${kind}-${stamp}-${i}`,
    email: `bench-${kind}-${i}-${stamp}@example.test`,
    displayName: `${kind === "commenter" ? "Commenter" : kind === "poster" ? "Poster" : "Reader"} ${i + 1}`,
  });
  const commenters = Array.from({ length: commenterCount }, (_, i) => mkUser("commenter", i));
  const reader = mkUser("reader", 0);
  const posters = Array.from({ length: options.posters }, (_, i) => mkUser("poster", i));
  for (let i = 0; i < commenters.length + posters.length + 1; i += 500) {
    await db.user.createMany({ data: [...commenters, reader, ...posters].slice(i, i + 500) });
  }

  const consultation = await db.consultation.create({
    data: {
      number,
      slug,
      title,
      summary,
      category: "dnssec",
      affected: "both",
      basis: "technical",
      dugRequired: true,
      contactName: "IFM benchmark desk",
      contactEmail: "bench@example.test",
      createdById: staff.id,
      publishedAt: opensAt,
      opensAt,
      closesAt,
      commentSeq: totalComments,
      commentCount: totalComments,
      searchText: `${title}\n${summary}\n${plan.markdown}`,
    },
    select: { id: true },
  });
  const version = await db.planVersion.create({
    data: {
      consultationId: consultation.id,
      number: 1,
      bodyMd: plan.markdown,
      bodyHtml: rendered.html,
      headingsJson: JSON.stringify(headings),
      timelineJson: JSON.stringify([
        { date: new Date(now + 40 * day).toISOString().slice(0, 10), label: "Comment period ends; responses published" },
        { date: new Date(now + 70 * day).toISOString().slice(0, 10), label: "New key pre-published" },
        { date: new Date(now + 160 * day).toISOString().slice(0, 10), label: "Old key retired" },
      ]),
      contentHash: crypto.createHash("sha256").update(plan.markdown).digest("hex"),
      createdById: staff.id,
      createdAt: opensAt,
      publishedAt: opensAt,
    },
    select: { id: true },
  });
  await db.auditEvent.create({
    data: {
      actorId: staff.id,
      action: "consultation.publish",
      subjectType: "consultation",
      subjectId: consultation.id,
      consultationId: consultation.id,
      isPublic: true,
      dataJson: JSON.stringify({ opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() }),
      createdAt: opensAt,
    },
  });

  // The comments, in the order they were posted: 300 threads, replies to any comment of a thread.
  type Row = {
    id: string;
    consultationId: string;
    seq: number;
    parentId: string | null;
    threadId: string | null;
    depth: number;
    authorId: string;
    organisationId: string | null;
    planVersionId: string;
    sectionId: string | null;
    sectionTitle: string | null;
    bodyMd: string;
    bodyHtml: string;
    createdAt: Date;
    lastActivityAt: Date;
  };
  // Threads start evenly over the first 90 % of the ten days so far; the replies (700) are shared
  // among them at random, some threads busier than others, each reply some time after its
  // thread started. Then everything is numbered in the order it was posted.
  const span = 10 * day - 60_000;
  const threadStarts = Array.from({ length: totalThreads }, (_, t) => Math.floor((0.9 * span * t) / totalThreads));
  const weights = threadStarts.map(() => 0.2 + rand() * rand());
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const events: { at: number; thread: number }[] = threadStarts.map((at, thread) => ({ at, thread }));
  for (let r = 0; r < totalComments - totalThreads; r++) {
    let pick = rand() * weightSum;
    let thread = 0;
    while (thread < totalThreads - 1 && pick >= weights[thread]) pick -= weights[thread++];
    const start = threadStarts[thread];
    events.push({ at: start + 1 + Math.floor(rand() * (span - start - 1)), thread });
  }
  events.sort((a, b) => a.at - b.at || a.thread - b.thread);

  const rows: Row[] = [];
  const threadMembers: Row[][] = Array.from({ length: totalThreads }, () => []);
  events.forEach((event, index) => {
    const seq = index + 1;
    const createdAt = new Date(opensAt.getTime() + event.at);
    const asRep = rand() < 0.12 && representatives.length > 0;
    const rep = asRep ? representatives[Math.floor(rand() * representatives.length)] : null;
    const author = rep ? rep.userId : commenters[Math.floor(rand() * commenters.length)].id;
    const bodyMd = commentMarkdown(rand);
    const base = {
      id: `bench-comment-${stamp}-${seq}`,
      consultationId: consultation.id,
      seq,
      authorId: author,
      organisationId: rep?.organisationId ?? null,
      planVersionId: version.id,
      bodyMd,
      bodyHtml: app.renderMarkdown(bodyMd, { headingIds: false }).html,
      createdAt,
      lastActivityAt: createdAt,
    };
    const members = threadMembers[event.thread];
    if (members.length === 0) {
      const section = rand() < 0.4 && sections.length ? sections[Math.floor(rand() * sections.length)] : null;
      const row: Row = { ...base, parentId: null, threadId: null, depth: 0, sectionId: section?.id ?? null, sectionTitle: section?.text ?? null };
      rows.push(row);
      members.push(row);
    } else {
      const parent = members[Math.floor(rand() * members.length)];
      const row: Row = { ...base, parentId: parent.id, threadId: members[0].id, depth: parent.depth + 1, sectionId: null, sectionTitle: null };
      rows.push(row);
      members.push(row);
      members[0].lastActivityAt = createdAt;
    }
  });
  for (let i = 0; i < rows.length; i += 200) await db.comment.createMany({ data: rows.slice(i, i + 200) });

  // Sessions, made the way sign-in makes them.
  const request = new Request(options.appUrl, { headers: { "User-Agent": "npm run bench" } });
  const cookieOf = async (userId: string) => (await app.startSession({ request, userId })).split(";")[0];
  const readerCookie = await cookieOf(reader.id);
  const posterCookies: string[] = [];
  for (const p of posters) posterCookies.push(await cookieOf(p.id));

  return {
    consultationId: consultation.id,
    number,
    slug,
    readerCookie,
    posterCookies,
    planWords: plan.words,
    comments: rows.length,
    threads: threadMembers.filter((t) => t.length > 0).length,
    countComments: () => db.comment.count({ where: { consultationId: consultation.id } }),
    async pageGeneration() {
      const rows = await db.$queryRawUnsafe<{ value: number | bigint }[]>('SELECT "value" FROM "PageGeneration" WHERE "id" = 1');
      return Number(rows[0]?.value ?? 0);
    },
    async countPosted(prefix: string) {
      const found = await db.comment.findMany({
        where: { consultationId: consultation.id, idempotencyKey: { startsWith: prefix } },
        select: { idempotencyKey: true, seq: true },
      });
      return { comments: found.length, distinctKeys: new Set(found.map((c) => c.idempotencyKey)).size, seqs: new Set(found.map((c) => c.seq)) };
    },
    close: () => app.disconnectDb(),
  };
}
