// The statement builder's work list: the comments that need a disposition, filtered and paged, on
// the direct connection with a covering index (it is read on every step of the builder).
import { db, directRead } from "~/services/db.server";
import { formatCommentRef } from "~/features/comments/reference";
import { shownName } from "~/models/names";
import { WORK_LIST_PAGE_SIZE } from "./statement.server";

export type WorkListFilters = {
  section?: string; // a heading id, or "none" for comments on the plan as a whole
  organisation?: string; // an organisation id
  kind?: "cctld" | "gtld" | "individual";
  theme?: string; // a theme id
  unanswered?: boolean;
  hidden?: boolean; // the hidden comments, listed apart
};

/** The work list's WHERE clause (on Comment c) and its parameters, from the filters. */
function workListWhere(consultationId: string, f: WorkListFilters): { sql: string; params: unknown[] } {
  const clauses = [f.hidden ? `c."consultationId" = ? AND c."isIfmReply" = 0 AND c."hiddenAt" IS NOT NULL AND c."withdrawnAt" IS NULL` : NEEDS_ANSWER_SQL];
  const params: unknown[] = [consultationId];
  const where = (clause: string, param: unknown) => {
    clauses.push(clause);
    params.push(param);
  };
  if (f.section === "none") clauses.push(`c."sectionId" IS NULL`);
  else if (f.section) where(`c."sectionId" = ?`, f.section);
  if (f.organisation) where(`c."organisationId" = ?`, f.organisation);
  if (f.kind === "individual") clauses.push(`c."organisationId" IS NULL`);
  else if (f.kind) where(`c."organisationId" IN (SELECT "id" FROM "Organisation" WHERE "kind" = ?)`, f.kind);
  if (f.theme) where(`EXISTS (SELECT 1 FROM "CommentTheme" ct WHERE ct."commentId" = c."id" AND ct."themeId" = ?)`, f.theme);
  if (f.unanswered) clauses.push(`NOT EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id")`);
  return { sql: clauses.join(" AND "), params };
}

export type WorkListAttachment = {
  position: number;
  fileName: string;
  mediaType: string;
  size: number;
  textStatus: string;
  textNote: string | null;
  /** The first ATTACHMENT_TEXT_IN_LIST characters. */
  text: string | null;
  textLength: number | null;
};

/** One row of the work list as SQLite answers it (see workListRows). */
type WorkListRow = {
  id: string;
  seq: bigint;
  createdAt: string;
  bodyHtml: string;
  language: string | null;
  sectionId: string | null;
  sectionTitle: string | null;
  hiddenReason: string | null;
  authorName: string | null;
  orgName: string | null;
  orgKind: string | null;
  replies: bigint;
  parentSeq: bigint | null;
  parentBodyMd: string | null;
  parentHiddenAt: string | null;
  parentWithdrawnAt: string | null;
  parentIsIfmReply: bigint | null;
  parentAuthorName: string | null;
  disposition: string | null;
  responseMd: string | null;
  planVersionNumber: bigint | null;
  dispositionSectionId: string | null;
  dispositionUpdatedAt: string | null;
  dispositionUpdatedBy: string | null;
  themes: string;
  attachments: string;
};

/** How much of an attachment's text the work list shows under its comment (its page has all of it). */
const ATTACHMENT_TEXT_IN_LIST = 20_000;

