/**
 * What the Atom feeds and the iCalendar files say: plain data for `atom.server.ts` and
 * `icalendar.server.ts`. Drafts never appear (neither draft consultations nor unpublished plan
 * versions); hidden and withdrawn comments are left out of the feeds.
 *
 * Ids are permanent, so feed readers and calendar clients recognise an item they have already
 * seen even after it changes:
 *   feed entries  tag:<host>,2026:consultation-<number>:published | :version-<n> | :extension-<k>
 *                 | :closed | :withdrawn | :statement-<n> | :comment-<ref>
 *   calendar UIDs consultation-<number>-opens@<host>, consultation-<number>-closes@<host>,
 *                 dug-review-<id>-deadline@<host>
 * A closing event's SEQUENCE is the number of closing extensions (plus one once withdrawn), so an
 * extended date replaces the old one in calendar clients.
 */
import { db } from "~/services/db.server";
import { absoluteUrl, env } from "~/services/env.server";
import type { AtomEntry, AtomFeed, AtomPerson } from "~/services/atom.server";
import type { Calendar, CalendarEvent } from "~/services/icalendar.server";
import { formatCommentRef } from "~/features/comments/reference";
import { closingChangeKind } from "./closing-change";
import { STATUS_SELECT } from "./status";
import { formatUtc } from "~/models/time";
import { shownName } from "~/models/names";

export const SITE_FEED_LIMIT = 50;
export const CONSULTATION_FEED_LIMIT = 100;

const SITE_TITLE = "IANA Naming Functions Consultations";
const PUBLISHER: AtomPerson = { name: "IANA Functions Manager" };
const TAG_YEAR = 2026;

function host(): string {
  return new URL(env().APP_URL).hostname;
}

/** `tag:<host>,2026:<specific>` (RFC 4151). */
function tag(specific: string): string {
  return `tag:${host()},${TAG_YEAR}:${specific}`;
}

const consultationTag = (number: number, what: string) => tag(`consultation-${number}:${what}`);
const pagePath = (slug: string) => `/consultations/${encodeURIComponent(slug)}`;
const pageUrl = (slug: string) => absoluteUrl(pagePath(slug));

type ConsultationRef = { number: number; slug: string; title: string };

const refSelect = { number: true, slug: true, title: true } as const;

const publishedConsultation = { publishedAt: { not: null }, opensAt: { not: null }, closesAt: { not: null } } as const;

/** Newest first; equal dates in a fixed order so the document is stable. */
function newestFirst(entries: AtomEntry[], limit: number): AtomEntry[] {
  return entries.sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}

// ------------------------------------------------------------------ entries, one kind at a time

function publishedEntry(c: ConsultationRef & { summary: string; category: string; publishedAt: Date; opensAt: Date }): AtomEntry {
  return {
    id: consultationTag(c.number, "published"),
    title: `Consultation ${c.number} published: ${c.title}`,
    updated: c.publishedAt,
    published: c.publishedAt,
    url: pageUrl(c.slug),
    author: PUBLISHER,
    categories: ["published", c.category],
    summary: `${c.summary}\n\nComments open on ${formatUtc(c.opensAt)}.`,
  };
}

function revisionEntry(v: { number: number; changeSummary: string | null; publishedAt: Date; consultation: ConsultationRef }): AtomEntry {
  const c = v.consultation;
  return {
    id: consultationTag(c.number, `version-${v.number}`),
    title: `Consultation ${c.number}: plan revised to version ${v.number} (${c.title})`,
    updated: v.publishedAt,
    published: v.publishedAt,
    url: absoluteUrl(`${pagePath(c.slug)}/diff?from=${v.number - 1}&to=${v.number}`),
    author: PUBLISHER,
    categories: ["revision"],
    summary: v.changeSummary?.trim() || `Version ${v.number} of the plan was published.`,
  };
}

