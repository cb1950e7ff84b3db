/**
 * The final response statement (docs/decisions/014): the IFM's builder (work list, dispositions,
 * themes, texts), the generator (data → content → HTML and Markdown) and publishing frozen
 * revisions.
 *
 * Rules live here; input arrives as the builder's schemas (validation.ts) gave it, and refusals
 * are returned as `Refused`. Only IFM staff write and publish ("statement.*" in
 * app/models/permissions.ts). The comments
 * that need a disposition are the public's visible comments (replies included); IFM replies are
 * the IFM's own words, and hidden or withdrawn comments are listed apart and need none.
 */
import { createHash } from "node:crypto";
import { db, type Db, directRead, isUniqueViolation } from "~/services/db.server";
import { memoPublic } from "~/services/public-memo.server";
import { absoluteUrl } from "~/services/env.server";
import { renderMarkdown, storedHeadings } from "~/services/markdown.server";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import { recordAudit } from "~/models/audit.server";
import { recordEvent } from "~/features/following/events/record.server";
import { formatCommentRef } from "~/features/comments/reference";
import { CONSULTATION_HEAD_SELECT, consultationStatus, STATUS_SELECT, type ConsultationStatus } from "~/features/consultations/status";
import {
  buildStatementContent,
  DISPOSITIONS,
  DISPOSITION_SHORT,
  responsePath,
  statementHtml,
  statementMarkdown,
  type Disposition,
  type StatementCommentInput,
  type StatementContent,
  type StatementInput,
} from "./content";
import { formatUtc } from "~/models/time";
import { NOUNS, plural } from "~/models/plural";
import { shownName } from "~/models/names";

const TX = { maxWait: 15_000, timeout: 60_000 };
export const WORK_LIST_PAGE_SIZE = 25;
/** How long a second "publish" by the same person counts as the same click. */
const DOUBLE_SUBMIT_MS = 10 * 60_000;

/** The comments that need a disposition (see the module comment). */
const needsAnswer = (consultationId: string) => ({ consultationId, isIfmReply: false, hiddenAt: null, withdrawnAt: null }) as const;

const statusSelect = STATUS_SELECT;

/** Why the statement cannot be written for a consultation in this status, or null. */
export function builderRefusal(c: { status: ConsultationStatus; closesAt: Date | null }): Refused | null {
  switch (c.status) {
    case "closed":
    case "concluded":
      return null;
    case "draft":
      return refused(404, "There is no consultation at this address.");
    case "withdrawn":
      return refused(409, "This consultation was withdrawn: it has no final statement.");
    case "upcoming":
    case "open":
      return refused(
        409,
        `The comment period is still ${c.status === "open" ? "open" : "to come"}${c.closesAt ? ` (it closes on ${formatUtc(c.closesAt)})` : ""}. The statement is written once the period has closed.`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// The consultation, for the builder and the actions

export async function getStatementConsultation({ slug, now = new Date() }: { slug: string; now?: Date }) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      ...CONSULTATION_HEAD_SELECT,
      statement: {
        select: {
          id: true,
          introMd: true,
          analysisMd: true,
          nextStepsMd: true,
          revisions: { orderBy: { number: "desc" }, select: { number: true, publishedAt: true, erratum: true, contentHash: true } },
        },
      },
      versions: { where: { publishedAt: { not: null } }, orderBy: { number: "asc" }, select: { number: true, headingsJson: true } },
      dugReviews: { where: { outcome: { not: null } }, orderBy: { round: "desc" }, take: 1, select: { outcome: true } },
    },
  });
  if (!c) return null;
  const status = consultationStatus(c, now);
  const finalVersion = c.versions[c.versions.length - 1];
  return {
    id: c.id,
    number: c.number,
    slug: c.slug,
    title: c.title,
    status,
    closesAt: c.closesAt,
    dugRequired: c.dugRequired,
    dugOutcome: c.dugReviews[0]?.outcome ?? null,
    texts: { introMd: c.statement?.introMd ?? "", analysisMd: c.statement?.analysisMd ?? "", nextStepsMd: c.statement?.nextStepsMd ?? "" },
    revisions: c.statement?.revisions ?? [],
    versions: c.versions.map((v) => v.number),
    sections: finalVersion ? storedHeadings(finalVersion.headingsJson).filter((h) => h.level >= 2 && h.level <= 4) : [],
  };
}

