/**
 * Full-text search over consultations (title, summary, latest plan), their visible comments, the
 * files of those comments and the files of their published final statement.
 *
 * The indexes are an implementation detail of this module and of the migrations that create them
 * and the triggers that keep them in sync with Consultation, PlanVersion, PlanTranslation,
 * Comment, Attachment and StatementRevisionAttachment — so no application code has to remember to
 * index anything. On SQLite they are FTS5 tables (prisma/migrations/20261122100000_search and the
 * ones named below); on PostgreSQL, tables of the same names with a tsvector column and a GIN
 * index (prisma/postgresql/migrations/20261204230000_search; decision 057). Callers only see
 * consultation ids, a rank and a safe HTML snippet, the same on both.
 *
 *   ConsultationSearch(consultationId UNINDEXED, title, body)   rowid = Consultation.number
 *   CommentSearch(commentId UNINDEXED, consultationId UNINDEXED, body)
 *                                            rowid = Consultation.number * 2^32 + Comment.seq
 *   AttachmentSearch(attachmentId, commentId, consultationId UNINDEXED, body: the extracted text)
 *                                            rowid = (that comment key) * 8 + Attachment.position
 *                                            (migration 20261203150000_attachments)
 *   StatementFileSearch(attachmentId, consultationId UNINDEXED, body: a published statement file's text)
 *                                            rowid = Consultation.number * 2^32 + Attachment.position
 *                                            (migration 20261203180000_statement_file_search)
 *   PlanTranslationSearch(consultationId UNINDEXED, language UNINDEXED, body: the newest translation
 *                         of the plan in that language)
 *                                            rowid = Consultation.number * 8 + the language's place
 *                                            (migration 20261203191000_plan_translations)
 *
 * Tokenizer: `porter unicode61 remove_diacritics 2` (diacritics folded, English stemming); on
 * PostgreSQL its equivalent: words of letters and digits, lowered, unaccented, English Snowball
 * stems, no stop words.
 */
import { db, isPostgres } from "./db.server";
import { escapeHtml } from "./html-escape";

export type SearchHit = {
  consultationId: string;
  /** 1 for the best hit, then 2, 3 … (a position, so it means the same on any backend). */
  rank: number;
  /** Safe HTML: everything escaped except the <mark> elements around matched words. */
  snippet: string;
  /** Where the words were found: the consultation itself, or only in one of its visible comments, or only in a file attached to one. */
  matchedIn: "consultation" | "translation" | "comment" | "attachment" | "statement-file";
  /** For a hit in a translation of the plan: its language. */
  translation?: { language: string };
  /** For a hit in an attachment: which file, and the comment ("<number>-<seq>") it is attached to. */
  attachment?: { fileName: string; commentRef: string; position: number };
  /** For a hit in a file of the published final statement: which file (its number in `…/statement/a/<n>`). */
  statementFile?: { fileName: string; position: number };
};

/** User input longer than this is cut before parsing (a search box, not a document). */
export const MAX_QUERY_LENGTH = 500;
/** At most this many words or phrases are searched for. */
export const MAX_QUERY_TERMS = 12;
const MAX_TERM_LENGTH = 64;
const MAX_LIMIT = 1000;

// Snippet markers: control characters that never appear in escaped HTML output. They are
// passed to snippet() as parameters and turned into <mark> after escaping.
const OPEN = "\u0002";
const CLOSE = "\u0003";
const ELLIPSIS = "…";
const SNIPPET_TOKENS = 24;
/** The last four arguments of snippet(): the markers, the ellipsis and the length in tokens. */
const SNIPPET_MARKS = [OPEN, CLOSE, ELLIPSIS, SNIPPET_TOKENS] as const;

/** Letters (any script), combining marks and digits: what the FTS5 tokenizer keeps as words. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Bare words FTS5 would read as operators; users typing them mean the operator, not the word. */
const OPERATORS = new Set(["AND", "OR", "NOT", "NEAR"]);

/**
 * What a user typed, as the words of each term to search for, or null when nothing is left.
 *
 * Text the user put in double quotes, and words joined by punctuation ("ksk-2024",
 * "example.org"), make one phrase; every other word is a term of its own. Every character that is
 * not a letter, mark or digit is dropped, so no query syntax of either database (quotes, `*`,
 * `^`, `:`, `&`, `|`, `!`, parentheses, column filters, NEAR groups) can come through. Unquoted
 * AND / OR / NOT / NEAR (as FTS5 spells its operators: upper case) are dropped. Every term must
 * match.
 */
