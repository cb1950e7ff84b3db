/**
 * The final response statement (docs/decisions/014): the IFM's builder (dispositions, themes,
 * texts) and publishing frozen revisions. The work list is in work-list.server.ts, the generator
 * (data → content → HTML and Markdown) in generator.server.ts, reading published revisions in
 * published.server.ts.
 *
 * Rules live here; input arrives as the builder's schemas (validation.ts) gave it, and refusals
 * are returned as `Refused`. Only IFM staff write and publish ("statement.*" in
 * app/models/permissions.ts). The comments
 * that need a disposition are the public's visible comments (replies included); IFM replies are
 * the IFM's own words, and hidden or withdrawn comments are listed apart and need none.
 */
import { db, isUniqueViolation } from "~/services/db.server";
import { renderMarkdown, storedHeadings } from "~/services/markdown.server";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import { recordAudit } from "~/models/audit.server";
import { recordEvent } from "~/features/following/events/record.server";
import { formatCommentRef } from "~/features/comments/reference";
import { CONSULTATION_HEAD_SELECT, consultationStatus, STATUS_SELECT, type ConsultationStatus } from "~/features/consultations/status";
import { type Disposition } from "./content";
import { formatUtcIn } from "~/models/time";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { generateStatement, statementSummary } from "./generator.server";
import type { NewAttachment } from "~/features/attachments/attachment.server";
import type { AttachmentLimits } from "~/features/attachments/rules";
import { addDraftFiles } from "./statement-files.server";
import { DRAFT_FILES, sameFiles } from "./statement-files";

const TX = { maxWait: 15_000, timeout: 60_000 };
export const WORK_LIST_PAGE_SIZE = 25;
/** How long a second "publish" by the same person counts as the same click. */
const DOUBLE_SUBMIT_MS = 10 * 60_000;

/** The comments that need a disposition (see the module comment). */
const needsAnswer = (consultationId: string) => ({ consultationId, isIfmReply: false, hiddenAt: null, withdrawnAt: null }) as const;

const statusSelect = STATUS_SELECT;