function closedEntry(c: ConsultationRef & { closesAt: Date }): AtomEntry {
  return {
    id: consultationTag(c.number, "closed"),
    title: `Consultation ${c.number}: comment period closed (${c.title})`,
    updated: c.closesAt,
    published: c.closesAt,
    url: pageUrl(c.slug),
    author: PUBLISHER,
    categories: ["closed"],
    summary: `The comment period closed on ${formatUtc(c.closesAt)}. The plan and every comment remain public.`,
  };
}

function withdrawnEntry(c: ConsultationRef & { withdrawnAt: Date; withdrawnReason: string | null }): AtomEntry {
  return {
    id: consultationTag(c.number, "withdrawn"),
    title: `Consultation ${c.number} withdrawn: ${c.title}`,
    updated: c.withdrawnAt,
    published: c.withdrawnAt,
    url: pageUrl(c.slug),
    author: PUBLISHER,
    categories: ["withdrawn"],
    summary: c.withdrawnReason ? `Reason: ${c.withdrawnReason}` : "The consultation was withdrawn.",
  };
}

function statementEntry(s: { number: number; erratum: string | null; publishedAt: Date; consultation: ConsultationRef }): AtomEntry {
  const c = s.consultation;
  const first = s.number === 1;
  return {
    id: consultationTag(c.number, `statement-${s.number}`),
    title: first
      ? `Consultation ${c.number}: final statement published (${c.title})`
      : `Consultation ${c.number}: final statement corrected, revision ${s.number} (${c.title})`,
    updated: s.publishedAt,
    published: s.publishedAt,
    // Each revision's own address: earlier revisions stay readable.
    url: `${pageUrl(c.slug)}/statement?revision=${s.number}`,
    author: PUBLISHER,
    categories: ["statement"],
    summary: s.erratum?.trim() ? `Erratum: ${s.erratum.trim()}` : "The IFM published its response to the comments received.",
  };
}

function closingChangeEntry(c: ConsultationRef, e: { index: number; previousClosesAt: Date; newClosesAt: Date; reason: string; createdAt: Date }): AtomEntry {
  const shortened = closingChangeKind(e) === "shortened";
  return {
    // Every change keeps the id it had when changes were extensions only.
    id: consultationTag(c.number, `extension-${e.index}`),
    title: `Consultation ${c.number}: closing ${shortened ? "brought forward" : "extended"} to ${formatUtc(e.newClosesAt)} (${c.title})`,
    updated: e.createdAt,
    published: e.createdAt,
    url: pageUrl(c.slug),
    author: PUBLISHER,
    categories: [shortened ? "shortening" : "extension"],
    summary: `The closing moved from ${formatUtc(e.previousClosesAt)} to ${formatUtc(e.newClosesAt)}. Reason: ${e.reason}`,
  };
}

type FeedComment = {
  seq: number;
  sectionTitle: string | null;
  bodyHtml: string;
  isIfmReply: boolean;
  createdAt: Date;
  editedAt: Date | null;
  parent: { seq: number } | null;
  author: { displayName: string | null };
  organisation: { name: string } | null;
};

function commentEntry(c: ConsultationRef, comment: FeedComment): AtomEntry {
  const ref = formatCommentRef(c.number, comment.seq);
  const who = shownName(comment.author.displayName);
  const byline = comment.organisation ? `${who} (${comment.organisation.name})` : comment.isIfmReply ? `${who} (IFM)` : who;
  const what = comment.parent ? `Reply ${ref} to ${formatCommentRef(c.number, comment.parent.seq)}` : `Comment ${ref}`;
  const where = comment.sectionTitle ? ` on “${comment.sectionTitle}”` : "";
  return {
    id: consultationTag(c.number, `comment-${ref}`),
    title: `${what} by ${byline}${where}`,
    updated: comment.editedAt ?? comment.createdAt,
    published: comment.createdAt,
    url: absoluteUrl(`${pagePath(c.slug)}/comments/${ref}`),
    author: { name: byline },
    categories: [comment.isIfmReply ? "ifm-reply" : "comment"],
    contentHtml: comment.bodyHtml,
  };
}