function queryTerms(input: string | null | undefined): string[][] | null {
  if (typeof input !== "string") return null;
  const text = input.normalize("NFC").slice(0, MAX_QUERY_LENGTH);
  const terms: string[][] = [];
  // A phrase in double quotes, or a run of other non-space characters (a lone quote separates).
  for (const match of text.matchAll(/"([^"]*)"|[^\s"]+/g)) {
    const quoted = match[1] !== undefined;
    const chunk = quoted ? match[1] : match[0];
    const words = (chunk.match(WORD) ?? [])
      .filter((w) => quoted || !OPERATORS.has(w)) // AND, OR, NOT, "NEAR(" …
      .map((w) => w.slice(0, MAX_TERM_LENGTH));
    if (!words.length) continue;
    terms.push(words);
    if (terms.length >= MAX_QUERY_TERMS) break;
  }
  return terms.length ? terms : null;
}

/**
 * Turns what a user typed into a safe FTS5 query, or null when nothing is left to search for:
 * each term (see queryTerms) becomes a quoted FTS5 string, implicitly ANDed.
 */
export function toFtsQuery(input: string | null | undefined): string | null {
  const terms = queryTerms(input);
  return terms ? terms.map((words) => `"${words.join(" ")}"`).join(" ") : null;
}

/**
 * FTS5 snippet text (markdown source with our markers) → safe HTML. Everything is escaped; only
 * complete marker pairs become <mark>…</mark>, stray markers are removed, so the tags always
 * balance whatever the indexed text contained.
 */
export function snippetToHtml(raw: string): string {
  const text = raw
    .replace(/^#{1,6}\s+/gm, "") // heading markers at line starts
    .replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/gm, "") // list markers at line starts
    .replace(/\*\*|__/g, "") // bold markers
    .replace(/\s+/g, " ")
    .trim();
  const markRun = new RegExp(`${OPEN}([^${OPEN}${CLOSE}]*)${CLOSE}`, "g");
  return escapeHtml(text)
    .replace(markRun, "<mark>$1</mark>")
    .replace(new RegExp(`[${OPEN}${CLOSE}]`, "g"), "");
}

type Row = { consultationId: string; snip: string | null };
type StatementFileRow = Row & { fileName: string; position: bigint | number };
type AttachmentRow = StatementFileRow & { number: bigint | number; seq: bigint | number };

/**
 * The best-ranked file of each consultation in a files' index (`bodyColumn`: the position of its
 * body column, for snippet()), leaving out the consultations already `seen`, best first. The
 * file's name and number come with it; `columns` and `joins` add more from the file's owner.
 */
async function bestFileHits<T extends StatementFileRow>(o: {
  index: "AttachmentSearch" | "StatementFileSearch";
  bodyColumn: number;
  columns: string;
  joins: string;
  query: string;
  seen: readonly string[];
  limit: number;
}): Promise<T[]> {
  return db().$queryRawUnsafe<T[]>(
    `SELECT s."consultationId", s.snip, a."fileName", a."position"${o.columns ? `, ${o.columns}` : ""} FROM (
       SELECT "consultationId", "attachmentId", snip, score, rid,
              row_number() OVER (PARTITION BY "consultationId" ORDER BY score, rid) AS n
         FROM (
           SELECT "consultationId", "attachmentId", bm25("${o.index}") AS score, rowid AS rid,
                  snippet("${o.index}", ${o.bodyColumn}, ?, ?, ?, ?) AS snip
             FROM "${o.index}"
            WHERE "${o.index}" MATCH ?
         )
     ) s
     JOIN "Attachment" a ON a."id" = s."attachmentId"
     ${o.joins}
     WHERE s.n = 1 AND s."consultationId" NOT IN (SELECT "value" FROM json_each(?))
     ORDER BY s.score, s.rid
     LIMIT CAST(? AS INTEGER)`,
    ...SNIPPET_MARKS,
    o.query,
    JSON.stringify(o.seen),
    o.limit,
  );
}

/**
 * Consultation ids matching `q`, best first: consultations whose title, summary or current plan
 * match (BM25, the title weighing four times the body), then consultations that match only
 * through one of their visible comments (ordered by their best comment's BM25), then through a
 * file of such a comment, then through a file of their published statement, each with a
 * highlighted snippet. An empty or operator-only query gives no results. Drafts are included:
 * deciding who may see what is the caller's job (see listConsultations).
 */
