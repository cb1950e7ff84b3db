// Reading comments: a page of threads (on the direct connection, shared by every reader of the
// same generation of public content), a comment's subtree for its permalink, the edit history.
// What depends on the reader (own-comment controls, hidden texts for staff) is added per request.
import { db, directRead } from "~/services/db.server";
import type { DirectConnection } from "~/services/sqlite-isolation.server";
import { memoPublic } from "~/services/public-memo.server";
import { storedHeadings, type Heading } from "~/services/markdown.server";
import { dateFrom } from "~/services/sql.server";
import { type StatusDates } from "~/features/consultations/status";
import { formatCommentRef, type ThreadSort } from "./reference";
import type { AttachmentSummary } from "~/features/attachments/attachment-view";
import { authorName, editRefusal, stateOf, statusDatesOf, type CommentState, type CommentViewer, type StatusRow } from "./comment.server";
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

// The thread queries run on the direct connection: a page of threads is read on every
// consultation page a signed-in reader opens (see docs/performance.md).
const NODE_COLUMNS = `
  c."id", c."seq", c."parentId", c."threadId", c."depth", c."createdAt", c."editedAt", c."authorId", c."isIfmReply",
  c."sectionId", c."sectionTitle", c."planVersionId", c."bodyHtml", c."language", c."hiddenAt", c."hiddenReason", c."withdrawnAt",
  u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
  CASE WHEN o."id" IS NULL THEN NULL ELSE
    (SELECT json_group_array(t."name") FROM (SELECT "name" FROM "Tld" WHERE "organisationId" = o."id" ORDER BY "name") t) END AS "orgTlds",
  (SELECT count(*) FROM "CommentRevision" r WHERE r."commentId" = c."id") AS "revisions",
  EXISTS (SELECT 1 FROM "CommentByEmail" e WHERE e."commentId" = c."id") AS "byEmail",
  (SELECT json_group_array(json_object('position', a."position", 'fileName', a."fileName", 'mediaType', a."mediaType", 'size', a."size", 'sha256', a."sha256"))
   FROM (SELECT * FROM "Attachment" WHERE "commentId" = c."id" ORDER BY "position") a) AS "attachments"
  FROM "Comment" c JOIN "User" u ON u."id" = c."authorId" LEFT JOIN "Organisation" o ON o."id" = c."organisationId"`;

const THREAD_SQL = {
  context: `SELECT "number", "publishedAt", "opensAt", "closesAt", "withdrawnAt", "concludedAt",
      (SELECT json_group_array(json_object('id', v."id", 'number', v."number", 'published', v."publishedAt" IS NOT NULL, 'headingsJson', v."headingsJson"))
       FROM (SELECT * FROM "PlanVersion" WHERE "consultationId" = k."id" ORDER BY "number" DESC) v) AS "versions"
    FROM "Consultation" k WHERE k."id" = ?`,
  countTops: `SELECT count(*) AS "n" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`,
  topsNewest: `SELECT ${NODE_COLUMNS} WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" DESC, c."seq" DESC LIMIT ? OFFSET ?`,
  topsOldest: `SELECT ${NODE_COLUMNS} WHERE c."consultationId" = ? AND c."parentId" IS NULL ORDER BY c."createdAt" ASC, c."seq" ASC LIMIT ? OFFSET ?`,
  topsForSections: `SELECT "id", "seq", "sectionId", "sectionTitle", "createdAt" FROM "Comment" WHERE "consultationId" = ? AND "parentId" IS NULL`,
  byIds: `SELECT ${NODE_COLUMNS} WHERE c."id" IN (SELECT "value" FROM json_each(?))`,
  replies: `SELECT ${NODE_COLUMNS} WHERE c."threadId" IN (SELECT "value" FROM json_each(?)) ORDER BY c."createdAt", c."seq"`,
  subtree: `SELECT ${NODE_COLUMNS} WHERE c."id" = @root OR c."threadId" = @root ORDER BY c."createdAt", c."seq"`,
};

type RawNodeRow = {
  id: string;
  seq: bigint;
  parentId: string | null;
  threadId: string | null;
  depth: bigint;
  createdAt: string;
  editedAt: string | null;
  authorId: string;
  isIfmReply: bigint;
  sectionId: string | null;
  sectionTitle: string | null;
  planVersionId: string;
  bodyHtml: string;
  language: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  withdrawnAt: string | null;
  authorName: string | null;
  orgName: string | null;
  orgKind: string | null;
  orgTlds: string | null;
  revisions: bigint;
  byEmail: bigint;
  attachments: string;
};