function workListRows(where: { sql: string; params: unknown[] }) {
  // The page's ids first (an index scan), then the joins and sub-selects for those 25 rows only.
  // INDEXED BY: without statistics SQLite would walk the (consultation, seq) index and read every
  // row to test the filters; the covering index answers them and sorts the few ids left.
  return `WITH "page" AS (SELECT c."id" FROM "Comment" c INDEXED BY "Comment_answer_idx" WHERE ${where.sql} ORDER BY c."seq" LIMIT ? OFFSET ?)
    SELECT c."id", c."seq", c."createdAt", c."bodyHtml", c."language", c."sectionId", c."sectionTitle", c."hiddenReason",
      u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
      (SELECT count(*) FROM "Comment" r WHERE r."consultationId" = c."consultationId" AND r."parentId" = c."id") AS "replies",
      p."seq" AS "parentSeq", p."bodyMd" AS "parentBodyMd", p."hiddenAt" AS "parentHiddenAt", p."withdrawnAt" AS "parentWithdrawnAt",
      p."isIfmReply" AS "parentIsIfmReply", pu."displayName" AS "parentAuthorName",
      d."disposition", d."responseMd", d."planVersionNumber", d."sectionId" AS "dispositionSectionId", d."updatedAt" AS "dispositionUpdatedAt",
      du."displayName" AS "dispositionUpdatedBy",
      (SELECT json_group_array(json_object('id', t."id", 'name', t."name"))
        FROM "CommentTheme" ct JOIN "Theme" t ON t."id" = ct."themeId" WHERE ct."commentId" = c."id") AS "themes",
      (SELECT json_group_array(json_object('position', a."position", 'fileName', a."fileName", 'mediaType', a."mediaType", 'size', a."size",
          'textStatus', a."textStatus", 'textNote', a."textNote", 'text', substr(a."text", 1, ${ATTACHMENT_TEXT_IN_LIST}), 'textLength', length(a."text")))
        FROM (SELECT * FROM "Attachment" WHERE "commentId" = c."id" ORDER BY "position") a) AS "attachments"
    FROM "page" JOIN "Comment" c ON c."id" = "page"."id"
    JOIN "User" u ON u."id" = c."authorId"
    LEFT JOIN "Organisation" o ON o."id" = c."organisationId"
    LEFT JOIN "Comment" p ON p."id" = c."parentId"
    LEFT JOIN "User" pu ON pu."id" = p."authorId"
    LEFT JOIN "Disposition" d ON d."commentId" = c."id"
    LEFT JOIN "User" du ON du."id" = d."updatedById"
    ORDER BY c."seq"`;
}

const excerpt = (text: string, max = 280) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const NEEDS_ANSWER_SQL = `c."consultationId" = ? AND c."isIfmReply" = 0 AND c."hiddenAt" IS NULL AND c."withdrawnAt" IS NULL`;

const WORK_LIST_SQL = {
  groups: `SELECT c."sectionId", c."sectionTitle", c."organisationId", count(*) AS "n" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    GROUP BY c."sectionId", c."sectionTitle", c."organisationId"`,
  answered: `SELECT count(*) AS "n" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    AND EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id")`,
  hidden: `SELECT count(*) AS "n" FROM "Comment" c WHERE c."consultationId" = ? AND c."isIfmReply" = 0 AND c."hiddenAt" IS NOT NULL AND c."withdrawnAt" IS NULL`,
  themes: `SELECT t."id", t."name", t."summaryMd", (SELECT count(*) FROM "CommentTheme" ct WHERE ct."themeId" = t."id") AS "n"
    FROM "Theme" t WHERE t."consultationId" = ? ORDER BY t."name"`,
  missing: `SELECT c."seq" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    AND NOT EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id") ORDER BY c."seq" LIMIT ?`,
};

/**
 * One page of the builder's work list (25 comments in reference order) with thread context,
 * the progress, the filter choices and the first unanswered references. A handful of indexed
 * queries whatever the number of comments.
 */