/** Why the statement cannot be written for a consultation in this status, or null. */
export function builderRefusal(c: { status: ConsultationStatus; closesAt: Date | null }, locale: Locale = DEFAULT_LOCALE): Refused | null {
  switch (c.status) {
    case "closed":
    case "concluded":
      return null;
    case "draft":
      return refused(404, translate(locale, "consultation.notFound"));
    case "withdrawn":
      return refused(409, translate(locale, "statement.builder.withdrawn"));
    case "upcoming":
    case "open":
      return refused(
        409,
        c.closesAt
          ? translate(locale, "statement.builder.noStatementYetCloses", { status: c.status, closes: formatUtcIn(c.closesAt, locale) })
          : translate(locale, "statement.builder.noStatementYet", { status: c.status }),
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
  /** The language of the refusals a person can correct in the form (the page's). */
  locale?: Locale;
};

/**
 * Records the same disposition and response for one or several comments of a consultation whose
 * period has closed. All or nothing: one comment of another consultation, or hidden, refuses
 * the whole request.
 */
export async function saveDispositions(input: DispositionInput): Promise<{ ok: true; refs: string[] } | Refused> {
  const { actor, consultationId, disposition, responseMd, now = new Date(), locale = DEFAULT_LOCALE } = input;
  const notAllowed = denied(actor, "statement.write", undefined, locale);
  if (notAllowed) return notAllowed;
  const ids = [...new Set(input.commentIds)];
  // One theme however its name was spaced.
  const themeNames = [...new Set((input.themes ?? []).map((t) => t.trim().replace(/\s+/g, " ")).filter(Boolean))];

  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: { number: true, ...statusSelect, versions: { where: { publishedAt: { not: null } }, select: { number: true, headingsJson: true } } },
  });
  if (!c) return refused(404, translate(locale, "consultation.notFound"));
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt }, locale);
  if (closedFirst) return closedFirst;

  let planVersionNumber: number | null = input.planVersionNumber ?? null;
  const sectionId = input.sectionId?.trim() || null;
  if (sectionId && !planVersionNumber) planVersionNumber = Math.max(...c.versions.map((v) => v.number));
  if (planVersionNumber !== null) {
    const version = c.versions.find((v) => v.number === planVersionNumber);
    if (!version) return refused(400, translate(locale, "statement.refusal.noPlanVersion", { version: planVersionNumber }), "planVersion");
    if (sectionId && !storedHeadings(version.headingsJson).some((h) => h.id === sectionId)) {
      return refused(400, translate(locale, "statement.refusal.noSection", { version: planVersionNumber }), "sectionId");
    }
  }
  const responseHtml = renderMarkdown(responseMd, { headingIds: false }).html;

  return inTransaction(async (tx) => {
    const comments = await tx.comment.findMany({
      where: { id: { in: ids } },
      select: { id: true, seq: true, consultationId: true, hiddenAt: true, withdrawnAt: true, isIfmReply: true },
    });
    const foreign = ids.filter((id) => !comments.some((x) => x.id === id && x.consultationId === consultationId));
    if (foreign.length) throw new Refusal(refused(404, translate(locale, "statement.refusal.foreignComments", { count: foreign.length }), "commentId"));
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
  attachments,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  /** As textsSchema gave them: within their limits. */
  introMd: string;
  analysisMd: string;
  nextStepsMd: string;
  /** Theme id → summary. */
  themeSummaries?: Record<string, string>;
  /** Files to add to the draft (already in the store: see withStoredAttachments), and the quotas they count against. */
  attachments?: { files: readonly NewAttachment[]; limits: AttachmentLimits };
  now?: Date;
  /** The builder's language: refusals are worded in it. */
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "statement.write");
  if (notAllowed) return notAllowed;
  const c = await db().consultation.findUnique({ where: { id: consultationId }, select: { ...statusSelect } });
  if (!c) return refused(404, translate(locale, "consultation.notFound"));
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt }, locale);
  if (closedFirst) return closedFirst;
  const texts = { introMd: introMd.trim(), analysisMd: analysisMd.trim(), nextStepsMd: nextStepsMd.trim() };
  const saved = await inTransaction(async (tx) => {
    const statement = await tx.statement.upsert({ where: { consultationId }, create: { consultationId, ...texts }, update: texts, select: { id: true } });
    if (attachments) await addDraftFiles(tx, { statementId: statement.id, consultationId, uploaderId: actor.id, ...attachments, now, locale });
    for (const [themeId, summary] of Object.entries(themeSummaries)) {
      const { count } = await tx.theme.updateMany({ where: { id: themeId, consultationId }, data: { summaryMd: summary.trim() } });
      if (count !== 1) throw new Refusal(refused(404, translate(locale, "statement.refusal.themeNotHere")));
    }
    const files = attachments?.files.map((f) => ({ fileName: f.fileName, sha256: f.sha256 }));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "statement.texts",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      ...(files?.length ? { data: { files } } : {}),
    });
    return { ok: true as const };
  }, TX);
  return saved;
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
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  /** As publishSchema gave it: at most 2,000 characters. */
  erratum?: string | null;
  basedOnRevision: number;
  now?: Date;
  locale?: Locale;
}): Promise<PublishResult> {
  const notAllowed = denied(actor, "statement.publish", undefined, locale);
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
  if (!c) return refused(404, translate(locale, "consultation.notFound"));
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt }, locale);
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
    return refused(409, translate(locale, "statement.refusal.publishedMeanwhile", { number: latestNumber }));
  }
  const note = (erratum ?? "").trim();
  if (latest && note.length < 10) return refused(400, translate(locale, "statement.refusal.erratumMissing"), "erratum");

  const unanswered = await unansweredRefs(consultationId, c.number);
  if (unanswered.count > 0) return refused(409, unansweredMessage(unanswered, locale));

  const number = latestNumber + 1;
  const generated = await generateStatement({ consultationId, revision: { number, publishedAt: now, erratum: latest ? note : null } });
  if (!generated) return refused(404, translate(locale, "consultation.notFound"));
  const path = `/consultations/${c.slug}/statement`;

  try {
    return await db().$transaction(async (tx) => {
      // Re-checked in the transaction: a comment restored meanwhile must be answered first.
      const stillUnanswered = await tx.comment.count({ where: { ...needsAnswer(consultationId), disposition: { is: null } } });
      if (stillUnanswered > 0) throw new Refusal(refused(409, unansweredMessage(await unansweredRefs(consultationId, c.number), locale)));
      const statement = await tx.statement.upsert({ where: { consultationId }, create: { consultationId }, update: {}, select: { id: true } });
      // The files the content lists (and hashes) are the ones frozen with the revision.
      const onDraft = await tx.attachment.findMany({
        where: { statementId: statement.id, ...DRAFT_FILES },
        select: { id: true, position: true, sha256: true },
      });
      if (!sameFiles(generated.content.files, onDraft)) {
        throw new Refusal(refused(409, translate(locale, "statement.refusal.filesChanged")));
      }
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
      if (onDraft.length) await tx.statementRevisionAttachment.createMany({ data: onDraft.map((f) => ({ revisionId: revision.id, attachmentId: f.id })) });
      await tx.consultation.updateMany({ where: { id: consultationId, concludedAt: null }, data: { concludedAt: now } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "statement.publish",
        subjectType: "statement",
        subjectId: statement.id,
        consultationId,
        isPublic: true,
        data: {
          revision: number,
          revisionId: revision.id,
          contentHash: generated.contentHash,
          erratum: latest ? note : null,
          ...(onDraft.length ? { files: generated.content.files.map((f) => ({ position: f.position, fileName: f.fileName, sha256: f.sha256 })) } : {}),
        },
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
      return refused(409, translate(locale, "statement.refusal.publishedBySomeoneElse", { number }));
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

function unansweredMessage(u: { count: number; refs: string[] }, locale: Locale): string {
  return translate(locale, "statement.refusal.unanswered", { count: u.count, refs: u.refs.join(", "), more: u.count - u.refs.length });
}