export type StatementConsultation = NonNullable<Awaited<ReturnType<typeof getStatementConsultation>>>;

// ---------------------------------------------------------------------------------------------
// The work list

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

/** One row of the work list as SQLite answers it (see workListRows). */
type WorkListRow = {
  id: string;
  seq: bigint;
  createdAt: string;
  bodyHtml: string;
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
};

function workListRows(where: { sql: string; params: unknown[] }) {
  // The page's ids first (an index scan), then the joins and sub-selects for those 25 rows only.
  // INDEXED BY: without statistics SQLite would walk the (consultation, seq) index and read every
  // row to test the filters; the covering index answers them and sorts the few ids left.
  return `WITH "page" AS (SELECT c."id" FROM "Comment" c INDEXED BY "Comment_answer_idx" WHERE ${where.sql} ORDER BY c."seq" LIMIT ? OFFSET ?)
    SELECT c."id", c."seq", c."createdAt", c."bodyHtml", c."sectionId", c."sectionTitle", c."hiddenReason",
      u."displayName" AS "authorName", o."name" AS "orgName", o."kind" AS "orgKind",
      (SELECT count(*) FROM "Comment" r WHERE r."consultationId" = c."consultationId" AND r."parentId" = c."id") AS "replies",
      p."seq" AS "parentSeq", p."bodyMd" AS "parentBodyMd", p."hiddenAt" AS "parentHiddenAt", p."withdrawnAt" AS "parentWithdrawnAt",
      p."isIfmReply" AS "parentIsIfmReply", pu."displayName" AS "parentAuthorName",
      d."disposition", d."responseMd", d."planVersionNumber", d."sectionId" AS "dispositionSectionId", d."updatedAt" AS "dispositionUpdatedAt",
      du."displayName" AS "dispositionUpdatedBy",
      (SELECT json_group_array(json_object('id', t."id", 'name', t."name"))
        FROM "CommentTheme" ct JOIN "Theme" t ON t."id" = ct."themeId" WHERE ct."commentId" = c."id") AS "themes"
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

// ---------------------------------------------------------------------------------------------
// Dispositions and themes

/** As disposeSchema or bulkSchema gave it: a known disposition, the response trimmed and within its limits. */
export type DispositionInput = {
  actor: Actor;
  consultationId: string;
  commentIds: string[];
  disposition: Disposition;
  responseMd: string;
  planVersionNumber?: number | null;
  sectionId?: string | null;
  /** Names of themes; new names create themes. */
  themes?: string[];
  /** "replace" (one comment's own form) sets exactly these themes; "add" (bulk) adds them. */
  themesMode?: "replace" | "add";
  now?: Date;
};

/**
 * Records the same disposition and response for one or several comments of a consultation whose
 * period has closed. All or nothing: one comment of another consultation, or hidden, refuses
 * the whole request.
 */
export async function saveDispositions(input: DispositionInput): Promise<{ ok: true; refs: string[] } | Refused> {
  const { actor, consultationId, disposition, responseMd, now = new Date() } = input;
  const notAllowed = denied(actor, "statement.write");
  if (notAllowed) return notAllowed;
  const ids = [...new Set(input.commentIds)];
  // One theme however its name was spaced.
  const themeNames = [...new Set((input.themes ?? []).map((t) => t.trim().replace(/\s+/g, " ")).filter(Boolean))];

  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: { number: true, ...statusSelect, versions: { where: { publishedAt: { not: null } }, select: { number: true, headingsJson: true } } },
  });
  if (!c) return refused(404, "There is no such consultation.");
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt });
  if (closedFirst) return closedFirst;

  let planVersionNumber: number | null = input.planVersionNumber ?? null;
  const sectionId = input.sectionId?.trim() || null;
  if (sectionId && !planVersionNumber) planVersionNumber = Math.max(...c.versions.map((v) => v.number));
  if (planVersionNumber !== null) {
    const version = c.versions.find((v) => v.number === planVersionNumber);
    if (!version) return refused(400, `Plan version ${planVersionNumber} does not exist.`, "planVersion");
    if (sectionId && !storedHeadings(version.headingsJson).some((h) => h.id === sectionId)) {
      return refused(400, `Plan version ${planVersionNumber} has no such section.`, "sectionId");
    }
  }
  const responseHtml = renderMarkdown(responseMd, { headingIds: false }).html;

  return inTransaction(async (tx) => {
    const comments = await tx.comment.findMany({
      where: { id: { in: ids } },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, isIfmReply: true },
    });
    const foreign = ids.filter((id) => !comments.some((x) => x.id === id && x.consultationId === consultationId));
    if (foreign.length)
      throw new Refusal(
        refused(
          404,
          `${plural(foreign.length, { one: "One selected comment is", other: "# selected comments are" })} not part of this consultation. Nothing was saved.`,
          "commentId",
        ),
      );
    const ref = (seq: number) => formatCommentRef(c.number, seq);
    for (const x of comments.sort((a, b) => a.seq - b.seq)) {
      if (x.withdrawnAt)
        throw new Refusal(refused(409, `Comment ${ref(x.seq)} was withdrawn by its author: it needs no disposition. Nothing was saved.`, "commentId"));
      if (x.hiddenAt)
        throw new Refusal(
          refused(409, `Comment ${ref(x.seq)} is hidden: hidden comments are listed apart and need no disposition. Nothing was saved.`, "commentId"),
        );
      if (x.isIfmReply) throw new Refusal(refused(409, `Comment ${ref(x.seq)} is an IFM reply: it needs no disposition. Nothing was saved.`, "commentId"));
    }
    const data = { disposition, responseMd, responseHtml, planVersionNumber, sectionId, updatedById: actor.id };
    for (const x of comments) {
      await tx.disposition.upsert({ where: { commentId: x.id }, create: { commentId: x.id, ...data }, update: data, select: { id: true } });
    }
    if (themeNames.length || input.themesMode === "replace") {
      const themeIds: string[] = [];
      for (const name of themeNames) {
        const theme = await tx.theme.upsert({
          where: { consultationId_name: { consultationId, name } },
          create: { consultationId, name },
          update: {},
          select: { id: true },
        });
        themeIds.push(theme.id);
      }
      for (const x of comments) {
        if (input.themesMode === "replace") await tx.commentTheme.deleteMany({ where: { commentId: x.id, themeId: { notIn: themeIds } } });
        for (const themeId of themeIds) {
          await tx.commentTheme.upsert({ where: { commentId_themeId: { commentId: x.id, themeId } }, create: { commentId: x.id, themeId }, update: {} });
        }
      }
    }
    const refs = comments.map((x) => ref(x.seq));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "statement.disposition",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      data: { refs, disposition, themes: themeNames, at: now.toISOString() },
    });
    return { ok: true as const, refs };
  }, TX);
}

/** The IFM's texts: introduction, analysis, next steps and each theme's summary. */
export async function saveStatementTexts({
  actor,
  consultationId,
  introMd,
  analysisMd,
  nextStepsMd,
  themeSummaries = {},
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  /** As textsSchema gave them: within their limits. */
  introMd: string;
  analysisMd: string;
  nextStepsMd: string;
  /** Theme id → summary. */
  themeSummaries?: Record<string, string>;
  now?: Date;
}): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "statement.write");
  if (notAllowed) return notAllowed;
  const c = await db().consultation.findUnique({ where: { id: consultationId }, select: { ...statusSelect } });
  if (!c) return refused(404, "There is no such consultation.");
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt });
  if (closedFirst) return closedFirst;
  const texts = { introMd: introMd.trim(), analysisMd: analysisMd.trim(), nextStepsMd: nextStepsMd.trim() };
  const saved = await inTransaction(async (tx) => {
    await tx.statement.upsert({ where: { consultationId }, create: { consultationId, ...texts }, update: texts });
    for (const [themeId, summary] of Object.entries(themeSummaries)) {
      const { count } = await tx.theme.updateMany({ where: { id: themeId, consultationId }, data: { summaryMd: summary.trim() } });
      if (count !== 1) throw new Refusal(refused(404, "One of the themes is not part of this consultation. Nothing was saved."));
    }
    await recordAudit(tx, { actorId: actor.id, action: "statement.texts", subjectType: "consultation", subjectId: consultationId, consultationId });
    return { ok: true as const };
  }, TX);
  return saved;
}

// ---------------------------------------------------------------------------------------------
// The generator

/** Gathers everything the statement says from the database (`client` may be a transaction). */
export async function loadStatementInput(client: Db, consultationId: string, revision: StatementInput["revision"] = null): Promise<StatementInput | null> {
  const c = await client.consultation.findUnique({
    where: { id: consultationId },
    select: {
      number: true,
      slug: true,
      title: true,
      summary: true,
      category: true,
      affected: true,
      basis: true,
      opensAt: true,
      closesAt: true,
      contactName: true,
      contactEmail: true,
      extensions: { orderBy: { createdAt: "asc" }, select: { previousClosesAt: true, newClosesAt: true, reason: true, createdAt: true } },
      versions: {
        where: { publishedAt: { not: null } },
        orderBy: { number: "asc" },
        select: { id: true, number: true, publishedAt: true, changeSummary: true, contentHash: true, bodyMd: true, headingsJson: true, timelineJson: true },
      },
      statement: { select: { introMd: true, analysisMd: true, nextStepsMd: true } },
      themes: { orderBy: { name: "asc" }, select: { id: true, name: true, summaryMd: true } },
      dugReviews: {
        where: { outcome: { not: null } },
        orderBy: { round: "desc" },
        take: 1,
        select: { round: true, outcome: true, decidedAt: true, recordHash: true, recordJson: true, planVersion: { select: { number: true } } },
      },
    },
  });
  if (!c || !c.opensAt || !c.closesAt) return null;

  // Comments and what hangs off them, in flat queries (no per-comment relation loading).
  const [comments, dispositions, tags] = await Promise.all([
    client.comment.findMany({
      where: { consultationId },
      orderBy: { seq: "asc" },
      select: {
        id: true,
        seq: true,
        parentId: true,
        createdAt: true,
        authorId: true,
        organisationId: true,
        sectionId: true,
        sectionTitle: true,
        planVersionId: true,
        hiddenAt: true,
        withdrawnAt: true,
        isIfmReply: true,
      },
    }),
    client.disposition.findMany({
      where: { comment: { consultationId } },
      select: { commentId: true, disposition: true, responseMd: true, responseHtml: true, planVersionNumber: true, sectionId: true },
    }),
    client.commentTheme.findMany({ where: { theme: { consultationId } }, select: { commentId: true, themeId: true } }),
  ]);
  const authorIds = [...new Set(comments.map((x) => x.authorId))];
  const organisationIds = [...new Set(comments.flatMap((x) => (x.organisationId ? [x.organisationId] : [])))];
  const [authors, organisations] = await Promise.all([
    client.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } }),
    organisationIds.length
      ? client.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true, kind: true } })
      : Promise.resolve([]),
  ]);
  const authorName = new Map(authors.map((a) => [a.id, shownName(a.displayName)]));
  const organisationById = new Map(organisations.map((o) => [o.id, o]));
  const seqById = new Map(comments.map((x) => [x.id, x.seq]));
  const versionNumber = new Map(c.versions.map((v) => [v.id, v.number]));
  const dispositionByComment = new Map(dispositions.map((d) => [d.commentId, d]));
  const themeName = new Map(c.themes.map((t) => [t.id, t.name]));
  const themesByComment = new Map<string, string[]>();
  for (const t of tags) {
    const list = themesByComment.get(t.commentId) ?? [];
    list.push(themeName.get(t.themeId)!);
    themesByComment.set(t.commentId, list);
  }

  const input: StatementCommentInput[] = comments.map((x) => {
    const d = dispositionByComment.get(x.id);
    return {
      seq: x.seq,
      parentSeq: x.parentId ? (seqById.get(x.parentId) ?? null) : null,
      createdAt: x.createdAt,
      authorId: x.authorId,
      authorName: authorName.get(x.authorId) ?? shownName(null),
      organisation: x.organisationId ? (organisationById.get(x.organisationId) ?? null) : null,
      section: x.sectionId ? { id: x.sectionId, title: x.sectionTitle ?? x.sectionId } : null,
      planVersionNumber: versionNumber.get(x.planVersionId) ?? 0,
      state: x.withdrawnAt ? "withdrawn" : x.hiddenAt ? "hidden" : "visible",
      isIfmReply: x.isIfmReply,
      themes: (themesByComment.get(x.id) ?? []).sort(),
      disposition: d
        ? { disposition: d.disposition, responseMd: d.responseMd, responseHtml: d.responseHtml, planVersionNumber: d.planVersionNumber, sectionId: d.sectionId }
        : null,
    };
  });

  const render = (md: string) => ({ md, html: md.trim() ? renderMarkdown(md, { idPrefix: "s-" }).html : "" });
  const review = c.dugReviews[0];
  return {
    consultation: {
      number: c.number,
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      category: c.category,
      affected: c.affected,
      basis: c.basis,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      contactName: c.contactName,
      contactEmail: c.contactEmail,
    },
    extensions: c.extensions,
    versions: c.versions.map((v) => ({
      number: v.number,
      publishedAt: v.publishedAt!,
      changeSummary: v.changeSummary,
      contentHash: v.contentHash,
      bodyMd: v.bodyMd,
      headings: storedHeadings(v.headingsJson),
      timeline: parseTimeline(v.timelineJson),
    })),
    comments: input,
    themes: c.themes.map((t) => ({ name: t.name, summary: render(t.summaryMd) })),
    intro: render(c.statement?.introMd ?? ""),
    analysis: render(c.statement?.analysisMd ?? ""),
    nextSteps: render(c.statement?.nextStepsMd ?? ""),
    dug: review?.outcome
      ? {
          round: review.round,
          outcome: review.outcome,
          decidedAt: review.decidedAt,
          planVersion: review.planVersion.number,
          recordHash: review.recordHash,
          conditions: recordConditions(review.recordJson),
        }
      : null,
    revision,
  };
}

function parseTimeline(json: string): { date: string; label: string }[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((m) => m && typeof m.date === "string" && typeof m.label === "string") : [];
  } catch {
    return [];
  }
}

/** The conditions of a DUG agreement record (recordJson is written by the DUG feature). */
function recordConditions(json: string | null): string[] {
  if (!json) return [];
  try {
    const record = JSON.parse(json) as { conditions?: unknown; positions?: { conditions?: unknown }[] };
    if (Array.isArray(record.conditions)) return record.conditions.filter((x): x is string => typeof x === "string" && x.trim() !== "");
    if (Array.isArray(record.positions))
      return record.positions.flatMap((p) => (typeof p?.conditions === "string" && p.conditions.trim() ? [p.conditions] : []));
    return [];
  } catch {
    return [];
  }
}

export type GeneratedStatement = { content: StatementContent; contentJson: string; html: string; markdown: string; contentHash: string };

/** Content, HTML, Markdown and the SHA-256 of the content JSON. Used by publishing, the preview and the demo data. */
export function renderStatement(input: StatementInput): GeneratedStatement {
  const content = buildStatementContent(input);
  const contentJson = JSON.stringify(content);
  return {
    content,
    contentJson,
    html: statementHtml(content),
    markdown: statementMarkdown(content, absoluteUrl("/").replace(/\/$/, "")),
    contentHash: sha256(contentJson),
  };
}

/** Builds the statement of a consultation from the database as it is now (`client` may be a transaction). */
export async function generateStatement({
  client = db(),
  consultationId,
  revision = null,
}: {
  client?: Db;
  consultationId: string;
  revision?: StatementInput["revision"];
}): Promise<GeneratedStatement | null> {
  const input = await loadStatementInput(client, consultationId, revision);
  return input ? renderStatement(input) : null;
}

/** The preview: content and HTML only (no Markdown, no JSON, no hash), from the data as it is now. */
export async function previewStatement({ consultationId, revision = null }: { consultationId: string; revision?: StatementInput["revision"] }) {
  const input = await loadStatementInput(db(), consultationId, revision);
  if (!input) return null;
  const content = buildStatementContent(input);
  return { content, html: statementHtml(content) };
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The plain-text summary in the notification mail. */
export function statementSummary(content: StatementContent): string {
  const counts = DISPOSITIONS.filter((d) => content.dispositionCounts[d] > 0)
    .map((d) => `${content.dispositionCounts[d]} ${DISPOSITION_SHORT[d].toLowerCase()}`)
    .join(", ");
  const changes = content.changes ? `The plan changed from version ${content.changes.from} to version ${content.changes.to}.` : "The plan was not changed.";
  const { comments, commenters } = content.participation;
  const were = plural(comments, { one: "was", other: "were" });
  return `${plural(comments, NOUNS.comment)} from ${plural(commenters, NOUNS.commenter)} ${were} answered${counts ? `: ${counts}` : ""}. ${changes}`;
}

// ---------------------------------------------------------------------------------------------
// Publishing

export type PublishResult = { ok: true; revision: number; contentHash: string; duplicate: boolean } | Refused;

/**
 * Freezes a revision of the statement. The first makes the consultation concluded; later ones are
 * corrections and need an erratum note. `basedOnRevision` is the latest revision the publisher saw
 * (0 for none): a second submission of the same form publishes nothing more, and a revision
 * published meanwhile by someone else is not silently superseded.
 */
export async function publishStatement({
  actor,
  consultationId,
  erratum,
  basedOnRevision,
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  /** As publishSchema gave it: at most 2,000 characters. */
  erratum?: string | null;
  basedOnRevision: number;
  now?: Date;
}): Promise<PublishResult> {
  const notAllowed = denied(actor, "statement.publish");
  if (notAllowed) return notAllowed;
  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: {
      number: true,
      slug: true,
      ...statusSelect,
      statement: {
        select: {
          id: true,
          revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true, publishedById: true, publishedAt: true, contentHash: true } },
        },
      },
    },
  });
  if (!c) return refused(404, "There is no such consultation.");
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt });
  if (closedFirst) return closedFirst;
  const latest = c.statement?.revisions[0] ?? null;
  const latestNumber = latest?.number ?? 0;
  if (basedOnRevision !== latestNumber) {
    if (
      latest &&
      latestNumber === basedOnRevision + 1 &&
      latest.publishedById === actor.id &&
      now.getTime() - latest.publishedAt.getTime() < DOUBLE_SUBMIT_MS
    ) {
      return { ok: true, revision: latest.number, contentHash: latest.contentHash, duplicate: true };
    }
    return refused(
      409,
      `Revision ${latestNumber} of the statement was published after you opened this page. Review it, then publish a correction if one is still needed.`,
    );
  }
  const note = (erratum ?? "").trim();
  if (latest && note.length < 10)
    return refused(400, "Say what this correction changes (an erratum note of at least 10 characters): it is shown with the new revision.", "erratum");

  const unanswered = await unansweredRefs(consultationId, c.number);
  if (unanswered.count > 0) return refused(409, unansweredMessage(unanswered));

  const number = latestNumber + 1;
  const generated = await generateStatement({ consultationId, revision: { number, publishedAt: now, erratum: latest ? note : null } });
  if (!generated) return refused(404, "There is no such consultation.");
  const path = `/consultations/${c.slug}/statement`;

  try {
    return await db().$transaction(async (tx) => {
      // Re-checked in the transaction: a comment restored meanwhile must be answered first.
      const stillUnanswered = await tx.comment.count({ where: { ...needsAnswer(consultationId), disposition: { is: null } } });
      if (stillUnanswered > 0) throw new Refusal(refused(409, unansweredMessage(await unansweredRefs(consultationId, c.number))));
      const statement = await tx.statement.upsert({ where: { consultationId }, create: { consultationId }, update: {}, select: { id: true } });
      const revision = await tx.statementRevision.create({
        data: {
          statementId: statement.id,
          number,
          erratum: latest ? note : null,
          contentJson: generated.contentJson,
          html: generated.html,
          markdown: generated.markdown,
          contentHash: generated.contentHash,
          publishedById: actor.id,
          publishedAt: now,
        },
        select: { id: true },
      });
      await tx.consultation.updateMany({ where: { id: consultationId, concludedAt: null }, data: { concludedAt: now } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "statement.publish",
        subjectType: "statement",
        subjectId: statement.id,
        consultationId,
        isPublic: true,
        data: { revision: number, revisionId: revision.id, contentHash: generated.contentHash, erratum: latest ? note : null },
      });
      await recordEvent(tx, {
        type: "statement.published",
        subjectId: revision.id,
        payload: { revision: number, erratum: latest ? note : null, summary: statementSummary(generated.content), path },
        consultationId,
        actorId: actor.id,
        createdAt: now,
      });
      return { ok: true as const, revision: number, contentHash: generated.contentHash, duplicate: false };
    }, TX);
  } catch (error) {
    if (error instanceof Refusal) return error.refused;
    // Two submissions raced past the first check: the loser answers with the winner's revision.
    if (isUniqueViolation(error)) {
      const winner = await db().statementRevision.findFirst({
        where: { statement: { consultationId }, number },
        select: { number: true, contentHash: true, publishedById: true },
      });
      if (winner && winner.publishedById === actor.id) return { ok: true, revision: winner.number, contentHash: winner.contentHash, duplicate: true };
      return refused(409, `Revision ${number} was just published by someone else.`);
    }
    throw error;
  }
}

export async function unansweredRefs(consultationId: string, number: number, take = 20) {
  const where = { ...needsAnswer(consultationId), disposition: { is: null } };
  const [count, rows] = await Promise.all([
    db().comment.count({ where }),
    db().comment.findMany({ where, orderBy: { seq: "asc" }, take, select: { seq: true } }),
  ]);
  return { count, refs: rows.map((r) => formatCommentRef(number, r.seq)) };
}

function unansweredMessage(u: { count: number; refs: string[] }): string {
  const more = u.count > u.refs.length ? ` and ${u.count - u.refs.length} more` : "";
  return `${plural(u.count, { one: "# comment has", other: "# comments have" })} no disposition yet (${u.refs.join(", ")}${more}). Every visible comment must be answered before the statement is published.`;
}

// ---------------------------------------------------------------------------------------------
// Reading published revisions

/**
 * A published revision (the latest unless `revision` is given) with the list of every revision.
 * `{ missing: "consultation" | "statement" | "revision" }` says what is not there.
 */
export async function getPublishedStatement({ slug, revision }: { slug: string; revision?: number }) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      publishedAt: true,
      statement: {
        select: { revisions: { orderBy: { number: "desc" }, select: { id: true, number: true, publishedAt: true, erratum: true, contentHash: true } } },
      },
    },
  });
  if (!c || !c.publishedAt) return { missing: "consultation" as const };
  const revisions = c.statement?.revisions ?? [];
  if (!revisions.length) return { missing: "statement" as const, consultation: { number: c.number, slug: c.slug, title: c.title } };
  const chosen = revision ? revisions.find((r) => r.number === revision) : revisions[0];
  if (!chosen) return { missing: "revision" as const, consultation: { number: c.number, slug: c.slug, title: c.title } };
  const body = await db().statementRevision.findUniqueOrThrow({ where: { id: chosen.id }, select: { html: true, markdown: true, contentJson: true } });
  return {
    missing: null,
    consultation: { id: c.id, number: c.number, slug: c.slug, title: c.title },
    revision: { number: chosen.number, publishedAt: chosen.publishedAt, erratum: chosen.erratum, contentHash: chosen.contentHash, ...body },
    latest: revisions[0].number,
    revisions: revisions.map(({ id: _id, ...r }) => r),
  };
}

/** The revision's data for the JSON export: the frozen content, byte for byte, inside an envelope. */
export function statementJsonExport(s: {
  consultation: { number: number; slug: string };
  revision: { number: number; publishedAt: Date; erratum: string | null; contentHash: string; contentJson: string };
  latest: number;
}): string {
  const head = JSON.stringify({
    consultation: s.consultation.number,
    revision: s.revision.number,
    latestRevision: s.latest,
    publishedAt: s.revision.publishedAt.toISOString(),
    erratum: s.revision.erratum,
    contentHashAlgorithm: "sha256 of the `content` member exactly as written below",
    contentHash: s.revision.contentHash,
  });
  return `${head.slice(0, -1)},"content":${s.revision.contentJson}}`;
}

// Parsed response tables of recent revisions, by revision id: the consultation page asks on every
// render, and a revision never changes.
const responseIndexCache = new Map<string, Map<string, { disposition: Disposition; index: number }>>();

/**
 * For the consultation page: the published statement (latest revision), and the disposition of
 * each of `refs` in it with the link to its response. Nothing before publication.
 */
export async function statementForConsultationPage({ consultationId, slug, refs }: { consultationId: string; slug: string; refs: string[] }) {
  const dispositions: Record<string, { disposition: Disposition; label: string; href: string }> = {};
  const latest = await memoPublic(`statement-latest:${consultationId}`, () =>
    db().statementRevision.findFirst({
      where: { statement: { consultationId } },
      orderBy: { number: "desc" },
      select: { id: true, number: true },
    }),
  );
  if (!latest) return { statement: null, dispositions };
  let index = responseIndexCache.get(latest.id);
  if (!index && refs.length) {
    const row = await db().statementRevision.findUniqueOrThrow({ where: { id: latest.id }, select: { contentJson: true } });
    const content = JSON.parse(row.contentJson) as Pick<StatementContent, "responses">;
    const built = new Map<string, { disposition: Disposition; index: number }>();
    content.responses.forEach((r, i) => {
      if (r.disposition) built.set(r.ref, { disposition: r.disposition, index: i });
    });
    if (responseIndexCache.size >= 20) responseIndexCache.delete(responseIndexCache.keys().next().value!);
    responseIndexCache.set(latest.id, built);
    index = built;
  }
  for (const ref of refs) {
    const found = index?.get(ref);
    if (found) dispositions[ref] = { disposition: found.disposition, label: DISPOSITION_SHORT[found.disposition], href: responsePath(slug, ref, found.index) };
  }
  return { statement: { path: `/consultations/${slug}/statement`, revision: latest.number }, dispositions };
}

/**
 * Each commenter's answered comments in a published revision (by author id), with the link to
 * each response: the notification of a published statement names them.
 */
export async function dispositionsByAuthor({
  revisionId,
}: {
  revisionId: string;
}): Promise<Map<string, { ref: string; disposition: string; label: string; path: string }[]>> {
  const byAuthor = new Map<string, { ref: string; disposition: string; label: string; path: string }[]>();
  const revision = await db().statementRevision.findUnique({
    where: { id: revisionId },
    select: { contentJson: true, statement: { select: { consultationId: true, consultation: { select: { number: true, slug: true } } } } },
  });
  if (!revision) return byAuthor;
  const { consultationId, consultation } = revision.statement;
  const content = JSON.parse(revision.contentJson) as Pick<StatementContent, "responses">;
  const rows = await db().comment.findMany({ where: { consultationId, isIfmReply: false }, select: { seq: true, authorId: true } });
  const authorBySeq = new Map(rows.map((r) => [formatCommentRef(consultation.number, r.seq), r.authorId]));
  content.responses.forEach((r, i) => {
    const authorId = authorBySeq.get(r.ref);
    if (!authorId || !r.disposition) return;
    const list = byAuthor.get(authorId) ?? [];
    list.push({ ref: r.ref, disposition: r.disposition, label: DISPOSITION_SHORT[r.disposition], path: responsePath(consultation.slug, r.ref, i) });
    byAuthor.set(authorId, list);
  });
  return byAuthor;
}
