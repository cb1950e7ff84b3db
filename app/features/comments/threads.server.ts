// Reading comments: a page of threads (statements of the typed SQL layer, shared by every reader
// of the same generation of public content), a comment's subtree for its permalink, the edit
// history. What depends on the reader (own-comment controls, hidden texts for staff) is added per
// request.
import { db, sqlRead } from "~/services/db.server";
import type { SqlSession } from "~/services/sql/session";
import { column, type Params, type RowOf, statement } from "~/services/sql/statement";
import { memoPublic } from "~/services/public-memo.server";
import { storedHeadings, type Heading } from "~/services/markdown.server";
import { type StatusDates } from "~/features/consultations/status";
import { formatCommentRef, type ThreadSort } from "./reference";
import type { AttachmentSummary } from "~/features/attachments/attachment-view";
import { authorName, editRefusal, stateOf, type CommentState, type CommentViewer } from "./comment.server";
import type { CommentDisposition } from "./comment-thread";
import { threadListHtml, withEditLinks } from "./thread-list-html.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

export type CommentNode = {
  id: string;
  ref: string;
  seq: number;
  depth: number;
  createdAt: Date;
  editedAt: Date | null;
  author: { id: string; displayName: string };
  organisation: { name: string; kind: string; tlds: string[] } | null;
  isIfmReply: boolean;
  section: { id: string; title: string } | null;
  planVersionNumber: number;
  /** Null for withdrawn comments, and for hidden ones unless the viewer is IFM staff. */
  bodyHtml: string | null;
  state: CommentState;
  /** Set when hidden: shown in the public tombstone "hidden by the IFM: <reason>". */
  hiddenReason: string | null;
  canEdit: boolean;
  isOwn: boolean;
  /** Earlier texts the viewer may see (0 when the text itself is not shown to them). */
  revisionsCount: number;
  /** Posted by replying to a notification mail. */
  byEmail: boolean;
  /** The language its text is written in (null for comments from before it was recorded). */
  language: string | null;
  /** Listed under every comment; their files are served only where its text is shown. */
  attachments: AttachmentSummary[];
  replies: CommentNode[];
};

// The thread queries are statements of the typed SQL layer: a page of threads is read on every
// consultation page a signed-in reader opens (see docs/performance.md). The organisation's TLDs
// and the attachments come as JSON arrays built by the database ('[]' when there are none).
const NODE_SELECT = (orgTlds: string, attachments: string) => `
  c."id", c."seq", c."parentId", c."threadId", c."depth", c."createdAt", c."editedAt", c."authorId", c."isIfmReply",
  c."sectionId", c."sectionTitle", c."planVersionId", c."bodyHtml", c."language", c."hiddenAt", c."hiddenReason", c."withdrawnAt",
  u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
  CASE WHEN o."id" IS NULL THEN NULL ELSE ${orgTlds} END AS "orgTlds",
  (SELECT count(*) FROM "CommentRevision" r WHERE r."commentId" = c."id") AS "revisions",
  EXISTS (SELECT 1 FROM "CommentByEmail" e WHERE e."commentId" = c."id") AS "byEmail",
  ${attachments} AS "attachments"
  FROM "Comment" c JOIN "User" u ON u."id" = c."authorId" LEFT JOIN "Organisation" o ON o."id" = c."organisationId"`;

const ATTACHMENT_FIELDS = `'position', a."position", 'fileName', a."fileName", 'mediaType', a."mediaType", 'size', a."size", 'sha256', a."sha256"`;
const NODE_COLUMNS_SQL = {
  sqlite: NODE_SELECT(
    `(SELECT json_group_array(t."name") FROM (SELECT "name" FROM "Tld" WHERE "organisationId" = o."id" ORDER BY "name") t)`,
    `(SELECT json_group_array(json_object(${ATTACHMENT_FIELDS}))
   FROM (SELECT * FROM "Attachment" WHERE "commentId" = c."id" ORDER BY "position") a)`,
  ),
  postgres: NODE_SELECT(
    `(SELECT coalesce(json_agg(t."name" ORDER BY t."name"), '[]') FROM "Tld" t WHERE t."organisationId" = o."id")`,
    `(SELECT coalesce(json_agg(json_build_object(${ATTACHMENT_FIELDS}) ORDER BY a."position"), '[]')
   FROM "Attachment" a WHERE a."commentId" = c."id")`,
  ),
};

