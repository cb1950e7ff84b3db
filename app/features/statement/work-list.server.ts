// The statement builder's work list: the comments that need a disposition, filtered and paged, with
// statements of the typed SQL layer on a covering index (it is read on every step of the builder).
import { db, sqlRead } from "~/services/db.server";
import { column, type Param, statement } from "~/services/sql/statement";
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

/** The comments that need an answer (on Comment c, for one consultation). */
const NEEDS_ANSWER_SQL = `c."consultationId" = ? AND c."isIfmReply" = false AND c."hiddenAt" IS NULL AND c."withdrawnAt" IS NULL`;

type WorkListShape = {
  hidden: boolean;
  section: "none" | "one" | null;
  organisation: boolean;
  kind: "individual" | "one" | null;
  theme: boolean;
  unanswered: boolean;
};

/** Which clauses the filters need (the statement), apart from their values (its parameters). */
function shapeOf(f: WorkListFilters): WorkListShape {
  return {
    hidden: !!f.hidden,
    section: f.section === "none" ? "none" : f.section ? "one" : null,
    organisation: !!f.organisation,
    kind: f.kind === "individual" ? "individual" : f.kind ? "one" : null,
    theme: !!f.theme,
    unanswered: !!f.unanswered,
  };
}

const shapeKey = (s: WorkListShape) => `${+s.hidden}${s.section ?? "-"}${+s.organisation}${s.kind ?? "-"}${+s.theme}${+s.unanswered}`;

/**
 * The work list's WHERE clause (on Comment c) for a shape of filters: each clause is a column of
 * the covering index or a sub-select, so the database plans each shape on its own.
 */
function whereOf(s: WorkListShape): string {
  const clauses = [s.hidden ? `c."consultationId" = ? AND c."isIfmReply" = false AND c."hiddenAt" IS NOT NULL AND c."withdrawnAt" IS NULL` : NEEDS_ANSWER_SQL];
  if (s.section === "none") clauses.push(`c."sectionId" IS NULL`);
  else if (s.section) clauses.push(`c."sectionId" = ?`);
  if (s.organisation) clauses.push(`c."organisationId" = ?`);
  if (s.kind === "individual") clauses.push(`c."organisationId" IS NULL`);
  else if (s.kind) clauses.push(`c."organisationId" IN (SELECT "id" FROM "Organisation" WHERE "kind" = ?)`);
  if (s.theme) clauses.push(`EXISTS (SELECT 1 FROM "CommentTheme" ct WHERE ct."commentId" = c."id" AND ct."themeId" = ?)`);
  if (s.unanswered) clauses.push(`NOT EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id")`);
  return clauses.join(" AND ");
}