export async function getWorkList({
  consultationId,
  number,
  filters,
  page = 1,
}: {
  consultationId: string;
  number: number;
  filters: WorkListFilters;
  page?: number;
}) {
  const where = workListWhere(consultationId, filters);
  const unfiltered = !filters.section && !filters.organisation && !filters.kind && !filters.theme && !filters.unanswered && !filters.hidden;
  // The counts run on the direct connection, each an index-only scan (Comment_answer_idx): they
  // cover every comment of the consultation, on every page of the work list.
  const counts = await directRead((sql) => ({
    filteredTotal: unfiltered
      ? null
      : Number(
          (sql.statement(`SELECT count(*) AS "n" FROM "Comment" c INDEXED BY "Comment_answer_idx" WHERE ${where.sql}`).get(...where.params) as { n: bigint }).n,
        ),
    groups: (
      sql.statement(WORK_LIST_SQL.groups).all(consultationId) as {
        sectionId: string | null;
        sectionTitle: string | null;
        organisationId: string | null;
        n: bigint;
      }[]
    ).map((g) => ({ ...g, _count: { _all: Number(g.n) } })),
    answered: Number((sql.statement(WORK_LIST_SQL.answered).get(consultationId) as { n: bigint }).n),
    hidden: Number((sql.statement(WORK_LIST_SQL.hidden).get(consultationId) as { n: bigint }).n),
    themes: (sql.statement(WORK_LIST_SQL.themes).all(consultationId) as { id: string; name: string; summaryMd: string; n: bigint }[]).map((t) => ({
      id: t.id,
      name: t.name,
      summaryMd: t.summaryMd,
      _count: { comments: Number(t.n) },
    })),
  }));
  const { filteredTotal, groups, answered, hidden, themes } = counts;
  const needed = groups.reduce((n, g) => n + g._count._all, 0);
  // The first unanswered references (a scan in reference order: skipped when none is left).
  const missing =
    answered < needed
      ? await directRead((sql) => (sql.statement(WORK_LIST_SQL.missing).all(consultationId, 20) as { seq: bigint }[]).map((m) => ({ seq: Number(m.seq) })))
      : [];
  const total = filteredTotal ?? needed;
  const bySection = new Map<string, { sectionId: string | null; sectionTitle: string | null; count: number }>();
  const byOrganisation = new Map<string, number>();
  for (const g of groups) {
    const key = g.sectionId ?? "";
    const s = bySection.get(key) ?? { sectionId: g.sectionId, sectionTitle: g.sectionTitle, count: 0 };
    s.count += g._count._all;
    bySection.set(key, s);
    if (g.organisationId) byOrganisation.set(g.organisationId, (byOrganisation.get(g.organisationId) ?? 0) + g._count._all);
  }
  const sections = [...bySection.values()].map((s) => ({ sectionId: s.sectionId, sectionTitle: s.sectionTitle, _count: { _all: s.count } }));
  const organisationGroups = [...byOrganisation].map(([organisationId, count]) => ({ organisationId, _count: { _all: count } }));
  const organisations = organisationGroups.length
    ? await db().organisation.findMany({
        where: { id: { in: organisationGroups.map((g) => g.organisationId) } },
        orderBy: { name: "asc" },
        select: { id: true, name: true, kind: true },
      })
    : [];
  const pageCount = Math.max(1, Math.ceil(total / WORK_LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const rows = await directRead(
    (sql) => sql.statement(workListRows(where)).all(...where.params, WORK_LIST_PAGE_SIZE, (current - 1) * WORK_LIST_PAGE_SIZE) as WorkListRow[],
  );
  const ref = (seq: number) => formatCommentRef(number, seq);
  return {
    progress: { answered, needed },
    hiddenCount: hidden,
    missing: { count: needed - answered, refs: missing.map((m) => ref(m.seq)) },
    total,
    page: current,
    pageCount,
    sections: sections
      .map((s) => ({ id: s.sectionId ?? "none", title: s.sectionTitle ?? "The plan as a whole", count: s._count._all }))
      .sort((a, b) => (a.id === "none" ? 1 : b.id === "none" ? -1 : a.title.localeCompare(b.title))),
    organisations: organisations.map((o) => ({ ...o, count: organisationGroups.find((g) => g.organisationId === o.id)?._count._all ?? 0 })),
    themes: themes.map((t) => ({ id: t.id, name: t.name, summaryMd: t.summaryMd, count: t._count.comments })),
    comments: rows.map((r) => ({
      id: r.id,
      ref: ref(Number(r.seq)),
      createdAt: new Date(r.createdAt),
      bodyHtml: r.bodyHtml,
      language: r.language,
      /** The files attached to the comment with their text, so the answer can address what a letter says. */
      attachments: JSON.parse(r.attachments) as WorkListAttachment[],
      section: r.sectionId ? { id: r.sectionId, title: r.sectionTitle ?? r.sectionId } : null,
      author: shownName(r.authorName),
      organisation: r.orgName ? { name: r.orgName, kind: r.orgKind ?? "" } : null,
      hiddenReason: r.hiddenReason,
      replies: Number(r.replies),
      parent:
        r.parentSeq !== null
          ? {
              ref: ref(Number(r.parentSeq)),
              author: shownName(r.parentAuthorName),
              isIfmReply: r.parentIsIfmReply === 1n,
              excerpt: r.parentWithdrawnAt ? "(withdrawn by its author)" : r.parentHiddenAt ? "(hidden by the IFM)" : excerpt(r.parentBodyMd ?? ""),
            }
          : null,
      disposition: r.disposition
        ? {
            disposition: r.disposition,
            responseMd: r.responseMd ?? "",
            planVersionNumber: r.planVersionNumber === null ? null : Number(r.planVersionNumber),
            sectionId: r.dispositionSectionId,
            updatedAt: new Date(r.dispositionUpdatedAt!),
            updatedBy: r.dispositionUpdatedBy ?? "IFM staff",
          }
        : null,
      themes: JSON.parse(r.themes) as { id: string; name: string }[],
    })),
  };
}