const NODE_COLUMNS = {
  id: column.text,
  seq: column.int,
  parentId: column.nullable(column.text),
  threadId: column.nullable(column.text),
  depth: column.int,
  createdAt: column.date,
  editedAt: column.nullable(column.date),
  authorId: column.text,
  isIfmReply: column.bool,
  sectionId: column.nullable(column.text),
  sectionTitle: column.nullable(column.text),
  planVersionId: column.text,
  bodyHtml: column.text,
  language: column.nullable(column.text),
  hiddenAt: column.nullable(column.date),
  hiddenReason: column.nullable(column.text),
  withdrawnAt: column.nullable(column.date),
  authorName: column.nullable(column.text),
  orgName: column.nullable(column.text),
  orgKind: column.nullable(column.text),
  orgTlds: column.nullable(column.json<string[]>()),
  revisions: column.int,
  byEmail: column.bool,
  attachments: column.json<AttachmentSummary[]>(),
};

type NodeRow = RowOf<typeof NODE_COLUMNS>;

/** A statement reading comment rows: `where` follows the columns, on Comment c. */
const nodes = <P extends Params>(where: { sqlite: string; postgres: string } | string) =>
  statement<P>()(
    {
      sqlite: `SELECT ${NODE_COLUMNS_SQL.sqlite} ${typeof where === "string" ? where : where.sqlite}`,
      postgres: `SELECT ${NODE_COLUMNS_SQL.postgres} ${typeof where === "string" ? where : where.postgres}`,
    },
    NODE_COLUMNS,
  );

// A list of ids is passed as one JSON array (a text on both databases).
const THREAD_SQL = {
  context: statement<[consultationId: string]>()(
    {
      sqlite: `SELECT "number", "publishedAt", "opensAt", "closesAt", "withdrawnAt", "concludedAt",
      (SELECT json_group_array(json_object('id', v."id", 'number', v."number", 'published', v."publishedAt" IS NOT NULL, 'headingsJson', v."headingsJson"))
       FROM (SELECT * FROM "PlanVersion" WHERE "consultationId" = k."id" ORDER BY "number" DESC) v) AS "versions"
    FROM "Consultation" k WHERE k."id" = ?`,
      postgres: `SELECT "number", "publishedAt", "opensAt", "closesAt", "withdrawnAt", "concludedAt",
      (SELECT coalesce(json_agg(json_build_object('id', v."id", 'number', v."number", 'published', v."publishedAt" IS NOT NULL, 'headingsJson', v."headingsJson") ORDER BY v."number" DESC), '[]')
       FROM "PlanVersion" v WHERE v."consultationId" = k."id") AS "versions"
    FROM "Consultation" k WHERE k."id" = ?`,
    },
    {
      number: column.int,
      publishedAt: column.nullable(column.date),
      opensAt: column.nullable(column.date),
      closesAt: column.nullable(column.date),
      withdrawnAt: column.nullable(column.date),
      concludedAt: column.nullable(column.date),
      // "published" is 0 or 1 from SQLite, a boolean from PostgreSQL: read as a truth value.
      versions: column.json<{ id: string; number: number; published: boolean | number; headingsJson: string | null }[]>(),
    },
  ),
  countTops: statement<[consultationId: string]>()(`SELECT count(*) AS "n" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`, {
    n: column.int,
  }),
  topsNewest: nodes<[consultationId: string, limit: number, offset: number]>(
    `WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" DESC, c."seq" DESC LIMIT ? OFFSET ?`,
  ),
  topsOldest: nodes<[consultationId: string, limit: number, offset: number]>(
    `WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" ASC, c."seq" ASC LIMIT ? OFFSET ?`,
  ),
  topsForSections: statement<[consultationId: string]>()(
    `SELECT "id", "seq", "sectionId", "sectionTitle", "createdAt" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`,
    { id: column.text, seq: column.int, sectionId: column.nullable(column.text), sectionTitle: column.nullable(column.text), createdAt: column.date },
  ),
  byIds: nodes<[idsJson: string]>({
    sqlite: `WHERE c."id" IN (SELECT "value" FROM json_each(?))`,
    postgres: `WHERE c."id" IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))`,
  }),
  replies: nodes<[threadIdsJson: string]>({
    sqlite: `WHERE c."threadId" IN (SELECT "value" FROM json_each(?)) ORDER BY c."createdAt", c."seq"`,
    postgres: `WHERE c."threadId" IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))) ORDER BY c."createdAt", c."seq"`,
  }),
  subtree: nodes<{ root: string }>(`WHERE c."id" = @root OR c."threadId" = @root ORDER BY c."createdAt", c."seq"`),
};

