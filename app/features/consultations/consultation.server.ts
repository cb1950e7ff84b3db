import { createHash } from "node:crypto";
import { db, sqlRead } from "~/services/db.server";
import { column, statement } from "~/services/sql/statement";
import { memoPublic } from "~/services/public-memo.server";
import { consultationStatus, type ConsultationStatus } from "./status";
import { renderMarkdown } from "~/services/markdown.server";
import { recordAudit } from "~/models/audit.server";
import { recordEvent } from "~/features/following/events/record.server";
import type { Action, Actor } from "~/models/permissions";
import { denied, refused, type Refused } from "~/models/refusal.server";
import type { Milestone } from "./fields";
import type { DraftInput } from "~/features/consultations/validation";
import { getSetting } from "~/models/settings.server";
import { historyIn, publicEvents } from "./history.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import type { ClosingChangeKind } from "./closing-change";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { formatUtcIn } from "~/models/time";

/** The fields every list of consultations shows (home, list, API). */
export const summarySelect = {
  id: true,
  number: true,
  slug: true,
  title: true,
  summary: true,
  category: true,
  affected: true,
  dugRequired: true,
  publishedAt: true,
  opensAt: true,
  closesAt: true,
  withdrawnAt: true,
  concludedAt: true,
  commentCount: true,
} as const;

export type ConsultationSummary = {
  id: string;
  number: number;
  slug: string;
  title: string;
  summary: string;
  category: string;
  affected: string;
  dugRequired: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  concludedAt: Date | null;
  commentCount: number;
  status: ConsultationStatus;
};

/** The home page: open consultations (closing soonest first), upcoming ones, recently concluded ones. */
export async function homeConsultations(now = new Date()) {
  const [live, concluded] = await Promise.all([
    db().consultation.findMany({
      where: { publishedAt: { not: null }, withdrawnAt: null, concludedAt: null, closesAt: { gt: now } },
      orderBy: { closesAt: "asc" },
      select: summarySelect,
    }),
    db().consultation.findMany({
      where: { concludedAt: { not: null }, withdrawnAt: null },
      orderBy: { concludedAt: "desc" },
      take: 5,
      select: summarySelect,
    }),
  ]);
  const withStatus = (c: (typeof live)[number]): ConsultationSummary => ({ ...c, status: consultationStatus(c, now) });
  const all = live.map(withStatus);
  return {
    open: all.filter((c) => c.status === "open"),
    upcoming: all.filter((c) => c.status === "upcoming"),
    concluded: concluded.map(withStatus),
  };
}

// ------------------------------------------------------------------ the IFM's lifecycle actions
//
// Input arrives as the forms' schemas (validation.ts) gave it; the checks here are the ones that
// need the database or the clock.

const DAY_MS = 24 * 3600 * 1000;

/** Renders one plan text: the stored HTML, its headings (for the table of contents) and its hash. */
export function renderPlan(bodyMd: string, timeline: Milestone[]) {
  const { html, headings } = renderMarkdown(bodyMd);
  return {
    bodyMd,
    bodyHtml: html,
    headingsJson: JSON.stringify(headings.filter((h) => h.level <= 4)),
    timelineJson: JSON.stringify(timeline),
    contentHash: createHash("sha256").update(bodyMd).digest("hex"),
  };
}

function searchTextOf(title: string, summary: string, bodyMd: string) {
  return `${title}\n${summary}\n${bodyMd}`;
}

/** The consultation columns a draft form sets (create and edit alike). */
function draftFields(input: DraftInput) {
  return {
    title: input.title,
    summary: input.summary,
    category: input.category,
    affected: input.affected,
    basis: input.basis,
    dugRequired: input.dugRequired,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    searchText: searchTextOf(input.title, input.summary, input.bodyMd),
  };
}

export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/, "");
  return slug || "consultation";
}

// Paths under /consultations/ that are pages of their own, never consultation addresses.
const RESERVED_SLUGS = new Set(["new"]);

