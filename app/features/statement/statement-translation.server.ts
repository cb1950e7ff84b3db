/**
 * Translations of a published statement revision's own texts (decision 048): IFM staff publish
 * one per language, the introduction, analysis, next steps and the themes' names and summaries
 * through the same markdown pipeline (sanitised) as the English. English is the authoritative text; the generated sections are worded
 * by the catalogue. Publishing again in a language adds a revision, which replaces the one shown.
 */
import { createHash } from "node:crypto";
import { db, isUniqueViolation } from "~/services/db.server";
import { renderMarkdown } from "~/services/markdown.server";
import { memoPublic } from "~/services/public-memo.server";
import type { Locale } from "~/services/language";
import { recordAudit } from "~/models/audit.server";
import { denied, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import { translate } from "~/i18n/catalogue.server";
import type { TranslationLanguage } from "~/features/translations/languages";
import type { Rendered } from "./content";

/** A theme's translated name and summary (empty: the English is shown), by its place in the revision's content. */
export type ThemeText = { name: string; summaryMd: string };

export type StatementTexts = { introMd: string; analysisMd: string; nextStepsMd: string; themes?: readonly ThemeText[] };

/** The translation shown in one language: its newest revision, rendered. */
export type StatementTranslationText = {
  id: string;
  language: string;
  revision: number;
  contentHash: string;
  createdAt: Date;
  intro: Rendered;
  analysis: Rendered;
  nextSteps: Rendered;
  /** By the theme's place in the revision's content; empty name or summary: the English. */
  themes: { name: string; summary: Rendered }[];
};

const hasThemeText = (themes: readonly ThemeText[] = []) => themes.some((t) => t.name || t.summaryMd);

/**
 * The SHA-256 of a translation: of its three texts, as JSON in this order, followed by the
 * themes' `[name, summary]` pairs only when one of them is translated (so the hash of a
 * translation without themes is what it was before themes could be translated).
 */
export function statementTranslationHash(texts: StatementTexts): string {
  const three: unknown[] = [texts.introMd, texts.analysisMd, texts.nextStepsMd];
  const hashed = hasThemeText(texts.themes) ? [...three, texts.themes!.map((t) => [t.name, t.summaryMd])] : three;
  return createHash("sha256").update(JSON.stringify(hashed)).digest("hex");
}

const render = (md: string) => (md.trim() ? renderMarkdown(md, { idPrefix: "s-" }).html : "");

export type AddStatementTranslationResult = { ok: true; revision: number; duplicate: boolean } | Refused;

/**
 * Publishes a translation of revision `revisionNumber` (the latest published one unless given) in
 * `language`. The same texts as the newest translation (a double submit) write nothing. Refusals
 * are phrased in `locale`, the staff page's language.
 */
export async function addStatementTranslation({
  actor,
  consultationId,
  language,
  texts,
  locale,
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  language: TranslationLanguage;
  texts: StatementTexts;
  locale: Locale;
  now?: Date;
}): Promise<AddStatementTranslationResult> {
  const notAllowed = denied(actor, "statement.publish", undefined, locale);
  if (notAllowed) return notAllowed;
  const revision = await db().statementRevision.findFirst({
    where: { statement: { consultationId } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, contentJson: true },
  });
  if (!revision) return refused(409, translate(locale, "statement.translation.notPublished"));

  // One entry per theme of the revision (fields for themes it does not have are ignored).
  const frozen = (JSON.parse(revision.contentJson) as { themes: unknown[] }).themes;
  const themes = frozen.map((_, i) => ({ name: texts.themes?.[i]?.name.trim() ?? "", summaryMd: texts.themes?.[i]?.summaryMd.trim() ?? "" }));
  const withThemes = hasThemeText(themes);
  const own = { introMd: texts.introMd, analysisMd: texts.analysisMd, nextStepsMd: texts.nextStepsMd };
  const contentHash = statementTranslationHash({ ...own, themes: withThemes ? themes : [] });
  const themesJson = withThemes ? JSON.stringify(themes.map((t) => ({ ...t, summaryHtml: render(t.summaryMd) }))) : "[]";
  const html = { introHtml: render(texts.introMd), analysisHtml: render(texts.analysisMd), nextStepsHtml: render(texts.nextStepsMd) };
  for (let attempt = 0; ; attempt++) {
    const latest = await db().statementTranslation.findFirst({
      where: { statementRevisionId: revision.id, language },
      orderBy: { revision: "desc" },
      select: { revision: true, contentHash: true },
    });
    if (latest?.contentHash === contentHash) return { ok: true, revision: latest.revision, duplicate: true };
    const next = (latest?.revision ?? 0) + 1;
    try {
      await db().$transaction(async (tx) => {
        const created = await tx.statementTranslation.create({
          data: { statementRevisionId: revision.id, language, revision: next, ...own, ...html, themesJson, contentHash, createdById: actor.id, createdAt: now },
          select: { id: true },
        });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "statement.translate",
          subjectType: "statement-translation",
          subjectId: created.id,
          consultationId,
          data: { statementRevision: revision.number, language, revision: next, contentHash },
        });
      });
      return { ok: true, revision: next, duplicate: false };
    } catch (error) {
      // Two submissions at once: the other one took this revision number; look again.
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

/** The newest translation of a published revision in `language`, or null (shared by every reader). */
export function statementTranslationIn(statementRevisionId: string, language: Locale): Promise<StatementTranslationText | null> {
  if (language === "en") return Promise.resolve(null);
  return memoPublic(`statement-translation:${statementRevisionId}:${language}`, async () => {
    const t = await db().statementTranslation.findFirst({ where: { statementRevisionId, language }, orderBy: { revision: "desc" } });
    if (!t) return null;
    return {
      id: t.id,
      language: t.language,
      revision: t.revision,
      contentHash: t.contentHash,
      createdAt: t.createdAt,
      intro: { md: t.introMd, html: t.introHtml },
      analysis: { md: t.analysisMd, html: t.analysisHtml },
      nextSteps: { md: t.nextStepsMd, html: t.nextStepsHtml },
      themes: storedThemes(t.themesJson).map((x) => ({ name: x.name, summary: { md: x.summaryMd, html: x.summaryHtml } })),
    };
  });
}

function storedThemes(json: string): { name: string; summaryMd: string; summaryHtml: string }[] {
  return JSON.parse(json) as { name: string; summaryMd: string; summaryHtml: string }[];
}

/**
 * For the staff page: the latest published revision's English texts (with its themes) and every
 * translation of it; `language`: the one whose latest translation prefills the form.
 */
export async function statementTranslationPage(slug: string, language: TranslationLanguage | null = null) {
  const c = await db().consultation.findUnique({ where: { slug }, select: { id: true, number: true, slug: true, title: true } });
  if (!c) return null;
  const revision = await db().statementRevision.findFirst({
    where: { statement: { consultationId: c.id } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, contentJson: true },
  });
  if (!revision) return { consultation: c, revision: null, english: null, translations: [], prefill: null };
  const content = JSON.parse(revision.contentJson) as {
    intro: Rendered;
    analysis: Rendered;
    nextSteps: Rendered;
    themes: { name: string; summary: Rendered }[];
  };
  const translations = await db().statementTranslation.findMany({
    where: { statementRevisionId: revision.id },
    orderBy: [{ language: "asc" }, { revision: "desc" }],
    select: { language: true, revision: true, contentHash: true, createdAt: true },
  });
  const latest = language
    ? await db().statementTranslation.findFirst({
        where: { statementRevisionId: revision.id, language },
        orderBy: { revision: "desc" },
        select: { revision: true, introMd: true, analysisMd: true, nextStepsMd: true, themesJson: true },
      })
    : null;
  return {
    consultation: c,
    revision: revision.number,
    english: {
      introMd: content.intro.md,
      analysisMd: content.analysis.md,
      nextStepsMd: content.nextSteps.md,
      themes: content.themes.map((t) => ({ name: t.name, summaryMd: t.summary.md })),
    },
    translations,
    /** The form's values: the latest translation in `language` (none yet: empty). */
    prefill: language
      ? {
          language,
          revision: latest?.revision ?? null,
          introMd: latest?.introMd ?? "",
          analysisMd: latest?.analysisMd ?? "",
          nextStepsMd: latest?.nextStepsMd ?? "",
          themes: storedThemes(latest?.themesJson ?? "[]").map((t) => ({ name: t.name, summaryMd: t.summaryMd })),
        }
      : null,
  };
}