type ThreadContext = {
  number: number;
  dates: StatusDates;
  versionNumbers: Map<string, number>;
  /** Headings of the current published plan version. */
  headings: Heading[];
};

async function loadThreadContext(sql: SqlSession, consultationId: string): Promise<ThreadContext | null> {
  const c = await sql.get(THREAD_SQL.context, [consultationId]);
  if (!c) return null;
  const current = c.versions.find((v) => v.published);
  return {
    number: c.number,
    dates: { publishedAt: c.publishedAt, opensAt: c.opensAt, closesAt: c.closesAt, withdrawnAt: c.withdrawnAt, concludedAt: c.concludedAt },
    versionNumbers: new Map(c.versions.map((v) => [v.id, v.number])),
    headings: storedHeadings(current?.headingsJson),
  };
}

function toNode(row: NodeRow, ctx: ThreadContext, viewer: CommentViewer, now: Date): CommentNode {
  const state = stateOf(row);
  const isOwn = !!viewer.id && viewer.id === row.authorId;
  const textShown = state === "visible" || (state === "hidden" && viewer.isStaff);
  return {
    id: row.id,
    ref: formatCommentRef(ctx.number, row.seq),
    seq: row.seq,
    depth: row.depth,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    author: { id: row.authorId, displayName: authorName({ displayName: row.authorName }) },
    organisation: row.orgName ? { name: row.orgName, kind: row.orgKind ?? "", tlds: row.orgTlds ?? [] } : null,
    isIfmReply: row.isIfmReply,
    section: row.sectionId ? { id: row.sectionId, title: row.sectionTitle ?? row.sectionId } : null,
    planVersionNumber: ctx.versionNumbers.get(row.planVersionId) ?? 0,
    bodyHtml: textShown ? row.bodyHtml : null,
    state,
    hiddenReason: state === "hidden" ? row.hiddenReason : null,
    canEdit: isOwn && state === "visible" && editRefusal(row, ctx.dates, now) === null,
    isOwn,
    revisionsCount: textShown ? row.revisions : 0,
    byEmail: row.byEmail,
    language: row.language,
    attachments: row.attachments,
    replies: [],
  };
}

/** Builds nodes and nests them; `rows` sorted by creation. Returns the node map. */
function buildTree(rows: NodeRow[], ctx: ThreadContext, viewer: CommentViewer, now: Date): Map<string, CommentNode> {
  const nodes = new Map<string, CommentNode>();
  for (const row of rows) nodes.set(row.id, toNode(row, ctx, viewer, now));
  for (const row of rows) {
    if (!row.parentId) continue;
    const parent = nodes.get(row.parentId) ?? (row.threadId ? nodes.get(row.threadId) : undefined);
    parent?.replies.push(nodes.get(row.id)!);
  }
  return nodes;
}

export type ThreadsPage = { threads: CommentNode[]; totalThreads: number; pageCount: number; page: number };

/**
 * One page of threads: top-level comments (newest first, oldest first, or in the order of the
 * plan's sections with comments on no section last) with all their replies nested, oldest first.
 * Two queries for the comments however many there are: the page of top-level comments, then
 * every comment of those threads (by the threadId index).
 */
export async function getThreadsPage({
  consultationId,
  sort = "newest",
  page = 1,
  pageSize = 20,
  viewer,
  now = new Date(),
}: {
  consultationId: string;
  sort?: ThreadSort;
  page?: number;
  pageSize?: number;
  viewer: CommentViewer;
  now?: Date;
}): Promise<ThreadsPage> {
  const size = Math.max(1, Math.min(100, Math.floor(pageSize) || 20));
  const rows = await threadRows(consultationId, sort, page, size);
  if (!rows) return { threads: [], totalThreads: 0, pageCount: 1, page: 1 };
  // The rows are shared by every reader; what each may see and do is worked out here.
  const nodes = buildTree([...rows.tops, ...rows.replies], rows.ctx, viewer, now);
  return { threads: rows.tops.map((t) => nodes.get(t.id)!), totalThreads: rows.totalThreads, pageCount: rows.pageCount, page: rows.page };
}