// ------------------------------------------------------------------ the feeds

/** /feed.xml: new consultations, plan revisions, closings, withdrawals and final statements. */
export async function siteFeed({ now = new Date(), limit = SITE_FEED_LIMIT }: { now?: Date; limit?: number } = {}): Promise<AtomFeed> {
  const [published, versions, closings, withdrawals, statements] = await Promise.all([
    db().consultation.findMany({
      where: publishedConsultation,
      orderBy: { publishedAt: "desc" },
      take: limit,
      select: { ...refSelect, summary: true, category: true, publishedAt: true, opensAt: true },
    }),
    db().planVersion.findMany({
      where: { number: { gt: 1 }, publishedAt: { not: null }, consultation: publishedConsultation },
      orderBy: { publishedAt: "desc" },
      take: limit,
      select: { number: true, changeSummary: true, publishedAt: true, consultation: { select: refSelect } },
    }),
    db().consultation.findMany({
      where: { ...publishedConsultation, closesAt: { lte: now } },
      orderBy: { closesAt: "desc" },
      // Some are dropped below (withdrawn before they closed): read a few more.
      take: limit * 2,
      select: { ...refSelect, closesAt: true, withdrawnAt: true },
    }),
    db().consultation.findMany({
      where: { ...publishedConsultation, withdrawnAt: { not: null, lte: now } },
      orderBy: { withdrawnAt: "desc" },
      take: limit,
      select: { ...refSelect, withdrawnAt: true, withdrawnReason: true },
    }),
    db().statementRevision.findMany({
      where: { publishedAt: { lte: now }, statement: { consultation: publishedConsultation } },
      orderBy: { publishedAt: "desc" },
      take: limit,
      select: { number: true, erratum: true, publishedAt: true, statement: { select: { consultation: { select: refSelect } } } },
    }),
  ]);
  const entries: AtomEntry[] = [
    ...published.map((c) => publishedEntry({ ...c, publishedAt: c.publishedAt!, opensAt: c.opensAt! })),
    ...versions.map((v) => revisionEntry({ ...v, publishedAt: v.publishedAt! })),
    ...closings.filter((c) => !c.withdrawnAt || c.withdrawnAt >= c.closesAt!).map((c) => closedEntry({ ...c, closesAt: c.closesAt! })),
    ...withdrawals.map((c) => withdrawnEntry({ ...c, withdrawnAt: c.withdrawnAt! })),
    ...statements.map((s) => statementEntry({ ...s, consultation: s.statement.consultation })),
  ];
  return {
    id: tag("feed"),
    title: SITE_TITLE,
    subtitle: "New consultations, plan revisions, closings and final statements.",
    selfUrl: absoluteUrl("/feed.xml"),
    alternateUrl: absoluteUrl("/consultations"),
    author: PUBLISHER,
    fallbackUpdated: new Date(Date.UTC(TAG_YEAR, 0, 1)),
    entries: newestFirst(entries, limit),
  };
}

/**
 * /consultations/:slug/feed.xml: the consultation's publication, plan revisions, closing
 * extensions, closing, withdrawal, final statement and its visible comments. Null for an unknown
 * slug and for a draft.
 */
