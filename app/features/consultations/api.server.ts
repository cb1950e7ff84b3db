import { db } from "~/services/db.server";
import { absoluteUrl } from "~/services/env.server";
import type { Milestone } from "./fields";
import { closingChangeKind } from "./closing-change";
import { listConsultations, type ConsultationListItem, type ListFilters } from "./list.server";
import { consultationStatus, STATUS_SELECT, type ConsultationStatus } from "./status";
import { consultationTranslations } from "~/features/translations/plan-translation.server";

// The read-only public JSON API (/api/v1/…). Its shapes are a contract with outside readers:
// add fields, never rename or remove them. Dates are ISO 8601 strings in UTC (JSON.stringify of
// a Date); URLs are absolute. Drafts do not exist here, whoever asks.

export type ApiConsultationSummary = {
  number: number;
  slug: string;
  title: string;
  status: ConsultationStatus;
  category: string;
  affected: string;
  dugRequired: boolean;
  publishedAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  concludedAt: Date | null;
  commentCount: number;
  url: string;
};

export const consultationUrl = (slug: string) => absoluteUrl(`/consultations/${encodeURIComponent(slug)}`);

function toApiSummary(c: Omit<ConsultationListItem, "summary" | "snippet" | "matchedInComment">): ApiConsultationSummary {
  return {
    number: c.number,
    slug: c.slug,
    title: c.title,
    status: c.status,
    category: c.category,
    affected: c.affected,
    dugRequired: c.dugRequired,
    publishedAt: c.publishedAt,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    concludedAt: c.concludedAt,
    commentCount: c.commentCount,
    url: consultationUrl(c.slug),
  };
}

/** GET /api/v1/consultations: the public list with the list page's filters (never drafts). */
export async function listPublicConsultationsForApi({ filters, now }: { filters: ListFilters; now: Date }) {
  const list = await listConsultations({ ...filters, viewer: { isStaff: false }, now });
  return { consultations: list.items.map(toApiSummary), page: list.page, pageCount: list.pageCount, total: list.total };
}

/**
 * GET /api/v1/consultations/:slug: one published consultation with its published plan versions,
 * the current plan (markdown and headings), its timeline, closing extensions and the link to the
 * comments export. Null for an unknown slug and for a draft.
 */
export async function getPublicConsultationForApi({ slug, now }: { slug: string; now: Date }) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      summary: true,
      category: true,
      affected: true,
      basis: true,
      dugRequired: true,
      contactName: true,
      ...STATUS_SELECT,
      withdrawnReason: true,
      commentCount: true,
      versions: {
        where: { publishedAt: { not: null } },
        orderBy: { number: "asc" },
        select: { number: true, publishedAt: true, changeSummary: true, contentHash: true },
      },
      extensions: { orderBy: { createdAt: "asc" }, select: { previousClosesAt: true, newClosesAt: true, reason: true, createdAt: true } },
    },
  });
  if (!c) return null;
  const status = consultationStatus(c, now);
  if (status === "draft" || !c.publishedAt) return null;
  const latest = c.versions.at(-1);
  if (!latest) return null;
  const plan = await db().planVersion.findFirstOrThrow({
    where: { consultation: { slug }, number: latest.number },
    select: { number: true, bodyMd: true, headingsJson: true, timelineJson: true },
  });
  const url = consultationUrl(c.slug);
  const translations = await consultationTranslations(c.id);
  return {
    ...toApiSummary({ ...c, status }),
    summary: c.summary,
    basis: c.basis,
    contactName: c.contactName,
    withdrawnAt: c.withdrawnAt,
    withdrawnReason: c.withdrawnReason,
    versions: c.versions.map((v) => ({
      number: v.number,
      publishedAt: v.publishedAt,
      changeSummary: v.changeSummary,
      contentHash: v.contentHash,
      url: `${url}?version=${v.number}`,
    })),
    plan: {
      version: plan.number,
      markdown: plan.bodyMd,
      headings: parseJsonArray<{ id: string; level: number; text: string }>(plan.headingsJson),
    },
    timeline: parseJsonArray<Milestone>(plan.timelineJson),
    // Translations of the published versions (English is authoritative), newest revision per language.
    translations: translations.map((t) => ({
      version: t.version,
      language: t.language,
      revision: t.revision,
      publishedAt: t.createdAt,
      contentHash: t.contentHash,
      markdown: t.bodyMd,
      url: `${url}?version=${t.version}&text=${t.language}`,
    })),
    // Every change of the closing, in order; `kind` tells an extension from a shortening.
    extensions: c.extensions.map((e) => ({
      kind: closingChangeKind(e),
      previousClosesAt: e.previousClosesAt,
      newClosesAt: e.newClosesAt,
      reason: e.reason,
      at: e.createdAt,
    })),
    commentsUrl: absoluteUrl(`/consultations/${encodeURIComponent(c.slug)}/comments.json`),
  };
}

function parseJsonArray<T>(text: string): T[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