async function freeSlug(base: string, exceptId?: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 && !RESERVED_SLUGS.has(base) ? base : `${base}-${n}`;
    const taken = await db().consultation.findUnique({ where: { slug: candidate }, select: { id: true } });
    if (!taken || taken.id === exceptId) return candidate;
  }
}

/** A staff command's refusal, worded in the language of the page it was sent from. */
function refusal(locale: Locale, status: number, id: MessageId, values?: Record<string, string | number>, field?: string): Refused {
  return refused(status, translate(locale, id, values), field);
}

/** The consultation a staff command changes, once the actor may do it: else the refusal (403, 404). */
async function consultationToChange(actor: Actor, action: Action, consultationId: string, locale: Locale) {
  const notAllowed = denied(actor, action, undefined, locale);
  if (notAllowed) return notAllowed;
  const consultation = await consultationOr404(consultationId);
  if (!consultation) return refusal(locale, 404, "consultations.manage.refusal.noSuchConsultation");
  return { ok: true as const, consultation };
}

async function consultationOr404(id: string) {
  return db().consultation.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      summary: true,
      publishedAt: true,
      opensAt: true,
      closesAt: true,
      withdrawnAt: true,
      concludedAt: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, bodyMd: true, timelineJson: true, publishedAt: true } },
    },
  });
}

export async function minCommentDays(): Promise<number> {
  const value = Number(await getSetting("MIN_COMMENT_DAYS"));
  return Number.isInteger(value) && value > 0 ? value : 30;
}