export async function consultationFeed({
  slug,
  now = new Date(),
  limit = CONSULTATION_FEED_LIMIT,
}: {
  slug: string;
  now?: Date;
  limit?: number;
}): Promise<AtomFeed | null> {
  const c = await db().consultation.findFirst({
    where: { slug, ...publishedConsultation },
    select: {
      id: true,
      ...refSelect,
      summary: true,
      category: true,
      ...STATUS_SELECT,
      withdrawnReason: true,
      versions: {
        where: { number: { gt: 1 }, publishedAt: { not: null } },
        orderBy: { number: "desc" },
        take: limit,
        select: { number: true, changeSummary: true, publishedAt: true },
      },
      extensions: { orderBy: { createdAt: "asc" }, select: { previousClosesAt: true, newClosesAt: true, reason: true, createdAt: true } },
      statement: {
        select: {
          revisions: {
            where: { publishedAt: { lte: now } },
            orderBy: { number: "desc" },
            take: limit,
            select: { number: true, erratum: true, publishedAt: true },
          },
        },
      },
    },
  });
  if (!c) return null;
  const comments = await db().comment.findMany({
    where: { consultationId: c.id, hiddenAt: null, withdrawnAt: null },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      seq: true,
      sectionTitle: true,
      bodyHtml: true,
      isIfmReply: true,
      createdAt: true,
      editedAt: true,
      parent: { select: { seq: true } },
      author: { select: { displayName: true } },
      organisation: { select: { name: true } },
    },
  });
  const ref: ConsultationRef = { number: c.number, slug: c.slug, title: c.title };
  const closesAt = c.closesAt!;
  const entries: AtomEntry[] = [
    publishedEntry({ ...c, publishedAt: c.publishedAt!, opensAt: c.opensAt! }),
    ...c.versions.map((v) => revisionEntry({ ...v, publishedAt: v.publishedAt!, consultation: ref })),
    ...c.extensions.map((e, i) => closingChangeEntry(ref, { ...e, index: i + 1 })),
    ...(closesAt <= now && (!c.withdrawnAt || c.withdrawnAt >= closesAt) ? [closedEntry({ ...ref, closesAt })] : []),
    ...(c.withdrawnAt && c.withdrawnAt <= now ? [withdrawnEntry({ ...ref, withdrawnAt: c.withdrawnAt, withdrawnReason: c.withdrawnReason })] : []),
    ...(c.statement?.revisions ?? []).map((s) => statementEntry({ ...s, consultation: ref })),
    ...comments.map((comment) => commentEntry(ref, comment)),
  ];
  return {
    id: consultationTag(c.number, "feed"),
    title: `Consultation ${c.number}: ${c.title}`,
    subtitle: c.summary,
    selfUrl: absoluteUrl(`${pagePath(c.slug)}/feed.xml`),
    alternateUrl: pageUrl(c.slug),
    author: PUBLISHER,
    fallbackUpdated: c.publishedAt!,
    entries: newestFirst(entries, limit),
  };
}

// ------------------------------------------------------------------ the calendars

const CALENDAR_PROD_ID = "-//IANA Naming Functions Consultations//Calendar 1.0//EN";
const CALENDAR_REFRESH_SECONDS = 3600;

const calendarSelect = {
  id: true,
  ...refSelect,
  summary: true,
  publishedAt: true,
  opensAt: true,
  closesAt: true,
  withdrawnAt: true,
  withdrawnReason: true,
  extensions: { orderBy: { createdAt: "asc" }, select: { previousClosesAt: true, newClosesAt: true, reason: true, createdAt: true } },
  dugReviews: {
    where: { outcome: null },
    orderBy: { round: "asc" },
    select: { id: true, round: true, openedAt: true, deadline: true, planVersion: { select: { number: true } } },
  },
} as const;

type CalendarConsultation = ConsultationRef & {
  summary: string;
  publishedAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  extensions: { previousClosesAt: Date; newClosesAt: Date; reason: string; createdAt: Date }[];
  dugReviews: { id: string; round: number; openedAt: Date; deadline: Date; planVersion: { number: number } }[];
};

const latest = (...dates: (Date | null | undefined)[]) => dates.reduce<Date | undefined>((max, d) => (d && (!max || d > max) ? d : max), undefined);