export async function searchConsultationIds({ q, limit = 100 }: { q: string | null | undefined; limit?: number }): Promise<SearchHit[]> {
  const terms = queryTerms(q);
  if (!terms) return [];
  const take = Math.max(1, Math.min(MAX_LIMIT, Math.floor(Number.isFinite(limit) ? limit : 100)));
  return toHits(isPostgres() ? await findOnPostgres(terms, take) : await findOnSqlite(toFtsQuery(q)!, take));
}

/** The rows found, in the order of the hits: direct matches, then each kind of indirect one. */
type Found = {
  direct: Row[];
  viaTranslations: (Row & { language: string })[];
  viaComments: Row[];
  viaAttachments: AttachmentRow[];
  viaStatementFiles: StatementFileRow[];
};

/** SQLite: FTS5's MATCH, bm25() and snippet(). */
async function findOnSqlite(query: string, take: number): Promise<Found> {
  const direct = await db().$queryRawUnsafe<Row[]>(
    `SELECT "consultationId", snippet("ConsultationSearch", -1, ?, ?, ?, ?) AS snip
       FROM "ConsultationSearch"
      WHERE "ConsultationSearch" MATCH ?
      ORDER BY bm25("ConsultationSearch", 0.0, 4.0, 1.0), rowid
      LIMIT CAST(? AS INTEGER)`,
    ...SNIPPET_MARKS,
    query,
    take,
  );

  // Then consultations found only in a translation of their plan, with the best language of each.
  const viaTranslations =
    direct.length < take
      ? await db().$queryRawUnsafe<(Row & { language: string })[]>(
          `SELECT "consultationId", "language", snip FROM (
             SELECT "consultationId", "language", snip, score, rid,
                    row_number() OVER (PARTITION BY "consultationId" ORDER BY score, rid) AS n
               FROM (
                 SELECT "consultationId", "language", bm25("PlanTranslationSearch") AS score, rowid AS rid,
                        snippet("PlanTranslationSearch", 2, ?, ?, ?, ?) AS snip
                   FROM "PlanTranslationSearch"
                  WHERE "PlanTranslationSearch" MATCH ?
               )
           )
           WHERE n = 1 AND "consultationId" NOT IN (SELECT "value" FROM json_each(?))
           ORDER BY score, rid
           LIMIT CAST(? AS INTEGER)`,
          ...SNIPPET_MARKS,
          query,
          JSON.stringify(direct.map((r) => r.consultationId)),
          take - direct.length,
        )
      : [];
  const found = [...direct, ...viaTranslations].map((r) => r.consultationId);

  let viaComments: Row[] = [];
  if (found.length < take) {
    // The best-ranked visible comment of each consultation that does not match directly.
    viaComments = await db().$queryRawUnsafe<Row[]>(
      `SELECT "consultationId", snip FROM (
         SELECT "consultationId", snip, score, rid,
                row_number() OVER (PARTITION BY "consultationId" ORDER BY score, rid) AS n
           FROM (
             SELECT "consultationId", bm25("CommentSearch") AS score, rowid AS rid,
                    snippet("CommentSearch", 2, ?, ?, ?, ?) AS snip
               FROM "CommentSearch"
              WHERE "CommentSearch" MATCH ?
           )
       )
       WHERE n = 1
         AND "consultationId" NOT IN (SELECT "consultationId" FROM "ConsultationSearch" WHERE "ConsultationSearch" MATCH ?)
         AND "consultationId" NOT IN (SELECT "value" FROM json_each(?))
       ORDER BY score, rid
       LIMIT CAST(? AS INTEGER)`,
      ...SNIPPET_MARKS,
      query,
      query,
      JSON.stringify(found),
      take - found.length,
    );
  }

  const seen = [...found, ...viaComments.map((r) => r.consultationId)];
  // Then consultations found only in the text of an attachment (of a visible comment: the
  // triggers keep only those indexed), with the best file of each.
  const viaAttachments =
    seen.length < take
      ? await bestFileHits<AttachmentRow>({
          index: "AttachmentSearch",
          bodyColumn: 3,
          columns: `m."seq", k."number"`,
          joins: `JOIN "Comment" m ON m."id" = a."commentId" JOIN "Consultation" k ON k."id" = a."consultationId"`,
          query,
          seen,
          limit: take - seen.length,
        })
      : [];
  seen.push(...viaAttachments.map((r) => r.consultationId));
  // Last, consultations found only in a file of their final statement (a published one: the
  // triggers index nothing else).
  const viaStatementFiles =
    seen.length < take
      ? await bestFileHits<StatementFileRow>({ index: "StatementFileSearch", bodyColumn: 2, columns: "", joins: "", query, seen, limit: take - seen.length })
      : [];
  return { direct, viaTranslations, viaComments, viaAttachments, viaStatementFiles };
}

