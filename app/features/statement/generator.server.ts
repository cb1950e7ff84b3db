// The statement generator: gathers what the statement says from the database (dispositions,
// themes, texts, counts), builds its content (content.ts) and renders HTML and Markdown.
import { sha256 } from "~/services/crypto.server";
import { db, type Db } from "~/services/db.server";
import { absoluteUrl } from "~/services/env.server";
import { renderMarkdown, storedHeadings } from "~/services/markdown.server";
import { buildStatementContent, DISPOSITIONS, type StatementCommentInput, type StatementContent, type StatementInput } from "./content";
import { statementHtml } from "./statement-html";
import { statementMarkdown } from "./statement-markdown";
import { statementWords } from "./statement-words.server";
import { translate } from "~/i18n/catalogue.server";
import { shownName } from "~/models/names";
import { DRAFT_FILES } from "./statement-files";
import type { Locale } from "~/services/language";

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
      statement: {
        select: {
          introMd: true,
          analysisMd: true,
          nextStepsMd: true,
          attachments: {
            where: DRAFT_FILES,
            orderBy: { position: "asc" },
            select: { position: true, fileName: true, mediaType: true, size: true, sha256: true },
          },
        },
      },
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
        language: true,
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
      ...(x.language ? { language: x.language } : {}),
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
    files: c.statement?.attachments ?? [],
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
    html: statementHtml(content, statementWords("en")),
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
export async function previewStatement({
  consultationId,
  revision = null,
  locale = "en",
}: {
  consultationId: string;
  revision?: StatementInput["revision"];
  /** The preview reads in the builder's language; the published English is generated apart. */
  locale?: Locale;
}) {
  const input = await loadStatementInput(db(), consultationId, revision);
  if (!input) return null;
  const content = buildStatementContent(input);
  return { content, html: statementHtml(content, statementWords(locale)) };
}

/** The plain-text summary in the notification mail, in `locale` (the event records the English). */
export function statementSummary(content: Pick<StatementContent, "dispositionCounts" | "changes" | "participation">, locale: Locale = "en"): string {
  const counts = DISPOSITIONS.filter((d) => content.dispositionCounts[d] > 0)
    .map((d) => translate(locale, "statement.mail.dispositionCount", { count: content.dispositionCounts[d], disposition: d }))
    .join(translate(locale, "statement.mail.separator"));
  const changes = content.changes
    ? translate(locale, "statement.mail.changed", { from: content.changes.from, to: content.changes.to })
    : translate(locale, "statement.mail.notChanged");
  const { comments, commenters } = content.participation;
  const answered = translate(locale, "statement.mail.answered", { comments, commenters, counts, listed: counts ? "yes" : "no" });
  return translate(locale, "statement.mail.summary", { answered, changes });
}