/** The parameters of whereOf(shapeOf(f)), in the order of its clauses. */
function whereParams(consultationId: string, f: WorkListFilters): Param[] {
  const params: Param[] = [consultationId];
  if (f.section && f.section !== "none") params.push(f.section);
  if (f.organisation) params.push(f.organisation);
  if (f.kind && f.kind !== "individual") params.push(f.kind);
  if (f.theme) params.push(f.theme);
  return params;
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

/** The columns of one row of the work list (see workListRows). */
const WORK_LIST_COLUMNS = {
  id: column.text,
  seq: column.int,
  createdAt: column.date,
  bodyHtml: column.text,
  language: column.nullable(column.text),
  sectionId: column.nullable(column.text),
  sectionTitle: column.nullable(column.text),
  hiddenReason: column.nullable(column.text),
  authorName: column.nullable(column.text),
  orgName: column.nullable(column.text),
  orgKind: column.nullable(column.text),
  replies: column.int,
  parentSeq: column.nullable(column.int),
  parentBodyMd: column.nullable(column.text),
  parentHiddenAt: column.nullable(column.date),
  parentWithdrawnAt: column.nullable(column.date),
  parentIsIfmReply: column.nullable(column.bool),
  parentAuthorName: column.nullable(column.text),
  disposition: column.nullable(column.text),
  responseMd: column.nullable(column.text),
  planVersionNumber: column.nullable(column.int),
  dispositionSectionId: column.nullable(column.text),
  dispositionUpdatedAt: column.nullable(column.date),
  dispositionUpdatedBy: column.nullable(column.text),
  themes: column.json<{ id: string; name: string }[]>(),
  attachments: column.json<WorkListAttachment[]>(),
};

/** How much of an attachment's text the work list shows under its comment (its page has all of it). */
const ATTACHMENT_TEXT_IN_LIST = 20_000;

function workListRows(where: string): { sqlite: string; postgres: string } {
  // The page's ids first (an index scan), then the joins and sub-selects for those 25 rows only.
  // INDEXED BY (SQLite only): without statistics SQLite would walk the (consultation, seq) index
  // and read every row to test the filters; the covering index answers them and sorts the few ids
  // left. PostgreSQL's planner chooses the index from its statistics.
  const select = (
    indexedBy: string,
    themes: string,
    attachments: string,
  ) => `WITH "page" AS (SELECT c."id" FROM "Comment" c${indexedBy} WHERE ${where} ORDER BY c."seq" LIMIT ? OFFSET ?)
    SELECT c."id", c."seq", c."createdAt", c."bodyHtml", c."language", c."sectionId", c."sectionTitle", c."hiddenReason",
      u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
      (SELECT count(*) FROM "Comment" r WHERE r."consultationId" = c."consultationId" AND r."parentId" = c."id") AS "replies",
      p."seq" AS "parentSeq", p."bodyMd" AS "parentBodyMd", p."hiddenAt" AS "parentHiddenAt", p."withdrawnAt" AS "parentWithdrawnAt",
      p."isIfmReply" AS "parentIsIfmReply", pu."displayName" AS "parentAuthorName",
      d."disposition", d."responseMd", d."planVersionNumber", d."sectionId" AS "dispositionSectionId", d."updatedAt" AS "dispositionUpdatedAt",
      du."displayName" AS "dispositionUpdatedBy",
      ${themes} AS "themes",
      ${attachments} AS "attachments"
    FROM "page" JOIN "Comment" c ON c."id" = "page"."id"
    JOIN "User" u ON u."id" = c."authorId"
    LEFT JOIN "Organisation" o ON o."id" = c."organisationId"
    LEFT JOIN "Comment" p ON p."id" = c."parentId"
    LEFT JOIN "User" pu ON pu."id" = p."authorId"
    LEFT JOIN "Disposition" d ON d."commentId" = c."id"
    LEFT JOIN "User" du ON du."id" = d."updatedById"
    ORDER BY c."seq"`;
  const attachmentFields = `'position', a."position", 'fileName', a."fileName", 'mediaType', a."mediaType", 'size', a."size",
          'textStatus', a."textStatus", 'textNote', a."textNote", 'text', substr(a."text", 1, ${ATTACHMENT_TEXT_IN_LIST}), 'textLength', length(a."text")`;
  return {
    sqlite: select(
      ` INDEXED BY "Comment_answer_idx"`,
      `(SELECT json_group_array(json_object('id', t."id", 'name', t."name"))
        FROM "CommentTheme" ct JOIN "Theme" t ON t."id" = ct."themeId" WHERE ct."commentId" = c."id")`,
      `(SELECT json_group_array(json_object(${attachmentFields}))
        FROM (SELECT * FROM "Attachment" WHERE "commentId" = c."id" ORDER BY "position") a)`,
    ),
    // The themes in the order SQLite reads them (by CommentTheme's key: comment, then theme).
    postgres: select(
      "",
      `(SELECT coalesce(json_agg(json_build_object('id', t."id", 'name', t."name") ORDER BY ct."themeId"), '[]')
        FROM "CommentTheme" ct JOIN "Theme" t ON t."id" = ct."themeId" WHERE ct."commentId" = c."id")`,
      `(SELECT coalesce(json_agg(json_build_object(${attachmentFields}) ORDER BY a."position"), '[]')
        FROM "Attachment" a WHERE a."commentId" = c."id")`,
    ),
  };
}

/** The count of the filtered work list: an index-only scan (Comment_answer_idx). */
function filteredCount(where: string): { sqlite: string; postgres: string } {
  return {
    sqlite: `SELECT count(*) AS "n" FROM "Comment" c INDEXED BY "Comment_answer_idx" WHERE ${where}`,
    postgres: `SELECT count(*) AS "n" FROM "Comment" c WHERE ${where}`,
  };
}

/** Every shape of filters the work list takes. */
function allShapes(): WorkListShape[] {
  const shapes: WorkListShape[] = [];
  for (const hidden of [false, true])
    for (const section of ["none", "one", null] as const)
      for (const organisation of [false, true])
        for (const kind of ["individual", "one", null] as const)
          for (const theme of [false, true]) for (const unanswered of [false, true]) shapes.push({ hidden, section, organisation, kind, theme, unanswered });
  return shapes;
}

const excerpt = (text: string, max = 280) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const WORK_LIST_SQL = {
  groups: statement<[consultationId: string]>()(
    `SELECT c."sectionId", c."sectionTitle", c."organisationId", count(*) AS "n" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    GROUP BY c."sectionId", c."sectionTitle", c."organisationId"`,
    { sectionId: column.nullable(column.text), sectionTitle: column.nullable(column.text), organisationId: column.nullable(column.text), n: column.int },
  ),
  answered: statement<[consultationId: string]>()(
    `SELECT count(*) AS "n" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    AND EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id")`,
    { n: column.int },
  ),
  hidden: statement<[consultationId: string]>()(
    `SELECT count(*) AS "n" FROM "Comment" c WHERE c."consultationId" = ? AND c."isIfmReply" = false AND c."hiddenAt" IS NOT NULL AND c."withdrawnAt" IS NULL`,
    { n: column.int },
  ),
  themes: statement<[consultationId: string]>()(
    `SELECT t."id", t."name", t."summaryMd", (SELECT count(*) FROM "CommentTheme" ct WHERE ct."themeId" = t."id") AS "n"
    FROM "Theme" t WHERE t."consultationId" = ? ORDER BY t."name"`,
    { id: column.text, name: column.text, summaryMd: column.text, n: column.int },
  ),
  missing: statement<[consultationId: string, limit: number]>()(
    `SELECT c."seq" FROM "Comment" c WHERE ${NEEDS_ANSWER_SQL}
    AND NOT EXISTS (SELECT 1 FROM "Disposition" d WHERE d."commentId" = c."id") ORDER BY c."seq" LIMIT ?`,
    { seq: column.int },
  ),
};

/**
 * The statements of each shape of filters, declared here once (a few hundred small texts): the
 * count (none for the unfiltered list, whose total is the progress's) and the page of rows.
 */
const WORK_LIST_STATEMENTS = new Map(
  allShapes().map((shape) => {
    const where = whereOf(shape);
    const unfiltered = shapeKey(shape) === shapeKey(shapeOf({}));
    return [
      shapeKey(shape),
      {
        count: unfiltered ? null : statement<Param[]>()(filteredCount(where), { n: column.int }),
        rows: statement<Param[]>()(workListRows(where), WORK_LIST_COLUMNS),
      },
    ];
  }),
);

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
  const statements = WORK_LIST_STATEMENTS.get(shapeKey(shapeOf(filters)))!;
  const params = whereParams(consultationId, filters);
  // The counts, each an index-only scan (Comment_answer_idx): they cover every comment of the
  // consultation, on every page of the work list.
  const counts = await sqlRead(async (sql) => ({
    filteredTotal: statements.count ? (await sql.get(statements.count, params))!.n : null,
    groups: await sql.all(WORK_LIST_SQL.groups, [consultationId]),
    answered: (await sql.get(WORK_LIST_SQL.answered, [consultationId]))!.n,
    hidden: (await sql.get(WORK_LIST_SQL.hidden, [consultationId]))!.n,
    themes: await sql.all(WORK_LIST_SQL.themes, [consultationId]),
  }));
  const { filteredTotal, groups, answered, hidden, themes } = counts;
  const needed = groups.reduce((n, g) => n + g.n, 0);
  // The first unanswered references (a scan in reference order: skipped when none is left).
  const missing = answered < needed ? await sqlRead((sql) => sql.all(WORK_LIST_SQL.missing, [consultationId, 20])) : [];
  const total = filteredTotal ?? needed;
  const bySection = new Map<string, { sectionId: string | null; sectionTitle: string | null; count: number }>();
  const byOrganisation = new Map<string, number>();
  for (const g of groups) {
    const key = g.sectionId ?? "";
    const s = bySection.get(key) ?? { sectionId: g.sectionId, sectionTitle: g.sectionTitle, count: 0 };
    s.count += g.n;
    bySection.set(key, s);
    if (g.organisationId) byOrganisation.set(g.organisationId, (byOrganisation.get(g.organisationId) ?? 0) + g.n);
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
  const rows = await sqlRead((sql) => sql.all(statements.rows, [...params, WORK_LIST_PAGE_SIZE, (current - 1) * WORK_LIST_PAGE_SIZE]));
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
    themes: themes.map((t) => ({ id: t.id, name: t.name, summaryMd: t.summaryMd, count: t.n })),
    comments: rows.map((r) => ({
      id: r.id,
      ref: ref(r.seq),
      createdAt: r.createdAt,
      bodyHtml: r.bodyHtml,
      language: r.language,
      /** The files attached to the comment with their text, so the answer can address what a letter says. */
      attachments: r.attachments,
      section: r.sectionId ? { id: r.sectionId, title: r.sectionTitle ?? r.sectionId } : null,
      author: shownName(r.authorName),
      organisation: r.orgName ? { name: r.orgName, kind: r.orgKind ?? "" } : null,
      hiddenReason: r.hiddenReason,
      replies: r.replies,
      parent:
        r.parentSeq !== null
          ? {
              ref: ref(r.parentSeq),
              author: shownName(r.parentAuthorName),
              isIfmReply: r.parentIsIfmReply === true,
              excerpt: r.parentWithdrawnAt ? "(withdrawn by its author)" : r.parentHiddenAt ? "(hidden by the IFM)" : excerpt(r.parentBodyMd ?? ""),
            }
          : null,
      disposition: r.disposition
        ? {
            disposition: r.disposition,
            responseMd: r.responseMd ?? "",
            planVersionNumber: r.planVersionNumber,
            sectionId: r.dispositionSectionId,
            updatedAt: r.dispositionUpdatedAt!,
            updatedBy: r.dispositionUpdatedBy ?? "IFM staff",
          }
        : null,
      themes: r.themes,
    })),
  };
}