function toHits({ direct, viaTranslations, viaComments, viaAttachments, viaStatementFiles }: Found): SearchHit[] {
  const hits: Omit<SearchHit, "rank">[] = direct.map((r) => ({
    consultationId: r.consultationId,
    snippet: snippetToHtml(r.snip ?? ""),
    matchedIn: "consultation",
  }));
  for (const r of viaTranslations) {
    hits.push({ consultationId: r.consultationId, snippet: snippetToHtml(r.snip ?? ""), matchedIn: "translation", translation: { language: r.language } });
  }
  for (const r of viaComments) hits.push({ consultationId: r.consultationId, snippet: snippetToHtml(r.snip ?? ""), matchedIn: "comment" });
  for (const r of viaAttachments) {
    hits.push({
      consultationId: r.consultationId,
      snippet: snippetToHtml(r.snip ?? ""),
      matchedIn: "attachment",
      attachment: { fileName: r.fileName, commentRef: `${Number(r.number)}-${Number(r.seq)}`, position: Number(r.position) },
    });
  }
  for (const r of viaStatementFiles) {
    hits.push({
      consultationId: r.consultationId,
      snippet: snippetToHtml(r.snip ?? ""),
      matchedIn: "statement-file",
      statementFile: { fileName: r.fileName, position: Number(r.position) },
    });
  }
  return hits.map((h, i) => ({ ...h, rank: i + 1 }));
}

// ------------------------------------------------------------------ PostgreSQL
// The same five indexes as tables with a tsvector column (migration
// prisma/postgresql/migrations/20261204230000_search, which also defines the functions used here):
// search_query() makes a tsquery of the terms (through phraseto_tsquery: no syntax to break),
// ts_rank_cd() ranks (the title weighing four times the body, divided by 1 + the log of the
// length), search_snippet() highlights through ts_headline with the markers above.

/** The query's terms, one text each, as search_query() takes them. */
const termsParameter = (terms: string[][]) => JSON.stringify(terms.map((words) => words.join(" ")));

/**
 * The best-ranked entry of each consultation in one of the indexes other than ConsultationSearch,
 * leaving out the consultations already `seen` (and, with `exceptDirect`, those matching
 * directly), best first, with a snippet of its body. `columns` picks more of the entry (as s.…),
 * `select` and `joins` more of its owner (the entry is `top`).
 */
async function bestEntriesPostgres<T extends Row>(o: {
  index: "PlanTranslationSearch" | "CommentSearch" | "AttachmentSearch" | "StatementFileSearch";
  columns: string;
  select: string;
  joins: string;
  exceptDirect: boolean;
  terms: string;
  seen: readonly string[];
  limit: number;
}): Promise<T[]> {
  return db().$queryRawUnsafe<T[]>(
    `WITH q AS (SELECT search_query($1::jsonb) AS q),
     best AS (
       SELECT DISTINCT ON (s."consultationId") s."consultationId", s."key", s."body"${o.columns}, ts_rank_cd(s."document", q.q, 1) AS score
         FROM "${o.index}" s CROSS JOIN q
        WHERE s."document" @@ q.q
          AND s."consultationId" NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
          ${o.exceptDirect ? `AND NOT EXISTS (SELECT 1 FROM "ConsultationSearch" c WHERE c."consultationId" = s."consultationId" AND c."document" @@ q.q)` : ""}
        ORDER BY s."consultationId", score DESC, s."key"
     ),
     top AS (SELECT * FROM best ORDER BY score DESC, "key" LIMIT $3::int)
     SELECT top."consultationId", search_snippet(top."body", q.q) AS snip${o.select}
       FROM top CROSS JOIN q ${o.joins}
      ORDER BY top.score DESC, top."key"`,
    o.terms,
    JSON.stringify(o.seen),
    o.limit,
  );
}

