import { summarySelect } from "./consultation.server";
import { z } from "zod";
import { db, type Prisma } from "~/services/db.server";
import { searchConsultationIds } from "~/services/search.server";
import { AFFECTED, CATEGORIES, type Affected, type Category } from "./fields";
import { consultationStatus, STATUSES, type ConsultationStatus } from "./status";
import { pageCountOf } from "~/models/paging";
import { memoPublic } from "~/services/public-memo.server";

export const LIST_PAGE_SIZE = 20;
/** With a search, at most this many hits are ranked and paginated. */
export const MAX_SEARCH_RESULTS = 500;
export const MAX_Q_LENGTH = 200;

// ------------------------------------------------------------------ filters from a URL

/**
 * The list filters as query parameters, shared by /consultations and /api/v1/consultations.
 * Anything invalid is ignored (never an error): an unknown status, a page of "abc", a 10 KB `q`
 * (cut to MAX_Q_LENGTH characters).
 */
export const listFiltersSchema = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  affected: z.enum(AFFECTED).optional().catch(undefined),
  q: z
    .string()
    .optional()
    .transform((v) => v?.trim().slice(0, MAX_Q_LENGTH).trim() || undefined)
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export function parseListFilters(params: URLSearchParams): ListFilters {
  const first = (key: string) => params.get(key) ?? undefined;
  return listFiltersSchema.parse({
    status: first("status"),
    category: first("category"),
    affected: first("affected"),
    q: first("q"),
    page: first("page"),
  });
}

// ------------------------------------------------------------------ status as SQL conditions

/** Published with a comment window: what consultationStatus() requires for a non-draft. */
const LIVE = { withdrawnAt: null, publishedAt: { not: null }, opensAt: { not: null }, closesAt: { not: null } } satisfies Prisma.ConsultationWhereInput;

/**
 * The database condition for "consultationStatus(c, now) === status", written from the same rule
 * (app/models/consultation-status.ts), in the same order of precedence:
 *   withdrawn  withdrawnAt set (whatever else is set)
 *   draft      not withdrawn, and publishedAt, opensAt or closesAt missing
 *   concluded  published with a window, not withdrawn, concludedAt set
 *   upcoming   … not concluded, now < opensAt
 *   open       … not concluded, opensAt <= now < closesAt   (the half-open comment period)
 *   closed     … not concluded, opensAt <= now and closesAt <= now
 * The six conditions partition every row; a unit test checks them against consultationStatus()
 * at the exact opening and closing instants.
 */
export function statusWhere(status: ConsultationStatus, now: Date): Prisma.ConsultationWhereInput {
  switch (status) {
    case "withdrawn":
      return { withdrawnAt: { not: null } };
    case "draft":
      return { withdrawnAt: null, OR: [{ publishedAt: null }, { opensAt: null }, { closesAt: null }] };
    case "concluded":
      return { ...LIVE, concludedAt: { not: null } };
    case "upcoming":
      return { ...LIVE, concludedAt: null, opensAt: { gt: now } };
    case "open":
      return { ...LIVE, concludedAt: null, opensAt: { lte: now }, closesAt: { gt: now } };
    case "closed":
      return { ...LIVE, concludedAt: null, opensAt: { lte: now }, closesAt: { lte: now } };
  }
}

/**
 * What a viewer may list. The public sees published consultations only (a withdrawn one stays
 * listed: the record is permanent); IFM staff also see drafts.
 */
function visibleWhere(viewer: { isStaff: boolean }): Prisma.ConsultationWhereInput {
  return viewer.isStaff ? {} : { publishedAt: { not: null }, opensAt: { not: null }, closesAt: { not: null } };
}

// ------------------------------------------------------------------ the list

const listSelect = summarySelect;

type Row = Prisma.ConsultationGetPayload<{ select: typeof listSelect }>;

/** A row of the list: the summary columns but its id and withdrawal time, and its status. */
export type ConsultationListItem = Omit<Row, "id" | "withdrawnAt"> & {
  status: ConsultationStatus;
  /** With a search: safe HTML with <mark> around the matched words. */
  snippet?: string;
  /** With a search: true when the words were found only in one of the comments. */
  matchedInComment?: boolean;
  /** With a search: the file the words were found in, when only a comment's attachment has them. */
  matchedInAttachment?: { fileName: string; commentRef: string; position: number };
  /** With a search: the file of the published statement the words were found in, when only it has them. */
  matchedInStatementFile?: { fileName: string; position: number };
  matchedInTranslation?: { language: string };
};

export type ConsultationList = { items: ConsultationListItem[]; total: number; pageCount: number; page: number };

function toItem(row: Row, now: Date): ConsultationListItem {
  const { id: _id, withdrawnAt: _w, ...rest } = row;
  return { ...rest, status: consultationStatus(row, now) };
}

