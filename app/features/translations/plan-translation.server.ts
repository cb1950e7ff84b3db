/**
 * Translations of published plan versions. IFM staff add one per version and language; a new
 * revision replaces the one shown and the earlier ones are kept. English is the authoritative
 * text: a translation must have its sections (structure.ts) and takes its heading ids, so anchors,
 * "comment on this section" and comments' sections are the same in every language.
 */
import { createHash } from "node:crypto";
import { db, isUniqueViolation } from "~/services/db.server";
import { renderMarkdown, storedHeadings, type Heading } from "~/services/markdown.server";
import { memoPublic } from "~/services/public-memo.server";
import type { Locale } from "~/services/language";
import { recordAudit } from "~/models/audit.server";
import { denied, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import { translate } from "~/i18n/catalogue.server";
import { planTextLanguage, TRANSLATION_LANGUAGES, type TranslationLanguage } from "./languages";
import { structureMismatch } from "./structure";

/** The translation shown for a version in one language: its newest revision. */
export type PlanTranslationText = {
  language: TranslationLanguage;
  revision: number;
  bodyMd: string;
  html: string;
  headings: Heading[];
  contentHash: string;
  createdAt: Date;
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A translation's stored HTML and headings: rendered once, with the English headings' ids. */
function renderTranslation(bodyMd: string, englishHeadings: readonly Heading[]) {
  const { html, headings } = renderMarkdown(bodyMd, { headingIdsInOrder: englishHeadings.map((h) => h.id) });
  return { html, headings };
}

export type AddTranslationResult = { ok: true; revision: number; duplicate: boolean } | Refused;

/**
 * Publishes a translation of version `versionNumber` (a published one) in `language`, as its next
 * revision. The same text as the newest revision (a double submit, or nothing changed) writes
 * nothing. Refusals are phrased in `locale`, the language of the staff page.
 */
export async function addPlanTranslation({
  actor,
  consultationId,
  versionNumber,
  language,
  bodyMd,
  locale,
  now = new Date(),
}: {
  actor: Actor;
  consultationId: string;
  versionNumber: number;
  language: TranslationLanguage;
  bodyMd: string;
  locale: Locale;
  now?: Date;
}): Promise<AddTranslationResult> {
  const notAllowed = denied(actor, "plan.translate", undefined, locale);
  if (notAllowed) return notAllowed;
  const version = await db().planVersion.findUnique({
    where: { consultationId_number: { consultationId, number: versionNumber } },
    select: { id: true, bodyMd: true, publishedAt: true },
  });
  if (!version || !version.publishedAt) return refused(404, translate(locale, "translations.refused.noVersion"), "version");

  const english = renderMarkdown(version.bodyMd).headings;
  const rendered = renderTranslation(bodyMd, english);
  const mismatch = structureMismatch(english, rendered.headings);
  if (mismatch) return refused(400, translate(locale, mismatch.id, mismatch.values), "bodyMd");

  const contentHash = sha256(bodyMd);
  for (let attempt = 0; ; attempt++) {
    const latest = await db().planTranslation.findFirst({
      where: { planVersionId: version.id, language },
      orderBy: { revision: "desc" },
      select: { revision: true, contentHash: true },
    });
    if (latest?.contentHash === contentHash) return { ok: true, revision: latest.revision, duplicate: true };
    const revision = (latest?.revision ?? 0) + 1;
    try {
      await db().$transaction(async (tx) => {
        const created = await tx.planTranslation.create({
          data: {
            planVersionId: version.id,
            language,
            revision,
            bodyMd,
            bodyHtml: rendered.html,
            headingsJson: JSON.stringify(rendered.headings.filter((h) => h.level <= 4)),
            contentHash,
            createdById: actor.id,
            createdAt: now,
          },
          select: { id: true },
        });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "plan.translate",
          subjectType: "plan-translation",
          subjectId: created.id,
          consultationId,
          data: { version: versionNumber, language, revision, contentHash },
        });
      });
      return { ok: true, revision, duplicate: false };
    } catch (error) {
      // Two submissions at once: the other one took this revision number; look again.
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

/** The newest revision of each language's translation of one plan version (shared by every reader). */
export function versionTranslations({ slug, number }: { slug: string; number: number }): Promise<PlanTranslationText[]> {
  return memoPublic(`plan-translations:${slug}:${number}`, async () => {
    const rows = await db().planTranslation.findMany({
      where: { planVersion: { number, publishedAt: { not: null }, consultation: { slug } } },
      orderBy: [{ language: "asc" }, { revision: "desc" }],
      select: { language: true, revision: true, bodyMd: true, bodyHtml: true, headingsJson: true, contentHash: true, createdAt: true },
    });
    return newestPerLanguage(rows).map((r) => ({
      language: r.language as TranslationLanguage,
      revision: r.revision,
      bodyMd: r.bodyMd,
      html: r.bodyHtml,
      headings: storedHeadings(r.headingsJson),
      contentHash: r.contentHash,
      createdAt: r.createdAt,
    }));
  });
}

/** Rows ordered by language, newest revision first → the first of each language, in the order of TRANSLATION_LANGUAGES. */
function newestPerLanguage<T extends { language: string }>(rows: readonly T[]): T[] {
  return TRANSLATION_LANGUAGES.flatMap((language) => rows.find((r) => r.language === language) ?? []);
}

/** Every translation of a consultation's published versions, newest revision per language, for the API and the archive. */
export async function consultationTranslations(consultationId: string) {
  const rows = await db().planTranslation.findMany({
    where: { planVersion: { consultationId, publishedAt: { not: null } } },
    orderBy: [{ language: "asc" }, { revision: "desc" }],
    select: { language: true, revision: true, bodyMd: true, contentHash: true, createdAt: true, planVersion: { select: { number: true } } },
  });
  const versions = [...new Set(rows.map((r) => r.planVersion.number))].sort((a, b) => a - b);
  return versions.flatMap((number) =>
    newestPerLanguage(rows.filter((r) => r.planVersion.number === number)).map((r) => ({
      version: number,
      language: r.language as TranslationLanguage,
      revision: r.revision,
      bodyMd: r.bodyMd,
      contentHash: r.contentHash,
      createdAt: r.createdAt,
    })),
  );
}

/** What the staff page lists: each published version's translations, every revision, newest first. */
export async function translationHistory(consultationId: string) {
  return db().planTranslation.findMany({
    where: { planVersion: { consultationId } },
    orderBy: [{ planVersion: { number: "desc" } }, { language: "asc" }, { revision: "desc" }],
    select: {
      language: true,
      revision: true,
      contentHash: true,
      createdAt: true,
      planVersion: { select: { number: true } },
      createdBy: { select: { displayName: true } },
    },
  });
}

/** The newest translation of each of two versions in one language, for the diff; null when either has none. */
export async function translationsToCompare({ slug, from, to, language }: { slug: string; from: number; to: number; language: TranslationLanguage }) {
  const [a, b] = await Promise.all([versionTranslations({ slug, number: from }), versionTranslations({ slug, number: to })]);
  const inA = a.find((t) => t.language === language);
  const inB = b.find((t) => t.language === language);
  return inA && inB ? { from: inA.bodyMd, to: inB.bodyMd } : null;
}

/** The languages both versions are translated into (the diff offers these). */
export async function languagesOfBoth({ slug, from, to }: { slug: string; from: number; to: number }): Promise<TranslationLanguage[]> {
  const [a, b] = await Promise.all([versionTranslations({ slug, number: from }), versionTranslations({ slug, number: to })]);
  return a.filter((t) => b.some((u) => u.language === t.language)).map((t) => t.language);
}

/**
 * The text of plan version `number` to show (planTextLanguage decides which) and the
 * translations it has; `translation` carries the HTML and headings when a translation is shown.
 */
export async function planTextFor({ slug, number, requested, pageLocale }: { slug: string; number: number; requested: string | null; pageLocale: Locale }) {
  const translations = await versionTranslations({ slug, number });
  const language = planTextLanguage({ requested, pageLocale, available: translations.map((t) => t.language) });
  const shown = translations.find((t) => t.language === language) ?? null;
  return {
    info: {
      language,
      translation: shown ? { language: shown.language, revision: shown.revision, contentHash: shown.contentHash } : null,
      available: translations.map((t) => t.language),
    },
    translation: shown,
  };
}