export type ThreadsPageHtml = { html: string; totalThreads: number; pageCount: number; page: number };

/**
 * The same page of threads as HTML, for the consultation page: rendered once per generation of
 * public content for each kind of reader (staff or not, `canReply` or not) and shared, with the
 * Edit links of the viewer's own editable comments added per request.
 */
export async function getThreadsPageHtml({
  consultationId,
  slug,
  sort = "newest",
  page = 1,
  pageSize = 20,
  viewer,
  canReply,
  dispositionsFor,
  locale = DEFAULT_LOCALE,
  now = new Date(),
}: {
  consultationId: string;
  slug: string;
  sort?: ThreadSort;
  page?: number;
  pageSize?: number;
  viewer: CommentViewer;
  canReply: boolean;
  /** The statement's disposition of each of these comments (public: the same for every reader). */
  dispositionsFor: (refs: string[]) => Promise<Record<string, CommentDisposition>>;
  /** The reader's language: the shared HTML is rendered once per language. */
  locale?: Locale;
  now?: Date;
}): Promise<ThreadsPageHtml> {
  const size = Math.max(1, Math.min(100, Math.floor(pageSize) || 20));
  const rows = await threadRows(consultationId, sort, page, size);
  if (!rows) return { html: "", totalThreads: 0, pageCount: 1, page: 1 };
  const all = [...rows.tops, ...rows.replies];
  const kind = `${viewer.isStaff ? "staff" : "public"}:${canReply ? "reply" : "read"}`;
  const shared = await memoPublic(`threads-html:${consultationId}:${sort}:${page}:${size}:${kind}:${locale}`, async () => {
    // Nobody's own comments: what differs per reader is added below.
    const nodes = buildTree(all, rows.ctx, { isStaff: viewer.isStaff }, now);
    const dispositions = await dispositionsFor([...nodes.values()].map((n) => n.ref));
    return threadListHtml(
      rows.tops.map((t) => nodes.get(t.id)!),
      { slug, canReply, baseDepth: 0, dispositions },
      locale,
    );
  });
  const editable = viewer.id ? all.filter((r) => r.authorId === viewer.id && stateOf(r) === "visible" && editRefusal(r, rows.ctx.dates, now) === null) : [];
  const html = withEditLinks(
    shared,
    slug,
    editable.map((r) => formatCommentRef(rows.ctx.number, r.seq)),
    locale,
  );
  return { html, totalThreads: rows.totalThreads, pageCount: rows.pageCount, page: rows.page };
}

type ThreadRows = { ctx: ThreadContext; tops: NodeRow[]; replies: NodeRow[]; totalThreads: number; pageCount: number; page: number };

/** The stored rows of one page of threads, the same for every reader (shared until a change). */
function threadRows(consultationId: string, sort: ThreadSort, page: number, size: number): Promise<ThreadRows | null> {
  return memoPublic(`threads:${consultationId}:${sort}:${page}:${size}`, () =>
    sqlRead(async (sql): Promise<ThreadRows | null> => {
      const ctx = await loadThreadContext(sql, consultationId);
      if (!ctx) return null;

      let tops: NodeRow[];
      let totalThreads: number;
      let current: number;
      let pageCount: number;
      if (sort === "section") {
        // The plan's order is not a column: sort the (small) list of top-level comments here.
        const all = await sql.all(THREAD_SQL.topsForSections, [consultationId]);
        totalThreads = all.length;
        pageCount = Math.max(1, Math.ceil(totalThreads / size));
        current = clampPage(page, pageCount);
        const rank = new Map(ctx.headings.map((h, i) => [h.id, i]));
        const unknownSection = ctx.headings.length; // a section of an earlier version only
        const key = (c: (typeof all)[number]) => (c.sectionId === null ? unknownSection + 1 : (rank.get(c.sectionId) ?? unknownSection));
        all.sort(
          (a, b) =>
            key(a) - key(b) || (a.sectionTitle ?? "").localeCompare(b.sectionTitle ?? "") || a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq,
        );
        const ids = all.slice((current - 1) * size, current * size).map((c) => c.id);
        const byId = new Map((await sql.all(THREAD_SQL.byIds, [JSON.stringify(ids)])).map((r) => [r.id, r]));
        tops = ids.map((id) => byId.get(id)).filter((r): r is NodeRow => !!r);
      } else {
        totalThreads = (await sql.get(THREAD_SQL.countTops, [consultationId]))!.n;
        pageCount = Math.max(1, Math.ceil(totalThreads / size));
        current = clampPage(page, pageCount);
        tops = await sql.all(sort === "oldest" ? THREAD_SQL.topsOldest : THREAD_SQL.topsNewest, [consultationId, size, (current - 1) * size]);
      }

      const replies = tops.length ? await sql.all(THREAD_SQL.replies, [JSON.stringify(tops.map((t) => t.id))]) : [];
      return { ctx, tops, replies, totalThreads, pageCount, page: current };
    }),
  );
}

