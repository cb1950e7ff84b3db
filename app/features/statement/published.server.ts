// Reading published statement revisions: the public page and its downloads, and the responses
// shown beside each comment on the consultation page.
import { db } from "~/services/db.server";
import { memoPublic } from "~/services/public-memo.server";
import { formatCommentRef } from "~/features/comments/reference";
import type { Locale } from "~/services/language";
import { responsePath, type Disposition, type StatementContent } from "./content";
import { statementHtml } from "./statement-html";
import { statementSummary } from "./generator.server";
import { statementWords } from "./statement-words.server";
import type { StatementTranslationText } from "./statement-translation.server";

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
    revision: { id: chosen.id, number: chosen.number, publishedAt: chosen.publishedAt, erratum: chosen.erratum, contentHash: chosen.contentHash, ...body },
    latest: revisions[0].number,
    revisions: revisions.map(({ id: _id, ...r }) => r),
  };
}

// Revisions rendered in another language, by revision and language: a revision never changes.
const translatedHtml = new Map<string, string>();

/**
 * A published revision's HTML in the reader's language: the stored (hashed, English) one, or the
 * same content with the generated sections worded by the catalogue of `locale`.
 */
export function publishedHtmlIn(
  revision: { id: string; html: string; contentJson: string },
  locale: Locale,
  /** The IFM's own texts translated into `locale`, when published. */
  translation: StatementTranslationText | null = null,
): string {
  if (locale === "en") return revision.html;
  const key = `${revision.id}:${locale}:${translation?.id ?? ""}`;
  let html = translatedHtml.get(key);
  if (html === undefined) {
    const content = JSON.parse(revision.contentJson) as StatementContent;
    if (translation) {
      for (const part of ["intro", "analysis", "nextSteps"] as const) content[part] = { ...translation[part], translated: true };
      // A theme's translated name or summary replaces the English; an empty one keeps it (marked English).
      content.themes = content.themes.map((theme, i) => {
        const t = translation.themes[i];
        return {
          ...theme,
          ...(t?.name ? { name: t.name, nameTranslated: true } : {}),
          ...(t?.summary.md.trim() ? { summary: { ...t.summary, translated: true } } : {}),
        };
      });
    }
    html = statementHtml(content, statementWords(locale));
    if (translatedHtml.size >= 30) translatedHtml.delete(translatedHtml.keys().next().value!);
    translatedHtml.set(key, html);
  }
  return html;
}

/** The revision's data for the JSON export: the frozen content, byte for byte, inside an envelope. */
export function statementJsonExport(
  s: {
    consultation: { number: number; slug: string };
    revision: { number: number; publishedAt: Date; erratum: string | null; contentHash: string; contentJson: string };
    latest: number;
  },
  /** The files attached to the comments answered (outside `content`: hiding one changes the list, not the hashed statement). */
  attachments?: unknown[],
): string {
  const head = JSON.stringify({
    consultation: s.consultation.number,
    revision: s.revision.number,
    latestRevision: s.latest,
    publishedAt: s.revision.publishedAt.toISOString(),
    erratum: s.revision.erratum,
    contentHashAlgorithm: "sha256 of the `content` member exactly as written below",
    contentHash: s.revision.contentHash,
    ...(attachments ? { attachments } : {}),
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
  const dispositions: Record<string, { disposition: Disposition; href: string }> = {};
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
    if (found) dispositions[ref] = { disposition: found.disposition, href: responsePath(slug, ref, found.index) };
  }
  return { statement: { path: `/consultations/${slug}/statement`, revision: latest.number }, dispositions };
}

/**
 * For the notification of a published revision: each commenter's answered comments in it (by
 * author id), with the disposition and the link to each response, and the revision's summary in
 * a recipient's language (null when the revision is gone: the event's English summary is used).
 */
export async function publishedForMail({ revisionId }: { revisionId: string }): Promise<{
  byAuthor: Map<string, { ref: string; disposition: Disposition; path: string }[]>;
  summaryIn: ((locale: Locale) => string) | null;
}> {
  const byAuthor = new Map<string, { ref: string; disposition: Disposition; path: string }[]>();
  const revision = await db().statementRevision.findUnique({
    where: { id: revisionId },
    select: { contentJson: true, statement: { select: { consultationId: true, consultation: { select: { number: true, slug: true } } } } },
  });
  if (!revision) return { byAuthor, summaryIn: null };
  const { consultationId, consultation } = revision.statement;
  const content = JSON.parse(revision.contentJson) as Pick<StatementContent, "responses" | "dispositionCounts" | "changes" | "participation">;
  const rows = await db().comment.findMany({ where: { consultationId, isIfmReply: false }, select: { seq: true, authorId: true } });
  const authorBySeq = new Map(rows.map((r) => [formatCommentRef(consultation.number, r.seq), r.authorId]));
  content.responses.forEach((r, i) => {
    const authorId = authorBySeq.get(r.ref);
    if (!authorId || !r.disposition) return;
    const list = byAuthor.get(authorId) ?? [];
    list.push({ ref: r.ref, disposition: r.disposition, path: responsePath(consultation.slug, r.ref, i) });
    byAuthor.set(authorId, list);
  });
  return { byAuthor, summaryIn: (locale) => statementSummary(content, locale) };
}