function nodeRowFrom(r: RawNodeRow): NodeRow {
  return {
    id: r.id,
    seq: Number(r.seq),
    parentId: r.parentId,
    threadId: r.threadId,
    depth: Number(r.depth),
    createdAt: dateFrom(r.createdAt)!,
    editedAt: dateFrom(r.editedAt),
    authorId: r.authorId,
    isIfmReply: r.isIfmReply === 1n,
    sectionId: r.sectionId,
    sectionTitle: r.sectionTitle,
    planVersionId: r.planVersionId,
    bodyHtml: r.bodyHtml,
    language: r.language,
    hiddenAt: dateFrom(r.hiddenAt),
    hiddenReason: r.hiddenReason,
    withdrawnAt: dateFrom(r.withdrawnAt),
    author: { displayName: r.authorName },
    organisation: r.orgName ? { name: r.orgName, kind: r.orgKind ?? "", tlds: (JSON.parse(r.orgTlds ?? "[]") as string[]).map((name) => ({ name })) } : null,
    _count: { revisions: Number(r.revisions) },
    byEmail: r.byEmail === 1n,
    attachments: JSON.parse(r.attachments) as AttachmentSummary[],
  };
}

function readNodes(sql: DirectConnection, statement: string, ...params: unknown[]): NodeRow[] {
  return (sql.statement(statement).all(...params) as RawNodeRow[]).map(nodeRowFrom);
}

type NodeRow = {
  id: string;
  seq: number;
  parentId: string | null;
  threadId: string | null;
  depth: number;
  createdAt: Date;
  editedAt: Date | null;
  authorId: string;
  isIfmReply: boolean;
  sectionId: string | null;
  sectionTitle: string | null;
  planVersionId: string;
  bodyHtml: string;
  language: string | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  withdrawnAt: Date | null;
  author: { displayName: string | null };
  organisation: { name: string; kind: string; tlds: { name: string }[] } | null;
  _count: { revisions: number };
  byEmail: boolean;
  attachments: AttachmentSummary[];
};

type ThreadContext = {
  number: number;
  dates: StatusDates;
  versionNumbers: Map<string, number>;
  /** Headings of the current published plan version. */
  headings: Heading[];
};

function loadThreadContext(sql: DirectConnection, consultationId: string): ThreadContext | null {
  const c = sql.statement(THREAD_SQL.context).get(consultationId) as (StatusRow & { number: bigint; versions: string }) | undefined;
  if (!c) return null;
  const versions = JSON.parse(c.versions) as { id: string; number: number; published: 0 | 1; headingsJson: string | null }[];
  const current = versions.find((v) => v.published);
  return {
    number: Number(c.number),
    dates: statusDatesOf(c),
    versionNumbers: new Map(versions.map((v) => [v.id, v.number])),
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
    author: { id: row.authorId, displayName: authorName(row.author) },
    organisation: row.organisation ? { name: row.organisation.name, kind: row.organisation.kind, tlds: row.organisation.tlds.map((t) => t.name) } : null,
    isIfmReply: row.isIfmReply,
    section: row.sectionId ? { id: row.sectionId, title: row.sectionTitle ?? row.sectionId } : null,
    planVersionNumber: ctx.versionNumbers.get(row.planVersionId) ?? 0,
    bodyHtml: textShown ? row.bodyHtml : null,
    state,
    hiddenReason: state === "hidden" ? row.hiddenReason : null,
    canEdit: isOwn && state === "visible" && editRefusal(row, ctx.dates, now) === null,
    isOwn,
    revisionsCount: textShown ? row._count.revisions : 0,
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
    directRead((sql): ThreadRows | null => {
      const ctx = loadThreadContext(sql, consultationId);
      if (!ctx) return null;

      let tops: NodeRow[];
      let totalThreads: number;
      let current: number;
      let pageCount: number;
      if (sort === "section") {
        // The plan's order is not a column: sort the (small) list of top-level comments here.
        const all = (
          sql.statement(THREAD_SQL.topsForSections).all(consultationId) as {
            id: string;
            seq: bigint;
            sectionId: string | null;
            sectionTitle: string | null;
            createdAt: string;
          }[]
        ).map((c) => ({ ...c, seq: Number(c.seq), createdAt: dateFrom(c.createdAt)! }));
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
        const byId = new Map(readNodes(sql, THREAD_SQL.byIds, JSON.stringify(ids)).map((r) => [r.id, r]));
        tops = ids.map((id) => byId.get(id)).filter((r): r is NodeRow => !!r);
      } else {
        totalThreads = Number((sql.statement(THREAD_SQL.countTops).get(consultationId) as { n: bigint }).n);
        pageCount = Math.max(1, Math.ceil(totalThreads / size));
        current = clampPage(page, pageCount);
        tops = readNodes(sql, sort === "oldest" ? THREAD_SQL.topsOldest : THREAD_SQL.topsNewest, consultationId, size, (current - 1) * size);
      }

      const replies = tops.length ? readNodes(sql, THREAD_SQL.replies, JSON.stringify(tops.map((t) => t.id))) : [];
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
    return directRead((sql) => ({ ctx: loadThreadContext(sql, consultationId), rows: readNodes(sql, THREAD_SQL.subtree, { root: rootId }) }));
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