/** PostgreSQL: the same searches, in the same order, on the tsvector indexes. */
async function findOnPostgres(queryTerms: string[][], take: number): Promise<Found> {
  const terms = termsParameter(queryTerms);
  // The snippet comes from the title or the body, whichever has more highlighted words (the
  // title when even), as FTS5's snippet() over all columns picks its best column.
  const direct = await db().$queryRawUnsafe<Row[]>(
    `WITH q AS (SELECT search_query($1::jsonb) AS q),
     hits AS (
       SELECT s."consultationId", s."key", s."title", s."body", ts_rank_cd('{0.25, 0.25, 0.25, 1}', s."document", q.q, 1) AS score
         FROM "ConsultationSearch" s CROSS JOIN q
        WHERE s."document" @@ q.q
        ORDER BY score DESC, s."key"
        LIMIT $2::int
     ),
     snippets AS MATERIALIZED (
       SELECT h."consultationId", h."key", h.score, search_snippet(h."title", q.q) AS title, search_snippet(h."body", q.q) AS body
         FROM hits h CROSS JOIN q
     )
     SELECT "consultationId",
            CASE WHEN length(title) - length(replace(title, chr(2), '')) >= length(body) - length(replace(body, chr(2), ''))
                  AND strpos(title, chr(2)) > 0 THEN title ELSE body END AS snip
       FROM snippets
      ORDER BY score DESC, "key"`,
    terms,
    take,
  );
  const common = { terms, columns: "", select: "", joins: "", exceptDirect: false };
  const viaTranslations =
    direct.length < take
      ? await bestEntriesPostgres<Row & { language: string }>({
          ...common,
          index: "PlanTranslationSearch",
          columns: `, s."language"`,
          select: `, top."language"`,
          seen: direct.map((r) => r.consultationId),
          limit: take - direct.length,
        })
      : [];
  const seen = [...direct, ...viaTranslations].map((r) => r.consultationId);
  const viaComments =
    seen.length < take ? await bestEntriesPostgres<Row>({ ...common, index: "CommentSearch", exceptDirect: true, seen, limit: take - seen.length }) : [];
  seen.push(...viaComments.map((r) => r.consultationId));
  const viaAttachments =
    seen.length < take
      ? await bestEntriesPostgres<AttachmentRow>({
          ...common,
          index: "AttachmentSearch",
          columns: `, s."attachmentId"`,
          select: `, a."fileName", a."position", m."seq", k."number"`,
          joins: `JOIN "Attachment" a ON a."id" = top."attachmentId" JOIN "Comment" m ON m."id" = a."commentId" JOIN "Consultation" k ON k."id" = a."consultationId"`,
          seen,
          limit: take - seen.length,
        })
      : [];
  seen.push(...viaAttachments.map((r) => r.consultationId));
  const viaStatementFiles =
    seen.length < take
      ? await bestEntriesPostgres<StatementFileRow>({
          ...common,
          index: "StatementFileSearch",
          columns: `, s."attachmentId"`,
          select: `, a."fileName", a."position"`,
          joins: `JOIN "Attachment" a ON a."id" = top."attachmentId"`,
          seen,
          limit: take - seen.length,
        })
      : [];
  return { direct, viaTranslations, viaComments, viaAttachments, viaStatementFiles };
}

/**
 * Re-creates the five indexes from the tables. The triggers keep them in sync, so this is only needed
 * after a migration that rebuilt one of the indexed tables (on SQLite, which drops its triggers —
 * recreate them first) or to repair an index. Runs in one transaction.
 */