/** Creates a draft (visible to IFM staff only) with plan version 1. */
export async function createDraft({
  actor,
  input,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  input: DraftInput;
  now?: Date;
  /** The language of its refusals. */
  locale?: Locale;
}): Promise<{ ok: true; slug: string; id: string } | Refused> {
  const notAllowed = denied(actor, "consultation.draft", undefined, locale);
  if (notAllowed) return notAllowed;
  if (input.slug) {
    const taken = RESERVED_SLUGS.has(input.slug) || (await db().consultation.findUnique({ where: { slug: input.slug }, select: { id: true } }));
    if (taken) return refusal(locale, 409, "consultations.manage.refusal.slugTaken", undefined, "slug");
  }
  const slug = input.slug ?? (await freeSlug(slugify(input.title)));
  const plan = renderPlan(input.bodyMd, input.timeline);
  const created = await db().$transaction(async (tx) => {
    const last = await tx.consultation.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
    const consultation = await tx.consultation.create({
      data: {
        number: (last?.number ?? 0) + 1,
        slug,
        ...draftFields(input),
        createdById: actor.id,
        createdAt: now,
        versions: { create: { number: 1, ...plan, createdById: actor.id, createdAt: now } },
      },
      select: { id: true, slug: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "consultation.create",
      subjectType: "consultation",
      subjectId: consultation.id,
      consultationId: consultation.id,
    });
    return consultation;
  });
  return { ok: true, ...created };
}

/** Edits a draft in place (its only version); published plans are revised instead. */
export async function updateDraft({
  actor,
  consultationId,
  input,
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  input: DraftInput;
  locale?: Locale;
}): Promise<{ ok: true; slug: string } | Refused> {
  const found = await consultationToChange(actor, "consultation.draft", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  if (current.publishedAt) return refusal(locale, 409, "consultations.manage.refusal.draftPublished");
  let slug = current.slug;
  if (input.slug && input.slug !== current.slug) {
    const taken = RESERVED_SLUGS.has(input.slug) || (await db().consultation.findUnique({ where: { slug: input.slug }, select: { id: true } }));
    if (taken) return refusal(locale, 409, "consultations.manage.refusal.slugTaken", undefined, "slug");
    slug = input.slug;
  }
  const plan = renderPlan(input.bodyMd, input.timeline);
  await db().$transaction(async (tx) => {
    await tx.consultation.update({
      where: { id: consultationId },
      data: {
        slug,
        ...draftFields(input),
      },
    });
    await tx.planVersion.update({ where: { id: current.versions[0].id }, data: plan });
    await recordAudit(tx, { actorId: actor.id, action: "consultation.edit-draft", subjectType: "consultation", subjectId: consultationId, consultationId });
  });
  return { ok: true, slug };
}

/** Publishes a draft with its comment window. The window must last at least MIN_COMMENT_DAYS. */
export async function publishConsultation({
  actor,
  consultationId,
  opensAt,
  closesAt,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  opensAt: Date;
  closesAt: Date;
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  const found = await consultationToChange(actor, "consultation.publish", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  if (current.publishedAt) return refusal(locale, 409, "consultations.manage.refusal.alreadyPublished");
  if (opensAt.getTime() < now.getTime() - 3600_000) return refusal(locale, 400, "consultations.manage.refusal.opensInPast", undefined, "opensAt");
  const days = await minCommentDays();
  const earliestClose = new Date(opensAt.getTime() + days * DAY_MS);
  if (closesAt < earliestClose) {
    const values = { days, date: formatUtcIn(earliestClose, locale) };
    return refusal(locale, 400, "consultations.manage.refusal.periodTooShort", values, "closesAt");
  }
  await db().$transaction(async (tx) => {
    // Conditional update: a double submit publishes once.
    const { count } = await tx.consultation.updateMany({ where: { id: consultationId, publishedAt: null }, data: { publishedAt: now, opensAt, closesAt } });
    if (count !== 1) return;
    await tx.planVersion.update({ where: { id: current.versions[0].id }, data: { publishedAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "consultation.publish",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      isPublic: true,
      data: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() },
    });
    await recordEvent(tx, { type: "consultation.published", payload: {}, consultationId, actorId: actor.id, createdAt: now });
  });
  return { ok: true };
}

/** Publishes a new plan version; earlier versions stay readable and comparable. */
export async function reviseConsultation({
  actor,
  consultationId,
  bodyMd,
  changeSummary,
  timeline,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  bodyMd: string;
  changeSummary: string;
  timeline: Milestone[];
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true; version: number } | Refused> {
  const found = await consultationToChange(actor, "consultation.revise", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  const status = consultationStatus(current, now);
  if (status === "draft") return refusal(locale, 409, "consultations.manage.refusal.reviseDraft");
  if (status === "withdrawn" || status === "concluded") return refusal(locale, 409, "consultations.manage.refusal.reviseFinished", { status });
  const latest = current.versions[0];
  if (latest.bodyMd === bodyMd && latest.timelineJson === JSON.stringify(timeline)) {
    return refusal(locale, 400, "consultations.manage.refusal.sameText", undefined, "bodyMd");
  }
  const plan = renderPlan(bodyMd, timeline);
  const version = latest.number + 1;
  await db().$transaction(async (tx) => {
    await tx.planVersion.create({ data: { consultationId, number: version, ...plan, changeSummary, createdById: actor.id, createdAt: now, publishedAt: now } });
    await tx.consultation.update({ where: { id: consultationId }, data: { searchText: searchTextOf(current.title, current.summary, bodyMd) } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "consultation.revise",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      isPublic: true,
      data: { version, changeSummary },
    });
    await recordEvent(tx, { type: "consultation.revised", payload: { version }, consultationId, actorId: actor.id, createdAt: now });
  });
  return { ok: true, version };
}

/** A shortened period still runs this long after now (and after its opening): followers must hear of it in time. */
export const MIN_SHORTENED_NOTICE_HOURS = 24;

type ClosingChangeInput = { actor: Actor; consultationId: string; closesAt: Date; reason: string; now?: Date; locale?: Locale };

/** Moves the closing later, with a public reason. A closed (not concluded) period may be reopened. */
export async function extendClosing(input: ClosingChangeInput): Promise<{ ok: true } | Refused> {
  const { actor, consultationId, closesAt, reason, now = new Date(), locale = DEFAULT_LOCALE } = input;
  const found = await consultationToChange(actor, "consultation.extend", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  const status = consultationStatus(current, now);
  if (!["upcoming", "open", "closed"].includes(status)) return refusal(locale, 409, "consultations.manage.refusal.extendNotNow", { status });
  if (await isRepeatedChange({ actor, consultationId, closesAt, reason, current: current.closesAt! })) return { ok: true };
  if (closesAt <= current.closesAt!) {
    return refusal(locale, 400, "consultations.manage.refusal.extendNotLater", { date: formatUtcIn(current.closesAt!, locale) }, "closesAt");
  }
  if (closesAt <= now) return refusal(locale, 400, "consultations.manage.refusal.extendInPast", undefined, "closesAt");
  await changeClosing({ actor, consultationId, previousClosesAt: current.closesAt!, closesAt, reason, now, kind: "extended" });
  return { ok: true };
}

/**
 * Moves the closing earlier, with a public reason (a period opened with the wrong date). Only
 * while the period is upcoming or open, and never to less than MIN_SHORTENED_NOTICE_HOURS after
 * now and after the opening: the change and its reason must reach the followers before it
 * takes effect. Compared on the server, in UTC.
 */
export async function shortenClosing(input: ClosingChangeInput): Promise<{ ok: true } | Refused> {
  const { actor, consultationId, closesAt, reason, now = new Date(), locale = DEFAULT_LOCALE } = input;
  const found = await consultationToChange(actor, "consultation.shorten", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  const status = consultationStatus(current, now);
  if (status === "closed") return refusal(locale, 409, "consultations.manage.refusal.shortenClosed");
  if (status !== "upcoming" && status !== "open") return refusal(locale, 409, "consultations.manage.refusal.shortenNotNow", { status });
  if (await isRepeatedChange({ actor, consultationId, closesAt, reason, current: current.closesAt! })) return { ok: true };
  if (closesAt >= current.closesAt!) {
    return refusal(locale, 400, "consultations.manage.refusal.shortenNotEarlier", { date: formatUtcIn(current.closesAt!, locale) }, "closesAt");
  }
  const from = status === "upcoming" ? current.opensAt! : now;
  const earliest = new Date(from.getTime() + MIN_SHORTENED_NOTICE_HOURS * 3600_000);
  if (closesAt < earliest) {
    // Two rules (after the opening, or ahead of the followers), each also worded for a closing in the past.
    const rule = status === "upcoming" ? "AfterOpening" : "Notice";
    const values = { hours: MIN_SHORTENED_NOTICE_HOURS, date: formatUtcIn(earliest, locale) };
    return refusal(locale, 400, `consultations.manage.refusal.shorten${closesAt <= now ? "Past" : ""}${rule}`, values, "closesAt");
  }
  await changeClosing({ actor, consultationId, previousClosesAt: current.closesAt!, closesAt, reason, now, kind: "shortened" });
  return { ok: true };
}

/** A second submit of the change just made (same person, time and reason) is the same change. */
async function isRepeatedChange({
  actor,
  consultationId,
  closesAt,
  reason,
  current,
}: {
  actor: Actor;
  consultationId: string;
  closesAt: Date;
  reason: string;
  current: Date;
}) {
  if (closesAt.getTime() !== current.getTime()) return false;
  const last = await db().closingExtension.findFirst({
    where: { consultationId },
    orderBy: { createdAt: "desc" },
    select: { newClosesAt: true, reason: true, createdById: true },
  });
  return !!last && last.newClosesAt.getTime() === closesAt.getTime() && last.reason === reason && last.createdById === actor.id;
}

/** Writes a change of the closing: the row, its public audit event and the followers' notification, at once. */
async function changeClosing({
  actor,
  consultationId,
  previousClosesAt,
  closesAt,
  reason,
  now,
  kind,
}: {
  actor: Actor;
  consultationId: string;
  previousClosesAt: Date;
  closesAt: Date;
  reason: string;
  now: Date;
  kind: ClosingChangeKind;
}) {
  await db().$transaction(async (tx) => {
    // Conditional on the closing read: of two concurrent changes only the first is written.
    const { count } = await tx.consultation.updateMany({
      where: { id: consultationId, closesAt: previousClosesAt, withdrawnAt: null, concludedAt: null },
      data: { closesAt },
    });
    if (count !== 1) return;
    await tx.closingExtension.create({ data: { consultationId, previousClosesAt, newClosesAt: closesAt, reason, createdById: actor.id, createdAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: kind === "extended" ? "consultation.extend" : "consultation.shorten",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      isPublic: true,
      data: { previousClosesAt: previousClosesAt.toISOString(), newClosesAt: closesAt.toISOString(), reason },
    });
    await recordEvent(tx, {
      type: kind === "extended" ? "consultation.extended" : "consultation.shortened",
      payload: { reason, previousClosesAt, closesAt },
      consultationId,
      actorId: actor.id,
      createdAt: now,
    });
  });
}

export async function withdrawConsultation({
  actor,
  consultationId,
  reason,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  reason: string;
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  const found = await consultationToChange(actor, "consultation.withdraw", consultationId, locale);
  if (!found.ok) return found;
  const current = found.consultation;
  const status = consultationStatus(current, now);
  if (status === "draft") return refusal(locale, 409, "consultations.manage.refusal.withdrawDraft");
  if (status === "withdrawn" || status === "concluded") return refusal(locale, 409, "consultations.manage.refusal.withdrawFinished", { status });
  await db().$transaction(async (tx) => {
    const { count } = await tx.consultation.updateMany({
      where: { id: consultationId, withdrawnAt: null },
      data: { withdrawnAt: now, withdrawnReason: reason },
    });
    if (count !== 1) return;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "consultation.withdraw",
      subjectType: "consultation",
      subjectId: consultationId,
      consultationId,
      isPublic: true,
      data: { reason },
    });
    await recordEvent(tx, { type: "consultation.withdrawn", payload: {}, consultationId, actorId: actor.id, createdAt: now });
  });
  return { ok: true };
}

// ------------------------------------------------------------------ reading one consultation

/** The fields of a consultation shown on its page and its staff page. */
const consultationFields = {
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
  contactEmail: true,
  publishedAt: true,
  opensAt: true,
  closesAt: true,
  withdrawnAt: true,
} as const;

export type Viewer = { id?: string; isStaff: boolean };

/** A consultation as every reader's page starts from it (shared until public content changes). */
function consultationRecord(slug: string) {
  return memoPublic(`consultation:${slug}`, async () => {
    const c = await db().consultation.findUnique({
      where: { slug },
      select: {
        ...consultationFields,
        withdrawnReason: true,
        concludedAt: true,
        commentCount: true,
        versions: {
          orderBy: { number: "desc" },
          select: { id: true, number: true, publishedAt: true, createdAt: true, changeSummary: true, contentHash: true },
        },
        extensions: { orderBy: { createdAt: "asc" }, select: { previousClosesAt: true, newClosesAt: true, reason: true, createdAt: true } },
        dugReviews: {
          orderBy: { round: "desc" },
          take: 1,
          select: { round: true, outcome: true, decidedAt: true, deadline: true, planVersion: { select: { number: true } } },
        },
      },
    });
    return c ? { c, events: await publicEvents(c.id) } : null;
  });
}

/** One plan version's stored text and its parsed headings and timeline (shared). */
function planVersionText(id: string) {
  return memoPublic(`plan:${id}`, async () => {
    const plan = await db().planVersion.findUniqueOrThrow({
      where: { id },
      select: { number: true, bodyHtml: true, headingsJson: true, timelineJson: true, changeSummary: true, publishedAt: true, createdAt: true },
    });
    return {
      number: plan.number,
      html: plan.bodyHtml,
      headings: JSON.parse(plan.headingsJson) as { id: string; level: number; text: string }[],
      timeline: JSON.parse(plan.timelineJson) as Milestone[],
      changeSummary: plan.changeSummary,
      publishedAt: plan.publishedAt,
    };
  });
}

/**
 * Everything the consultation page shows except the comments. Drafts exist only for staff.
 * `versionNumber` picks an earlier plan version (every version stays readable).
 */
export async function getConsultationPage({
  slug,
  viewer,
  versionNumber,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  slug: string;
  viewer: Viewer;
  versionNumber?: number;
  now?: Date;
  /** The language of the history's wording. */
  locale?: Locale;
}) {
  const record = await consultationRecord(slug);
  if (!record) return null;
  const { c, events } = record;
  const status = consultationStatus(c, now);
  if (status === "draft" && !viewer.isStaff) return null;
  const visibleVersions = c.versions.filter((v) => v.publishedAt || viewer.isStaff);
  const current = visibleVersions[0];
  const shown = versionNumber ? visibleVersions.find((v) => v.number === versionNumber) : current;
  if (!current || !shown) return null;
  const plan = await planVersionText(shown.id);
  const latestReview = c.dugReviews[0] ?? null;
  const agreed = latestReview?.outcome === "agreed";
  return {
    consultation: { ...c, versions: undefined, dugReviews: undefined, extensions: undefined },
    status,
    awaitingDug: c.dugRequired && !agreed && (status === "open" || status === "closed"),
    dug: latestReview
      ? {
          round: latestReview.round,
          outcome: latestReview.outcome,
          decidedAt: latestReview.decidedAt,
          deadline: latestReview.deadline,
          version: latestReview.planVersion.number,
        }
      : null,
    versions: visibleVersions.map(({ id: _id, ...v }) => v),
    currentVersion: current.number,
    plan: { ...plan, isCurrent: plan.number === current.number },
    extensions: c.extensions,
    // Worded once per language and generation of public content, like the record it comes from.
    history: await memoPublic(`history:${slug}:${locale}`, async () => historyIn(events, locale)),
  };
}

/** The two plan texts to compare, or null when either version is not public. */
export async function getVersionsToCompare({ slug, from, to, viewer }: { slug: string; from: number; to: number; viewer: Viewer }) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      publishedAt: true,
      versions: { orderBy: { number: "asc" }, select: { number: true, bodyMd: true, publishedAt: true, changeSummary: true } },
    },
  });
  if (!c || (!c.publishedAt && !viewer.isStaff)) return null;
  const versions = c.versions.filter((v) => v.publishedAt || viewer.isStaff);
  const a = versions.find((v) => v.number === from);
  const b = versions.find((v) => v.number === to);
  if (!a || !b) return null;
  return {
    consultation: { number: c.number, slug: c.slug, title: c.title },
    versions: versions.map((v) => ({ number: v.number, publishedAt: v.publishedAt, changeSummary: v.changeSummary })),
    from: a,
    to: b,
  };
}

/** What the staff management page needs: the editable fields and the current plan source. */
export async function getConsultationForStaff(slug: string, now = new Date()) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      ...consultationFields,
      concludedAt: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, bodyMd: true, timelineJson: true } },
    },
  });
  if (!c) return null;
  const latest = c.versions[0];
  return {
    ...c,
    versions: undefined,
    status: consultationStatus(c, now),
    plan: { number: latest.number, bodyMd: latest.bodyMd, timeline: JSON.parse(latest.timelineJson) as Milestone[] },
    minCommentDays: await minCommentDays(),
    minShortenedNoticeHours: MIN_SHORTENED_NOTICE_HOURS,
  };
}

const CONSULTATION_REF_BY_SLUG = statement<[slug: string]>()(
  `SELECT "id", "number", "slug", "publishedAt" IS NOT NULL AS "published" FROM "Consultation" WHERE "slug" = ?`,
  {
    id: column.text,
    number: column.int,
    slug: column.text,
    published: column.bool,
  },
);

/** The few fields a comment action needs (id, number, slug); drafts exist only for staff. */
export async function findConsultationRef({ slug, viewer }: { slug: string; viewer: Viewer }) {
  // One statement of the typed SQL layer: every comment form posts through here (see docs/performance.md).
  const c = await sqlRead((sql) => sql.get(CONSULTATION_REF_BY_SLUG, [slug]));
  if (!c || (!c.published && !viewer.isStaff)) return null;
  return { id: c.id, number: c.number, slug: c.slug };
}