function clampPage(page: number, pageCount: number): number {
  const n = Math.floor(Number(page)) || 1;
  return Math.min(Math.max(1, n), pageCount);
}

export type CommentSubtree = {
  node: CommentNode;
  /** From the top of the thread down to the parent of `node`. */
  ancestors: { id: string; ref: string; authorName: string; state: CommentState }[];
};

/** A comment with all its replies, and the chain above it (permalinks, "continue this thread"). */
export async function getCommentSubtree({
  consultationId,
  commentId,
  viewer,
  now = new Date(),
}: {
  consultationId: string;
  commentId: string;
  viewer: CommentViewer;
  now?: Date;
}): Promise<CommentSubtree | null> {
  // The stored rows are the same for every reader (shared until a change); the tree is per reader.
  const loaded = await memoPublic(`comment-subtree:${consultationId}:${commentId}`, async () => {
    const target = await db().comment.findUnique({ where: { id: commentId }, select: { id: true, consultationId: true, threadId: true } });
    if (!target || target.consultationId !== consultationId) return null;
    const rootId = target.threadId ?? target.id;
    return sqlRead(async (sql) => ({ ctx: await loadThreadContext(sql, consultationId), rows: await sql.all(THREAD_SQL.subtree, { root: rootId }) }));
  });
  if (!loaded?.ctx) return null;
  const { ctx, rows } = loaded;
  const nodes = buildTree(rows, ctx, viewer, now);
  const node = nodes.get(commentId);
  if (!node) return null;
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ancestors: CommentSubtree["ancestors"] = [];
  for (let p = rowById.get(commentId)?.parentId; p; p = rowById.get(p)?.parentId) {
    const n = nodes.get(p);
    if (!n) break;
    ancestors.unshift({ id: n.id, ref: n.ref, authorName: n.author.displayName, state: n.state });
  }
  return { node, ancestors };
}

/** The id of comment "<number>-<seq>" of a consultation, or null. */
export async function findCommentByRef({ consultationId, seq }: { consultationId: string; seq: number }): Promise<string | null> {
  if (!Number.isInteger(seq) || seq < 1) return null;
  const c = await memoPublic(`comment-by-seq:${consultationId}:${seq}`, () =>
    db().comment.findUnique({ where: { consultationId_seq: { consultationId, seq } }, select: { id: true } }),
  );
  return c?.id ?? null;
}

/**
 * Earlier texts of an edited comment, oldest first. Nothing for a withdrawn comment, and nothing
 * for a hidden one unless the viewer is IFM staff.
 */
export async function getCommentRevisions({
  commentId,
  viewer,
}: {
  commentId: string;
  viewer: CommentViewer;
}): Promise<{ bodyHtml: string; createdAt: Date }[]> {
  // The stored history is the same for every reader (shared until a change); who may see it is not.
  const { comment: c, revisions } = await memoPublic(`comment-revisions:${commentId}`, async () => ({
    comment: await db().comment.findUnique({ where: { id: commentId }, select: { hiddenAt: true, withdrawnAt: true } }),
    revisions: await db().commentRevision.findMany({
      where: { commentId },
      orderBy: { createdAt: "asc" },
      select: { bodyHtml: true, createdAt: true },
    }),
  }));
  if (!c || c.withdrawnAt || (c.hiddenAt && !viewer.isStaff)) return [];
  return revisions;
}