export async function rebuildSearchIndex(): Promise<{ consultations: number; comments: number; attachments: number; statementFiles: number }> {
  if (isPostgres()) return rebuildSearchIndexPostgres();
  // The translations are re-indexed too; their count is not reported (they follow the plans).
  const [, consultations, , , , comments, , attachments, , statementFiles] = await db().$transaction([
    db().$executeRawUnsafe(`DELETE FROM "ConsultationSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
       SELECT c."number", c."id", c."title", c."summary" || char(10) || coalesce(
         (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
       FROM "Consultation" c`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "PlanTranslationSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "PlanTranslationSearch" ("rowid", "consultationId", "language", "body")
       SELECT k."number" * 8 + instr('ar es fr ru zh', t."language") / 3 + 1, k."id", t."language", t."bodyMd"
       FROM "PlanTranslation" t JOIN "PlanVersion" v ON v."id" = t."planVersionId" JOIN "Consultation" k ON k."id" = v."consultationId"
       WHERE NOT EXISTS (
         SELECT 1 FROM "PlanTranslation" u JOIN "PlanVersion" w ON w."id" = u."planVersionId"
          WHERE w."consultationId" = v."consultationId" AND u."language" = t."language"
            AND (w."number" > v."number" OR (w."number" = v."number" AND u."revision" > t."revision")))`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "CommentSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "CommentSearch" ("rowid", "commentId", "consultationId", "body")
       SELECT c."number" * 4294967296 + m."seq", m."id", m."consultationId", m."bodyMd"
       FROM "Comment" m JOIN "Consultation" c ON c."id" = m."consultationId"
       WHERE m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "AttachmentSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "AttachmentSearch" ("rowid", "attachmentId", "commentId", "consultationId", "body")
       SELECT (c."number" * 4294967296 + m."seq") * 8 + a."position", a."id", a."commentId", a."consultationId", a."text"
       FROM "Attachment" a JOIN "Comment" m ON m."id" = a."commentId" JOIN "Consultation" c ON c."id" = a."consultationId"
       WHERE a."text" IS NOT NULL AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "StatementFileSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "StatementFileSearch" ("rowid", "attachmentId", "consultationId", "body")
       SELECT c."number" * 4294967296 + a."position", a."id", a."consultationId", a."text"
       FROM "Attachment" a JOIN "Consultation" c ON c."id" = a."consultationId"
       WHERE a."statementId" IS NOT NULL AND a."text" IS NOT NULL
         AND EXISTS (SELECT 1 FROM "StatementRevisionAttachment" r WHERE r."attachmentId" = a."id")`,
    ),
  ]);
  return { consultations, comments, attachments, statementFiles };
}

/** rebuildSearchIndex on PostgreSQL: the same rows (the tsvectors are generated columns). */
async function rebuildSearchIndexPostgres(): Promise<{ consultations: number; comments: number; attachments: number; statementFiles: number }> {
  const [, consultations, , , , comments, , attachments, , statementFiles] = await db().$transaction([
    db().$executeRawUnsafe(`DELETE FROM "ConsultationSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "ConsultationSearch" ("consultationId", "key", "title", "body")
       SELECT c."id", c."number", c."title", c."summary" || chr(10) || coalesce(
         (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
       FROM "Consultation" c`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "PlanTranslationSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "PlanTranslationSearch" ("consultationId", "language", "key", "body")
       SELECT DISTINCT ON (k."id", t."language") k."id", t."language", k."number"::bigint * 8 + strpos('ar es fr ru zh', t."language") / 3 + 1, t."bodyMd"
       FROM "PlanTranslation" t JOIN "PlanVersion" v ON v."id" = t."planVersionId" JOIN "Consultation" k ON k."id" = v."consultationId"
       ORDER BY k."id", t."language", v."number" DESC, t."revision" DESC`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "CommentSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "CommentSearch" ("commentId", "consultationId", "key", "body")
       SELECT m."id", m."consultationId", c."number"::bigint * 4294967296 + m."seq", m."bodyMd"
       FROM "Comment" m JOIN "Consultation" c ON c."id" = m."consultationId"
       WHERE m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "AttachmentSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "AttachmentSearch" ("attachmentId", "commentId", "consultationId", "key", "body")
       SELECT a."id", a."commentId", a."consultationId", (c."number"::bigint * 4294967296 + m."seq") * 8 + a."position", a."text"
       FROM "Attachment" a JOIN "Comment" m ON m."id" = a."commentId" JOIN "Consultation" c ON c."id" = a."consultationId"
       WHERE a."text" IS NOT NULL AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL`,
    ),
    db().$executeRawUnsafe(`DELETE FROM "StatementFileSearch"`),
    db().$executeRawUnsafe(
      `INSERT INTO "StatementFileSearch" ("attachmentId", "consultationId", "key", "body")
       SELECT a."id", a."consultationId", c."number"::bigint * 4294967296 + a."position", a."text"
       FROM "Attachment" a JOIN "Consultation" c ON c."id" = a."consultationId"
       WHERE a."statementId" IS NOT NULL AND a."text" IS NOT NULL
         AND EXISTS (SELECT 1 FROM "StatementRevisionAttachment" r WHERE r."attachmentId" = a."id")`,
    ),
  ]);
  return { consultations, comments, attachments, statementFiles };
}