/**
 * One page of consultations for the list page and the API.
 *
 * Order without a search — what a reader wants first:
 *   1. open for comment, closing soonest first;
 *   2. upcoming, opening soonest first;
 *   3. everything else (closed, concluded, withdrawn), most recently published first;
 *   4. drafts (staff only), most recently created first.
 * Each group is a separate indexed query, paged across the groups, so the order is exact without
 * a dialect-specific CASE expression. With `q`, the order is the search rank (direct matches in the
 * plan before matches found only in a comment), over at most MAX_SEARCH_RESULTS hits.
 * Ties are broken by the consultation number.
 */
export async function listConsultations(options: ListOptions): Promise<ConsultationList> {
  const { now, ...rest } = options;
  // Shared by every reader with the same filters until a write, or until some consultation opens
  // or closes by the clock (the statuses, and so the groups, change then).
  const epoch = await clockEpoch(now);
  return memoPublic(`consultation-list:${JSON.stringify(rest)}:${epoch}`, () => readList(options));
}

/** How many instants at which a consultation opens or closes have passed by `now`. */
async function clockEpoch(now: Date): Promise<number> {
  const instants = await memoPublic("consultation-clock-instants", async () => {
    const rows = await db().consultation.findMany({ select: { opensAt: true, closesAt: true } });
    return rows.flatMap((r) => [r.opensAt, r.closesAt]).flatMap((d) => (d ? [d.getTime()] : []));
  });
  const t = now.getTime();
  return instants.reduce((n, i) => (i <= t ? n + 1 : n), 0);
}

type ListOptions = {
  status?: ConsultationStatus;
  category?: Category;
  affected?: Affected;
  q?: string;
  page?: number;
  pageSize?: number;
  viewer: { isStaff: boolean };
  now: Date;
};

async function readList({
  status,
  category,
  affected,
  q,
  page: requestedPage = 1,
  pageSize = LIST_PAGE_SIZE,
  viewer,
  now,
}: ListOptions): Promise<ConsultationList> {
  const filters: Prisma.ConsultationWhereInput[] = [visibleWhere(viewer)];
  if (status) filters.push(statusWhere(status, now));
  if (category) filters.push({ category });
  if (affected) filters.push({ affected });
  const page = (total: number) => {
    const pageCount = pageCountOf(total, pageSize);
    return { pageCount, page: Math.min(Math.max(1, Math.floor(requestedPage) || 1), pageCount) };
  };

  if (q?.trim()) {
    const hits = await searchConsultationIds({ q, limit: MAX_SEARCH_RESULTS });
    if (!hits.length) return { items: [], total: 0, ...page(0) };
    const rows = await db().consultation.findMany({
      where: { AND: [...filters, { id: { in: hits.map((h) => h.consultationId) } }] },
      select: listSelect,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ranked = hits.flatMap((h) => {
      const row = byId.get(h.consultationId);
      return row
        ? [
            {
              ...toItem(row, now),
              snippet: h.snippet,
              matchedInComment: h.matchedIn === "comment",
              ...(h.attachment ? { matchedInAttachment: h.attachment } : {}),
              ...(h.statementFile ? { matchedInStatementFile: h.statementFile } : {}),
              ...(h.translation ? { matchedInTranslation: h.translation } : {}),
            },
          ]
        : [];
    });
    const p = page(ranked.length);
    return { items: ranked.slice((p.page - 1) * pageSize, p.page * pageSize), total: ranked.length, ...p };
  }

  type Group = { where: Prisma.ConsultationWhereInput; orderBy: Prisma.ConsultationOrderByWithRelationInput[] };
  const groups: Group[] = [
    { where: statusWhere("open", now), orderBy: [{ closesAt: "asc" }, { number: "asc" }] },
    { where: statusWhere("upcoming", now), orderBy: [{ opensAt: "asc" }, { number: "asc" }] },
    {
      where: { OR: [statusWhere("closed", now), statusWhere("concluded", now), statusWhere("withdrawn", now)] },
      orderBy: [{ publishedAt: "desc" }, { number: "desc" }],
    },
  ];
  if (viewer.isStaff) groups.push({ where: statusWhere("draft", now), orderBy: [{ createdAt: "desc" }, { number: "desc" }] });
  for (const g of groups) g.where = { AND: [...filters, g.where] };

  const counts = await Promise.all(groups.map((g) => db().consultation.count({ where: g.where })));
  const total = counts.reduce((a, b) => a + b, 0);
  const p = page(total);

  // Walk the groups: skip whole groups before the page, then take what the page needs.
  let skip = (p.page - 1) * pageSize;
  let want = pageSize;
  const queries: Promise<Row[]>[] = [];
  groups.forEach((g, i) => {
    if (want <= 0) return;
    if (skip >= counts[i]) {
      skip -= counts[i];
      return;
    }
    const take = Math.min(want, counts[i] - skip);
    queries.push(db().consultation.findMany({ where: g.where, orderBy: g.orderBy, skip, take, select: listSelect }));
    want -= take;
    skip = 0;
  });
  const rows = (await Promise.all(queries)).flat();
  return { items: rows.map((r) => toItem(r, now)), total, ...p };
}