/** The opening, the closing and any open DUG review deadline of one published consultation. */
function consultationEvents(c: CalendarConsultation): CalendarEvent[] {
  const h = host();
  const url = pageUrl(c.slug);
  const publishedAt = c.publishedAt!;
  const opensAt = c.opensAt!;
  const closesAt = c.closesAt!;
  const withdrawn = !!c.withdrawnAt;
  const cancelledBump = withdrawn ? 1 : 0;
  const suffix = withdrawn ? " (withdrawn)" : "";
  const withdrawal = withdrawn
    ? `\n\nThis consultation was withdrawn on ${formatUtc(c.withdrawnAt!)}${c.withdrawnReason ? `. Reason: ${c.withdrawnReason}` : "."}`
    : "";
  const extensions = c.extensions
    .map(
      (e) =>
        `\nClosing ${closingChangeKind(e) === "shortened" ? "brought forward" : "extended"} on ${formatUtc(e.createdAt)} from ${formatUtc(e.previousClosesAt)} to ${formatUtc(e.newClosesAt)}. Reason: ${e.reason}`,
    )
    .join("");
  const events: CalendarEvent[] = [
    {
      uid: `consultation-${c.number}-opens@${h}`,
      start: opensAt,
      durationSeconds: 0,
      summary: `Consultation ${c.number} opens for comment: ${c.title}${suffix}`,
      description: `${c.summary}\n\nComments are accepted from ${formatUtc(opensAt)}.${withdrawal}\n\n${url}`,
      url,
      sequence: cancelledBump,
      created: publishedAt,
      lastModified: latest(publishedAt, c.withdrawnAt),
      cancelled: withdrawn,
      categories: ["Consultation opens"],
    },
    {
      uid: `consultation-${c.number}-closes@${h}`,
      start: closesAt,
      durationSeconds: 0,
      summary: `Consultation ${c.number} closes for comment: ${c.title}${suffix}`,
      description: `${c.summary}\n\nThe comment period closes at ${formatUtc(closesAt)}.${extensions}${withdrawal}\n\n${url}`,
      url,
      sequence: c.extensions.length + cancelledBump,
      created: publishedAt,
      lastModified: latest(publishedAt, c.extensions.at(-1)?.createdAt, c.withdrawnAt),
      cancelled: withdrawn,
      categories: ["Consultation closes"],
    },
  ];
  for (const r of c.dugReviews) {
    events.push({
      uid: `dug-review-${r.id}-deadline@${h}`,
      start: r.deadline,
      durationSeconds: 0,
      summary: `DUG review deadline, consultation ${c.number} (round ${r.round}): ${c.title}${suffix}`,
      description: `The deadline for the Direct User Group's positions on version ${r.planVersion.number} of the plan.${withdrawal}\n\n${url}`,
      url,
      sequence: cancelledBump,
      created: r.openedAt,
      lastModified: latest(r.openedAt, c.withdrawnAt),
      cancelled: withdrawn,
      categories: ["DUG review deadline"],
    });
  }
  return events;
}

/** /calendar.ics: every published consultation's opening and closing, and open DUG review deadlines. */
export async function siteCalendar(): Promise<Calendar> {
  const consultations = await db().consultation.findMany({ where: publishedConsultation, orderBy: { number: "asc" }, select: calendarSelect });
  return {
    prodId: CALENDAR_PROD_ID,
    name: SITE_TITLE,
    description: "Openings and closings of the comment periods, and DUG review deadlines.",
    refreshSeconds: CALENDAR_REFRESH_SECONDS,
    events: consultations.flatMap(consultationEvents),
  };
}

/** /consultations/:slug/calendar.ics; null for an unknown slug and for a draft. */
export async function consultationCalendar({ slug }: { slug: string }): Promise<Calendar | null> {
  const c = await db().consultation.findFirst({ where: { slug, ...publishedConsultation }, select: calendarSelect });
  if (!c) return null;
  return {
    prodId: CALENDAR_PROD_ID,
    name: `Consultation ${c.number}: ${c.title}`,
    description: c.summary,
    refreshSeconds: CALENDAR_REFRESH_SECONDS,
    events: consultationEvents(c),
  };
}
