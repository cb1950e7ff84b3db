/**
 * The final response statement as data: its vocabulary, its input and its content. Pure: no
 * database, no server imports, so pages can use the vocabulary and tests can feed known data.
 * Its two renderings are statement-html.ts and statement-markdown.ts (with charts.ts).
 *
 * generator.server.ts gathers the data (StatementInput) from the database, calls
 * buildStatementContent() and renders; a published revision freezes the three results
 * (contentJson, html, markdown) and the SHA-256 of contentJson.
 *
 * The HTML is generated, not rendered by React: it is stored with the revision and served as-is.
 * Every piece of user text is escaped; the only HTML taken as-is is markdown already rendered by
 * app/services/markdown.server.ts (sanitised when it was saved).
 */
import { diffPlans, type DiffPart } from "~/features/consultations/plan-diff";
import type { MessageId } from "~/i18n/message-id";
import type { Locale } from "~/services/language";
import { statementFilePath, type StatementFileEntry } from "./statement-files";

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const DISPOSITIONS = ["accepted", "partially_accepted", "not_accepted", "out_of_scope", "noted"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
/** Short labels for badges and tables, in English (the exports and the mail summary; pages use DISPOSITION_IDS). */
export const DISPOSITION_SHORT: Record<Disposition, string> = {
  accepted: "Accepted",
  partially_accepted: "Partially accepted",
  not_accepted: "Not accepted",
  out_of_scope: "Out of scope",
  noted: "Noted",
};

/** Kinds of commenter in the participation figures. */
export const COMMENTER_KINDS = ["cctld", "gtld", "individual"] as const;
export type CommenterKind = (typeof COMMENTER_KINDS)[number];
export const COMMENTER_KIND_LABELS: Record<CommenterKind, string> = {
  cctld: "On behalf of ccTLD managers",
  gtld: "On behalf of gTLD registries",
  individual: "Individuals",
};

/** Rows of the response table per page of the public statement page (the whole table is in the exports). */
export const RESPONSES_PER_PAGE = 500;

/** The anchor of a comment's row in the response table: "response-4-17". */
export function responseAnchor(ref: string): string {
  return `response-${ref}`;
}

/** The statement page's address of a comment's response (the page of the table it is on). */
export function responsePath(slug: string, ref: string, index: number): string {
  const page = Math.floor(index / RESPONSES_PER_PAGE) + 1;
  return `/consultations/${slug}/statement${page > 1 ? `?responses=${page}` : ""}#${responseAnchor(ref)}`;
}

// ---------------------------------------------------------------------------------------------
// Input (what the server gathers) and content (what is frozen)

/** `translated`: a published translation in the page's language (never in a revision's content). */
export type Rendered = { md: string; html: string; translated?: boolean };
export type Milestone = { date: string; label: string };

export type StatementCommentInput = {
  seq: number;
  parentSeq: number | null;
  createdAt: Date;
  authorId: string;
  authorName: string;
  organisation: { id: string; name: string; kind: string } | null;
  section: { id: string; title: string } | null;
  planVersionNumber: number;
  state: "visible" | "hidden" | "withdrawn";
  isIfmReply: boolean;
  themes: string[];
  /** The language the comment is written in, when recorded. */
  language?: string;
  disposition: {
    disposition: string;
    responseMd: string;
    responseHtml: string;
    planVersionNumber: number | null;
    sectionId: string | null;
  } | null;
};

export type StatementInput = {
  consultation: {
    number: number;
    slug: string;
    title: string;
    summary: string;
    category: string;
    affected: string;
    basis: string;
    opensAt: Date;
    closesAt: Date;
    contactName: string;
    contactEmail: string;
  };
  extensions: { previousClosesAt: Date; newClosesAt: Date; reason: string; createdAt: Date }[];
  /** Published plan versions, oldest first. */
  versions: {
    number: number;
    publishedAt: Date;
    changeSummary: string | null;
    contentHash: string;
    bodyMd: string;
    headings: { id: string; text: string }[];
    timeline: Milestone[];
  }[];
  /** Every comment, in reference order. */
  comments: StatementCommentInput[];
  themes: { name: string; summary: Rendered }[];
  intro: Rendered;
  analysis: Rendered;
  nextSteps: Rendered;
  dug: { round: number; outcome: string; decidedAt: Date | null; planVersion: number; recordHash: string | null; conditions: string[] } | null;
  revision: { number: number; publishedAt: Date; erratum: string | null } | null;
  /** The files on the statement's draft (published with it). */
  files?: { position: number; fileName: string; mediaType: string; size: number; sha256: string }[];
};

export type StatementResponse = {
  ref: string;
  parentRef: string | null;
  author: string;
  organisation: string | null;
  organisationKind: string | null;
  section: string | null;
  sectionId: string | null;
  themes: string[];
  /** The language the comment is written in, when recorded (the table's link to it says so). */
  language?: string;
  /** Null only in a preview: not answered yet. */
  disposition: Disposition | null;
  responseMd: string;
  responseHtml: string;
  /** Where the change was made, when the IFM said so. */
  changedIn: { planVersion: number; sectionId: string | null; section: string | null } | null;
};

export type StatementContent = {
  format: 1;
  consultation: StatementInput["consultation"] & { opensAt: string; closesAt: string };
  revision: { number: number; publishedAt: string; erratum: string | null } | null;
  overview: {
    originalClosesAt: string;
    extensions: { previousClosesAt: string; newClosesAt: string; reason: string; at: string }[];
    versions: { number: number; publishedAt: string; changeSummary: string | null; contentHash: string; duringPeriod: boolean }[];
    commentedVersion: number;
    finalVersion: number;
  };
  intro: Rendered;
  participation: {
    comments: number;
    threads: number;
    replies: number;
    commenters: number;
    organisations: number;
    individuals: number;
    commentsByKind: Record<CommenterKind, number>;
    commentersByKind: Record<CommenterKind, number>;
    organisationsByKind: { cctld: number; gtld: number };
    ifmReplies: number;
    hidden: number;
    withdrawn: number;
    bySection: { sectionId: string | null; section: string; comments: number }[];
    byDay: { date: string; comments: number }[];
  };
  /** `nameTranslated`: the name is a published translation in the page's language (never in a revision's content). */
  themes: { name: string; nameTranslated?: boolean; summary: Rendered; refs: string[] }[];
  analysis: Rendered;
  dispositionCounts: Record<Disposition, number>;
  unanswered: number;
  responses: StatementResponse[];
  changes: { from: number; to: number; addedWords: number; removedWords: number; parts: DiffPart[] } | null;
  dug: { round: number; outcome: string; decidedAt: string | null; planVersion: number; recordHash: string | null; conditions: string[]; path: string } | null;
  nextSteps: Rendered;
  timeline: Milestone[];
  /** The statement's own files, with their SHA-256: hashed with the rest, so a revision's files cannot change unseen. */
  files: StatementFileEntry[];
};

// ---------------------------------------------------------------------------------------------
// Building

const iso = (d: Date) => d.toISOString();
export const day = (d: Date) => d.toISOString().slice(0, 10);

function kindOf(c: { organisation: { kind: string } | null }): CommenterKind {
  if (!c.organisation) return "individual";
  return c.organisation.kind === "gtld" ? "gtld" : "cctld";
}

/**
 * The statement's content from its data. Counts are of the public's comments (replies included)
 * that are visible; IFM replies, hidden and withdrawn comments are counted apart.
 */
export function buildStatementContent(input: StatementInput): StatementContent {
  const c = input.consultation;
  const ref = (seq: number) => `${c.number}-${seq}`;
  const publicComments = input.comments.filter((x) => !x.isIfmReply);
  const visible = publicComments.filter((x) => x.state === "visible");

  // Participation
  const commentsByKind: Record<CommenterKind, number> = { cctld: 0, gtld: 0, individual: 0 };
  const commenterKinds = new Map<string, Set<CommenterKind>>();
  const organisations = new Map<string, string>();
  const individuals = new Set<string>();
  const sections = new Map<string, { sectionId: string | null; section: string; comments: number }>();
  const days = new Map<string, number>();
  for (const x of visible) {
    const kind = kindOf(x);
    commentsByKind[kind] += 1;
    const kinds = commenterKinds.get(x.authorId) ?? new Set<CommenterKind>();
    kinds.add(kind);
    commenterKinds.set(x.authorId, kinds);
    if (x.organisation) organisations.set(x.organisation.id, x.organisation.kind === "gtld" ? "gtld" : "cctld");
    else individuals.add(x.authorId);
    const key = x.section?.id ?? "";
    const s = sections.get(key) ?? { sectionId: x.section?.id ?? null, section: x.section?.title ?? "The plan as a whole", comments: 0 };
    s.comments += 1;
    sections.set(key, s);
    const d = day(x.createdAt);
    days.set(d, (days.get(d) ?? 0) + 1);
  }
  const commentersByKind: Record<CommenterKind, number> = { cctld: 0, gtld: 0, individual: 0 };
  for (const kinds of commenterKinds.values()) for (const k of kinds) commentersByKind[k] += 1;
  const organisationsByKind = { cctld: 0, gtld: 0 };
  for (const kind of organisations.values()) organisationsByKind[kind as "cctld" | "gtld"] += 1;

  // Sections in the order of the final plan, then sections of earlier versions, then "the plan as a whole".
  const finalVersion = input.versions[input.versions.length - 1];
  const rank = new Map<string, number>();
  input.versions
    .slice()
    .reverse()
    .forEach((v, vi) => v.headings.forEach((h, hi) => (rank.has(h.id) ? null : rank.set(h.id, vi * 10_000 + hi))));
  const bySection = [...sections.values()].sort(
    (a, b) =>
      (a.sectionId === null ? 1e9 : (rank.get(a.sectionId) ?? 1e8)) - (b.sectionId === null ? 1e9 : (rank.get(b.sectionId) ?? 1e8)) ||
      a.section.localeCompare(b.section),
  );

  // Every day of the period (UTC), so quiet days show as zero.
  const byDay: { date: string; comments: number }[] = [];
  const start = Date.UTC(c.opensAt.getUTCFullYear(), c.opensAt.getUTCMonth(), c.opensAt.getUTCDate());
  const lastActivity = visible.reduce((m, x) => Math.max(m, x.createdAt.getTime()), c.closesAt.getTime() - 1);
  for (let t = start; t <= lastActivity && byDay.length < 400; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    byDay.push({ date: d, comments: days.get(d) ?? 0 });
  }

  // Themes: each with the visible comments tagged with it.
  const themes = input.themes.map((t) => ({ name: t.name, summary: t.summary, refs: visible.filter((x) => x.themes.includes(t.name)).map((x) => ref(x.seq)) }));

  // Responses
  const dispositionCounts = Object.fromEntries(DISPOSITIONS.map((d) => [d, 0])) as Record<Disposition, number>;
  let unanswered = 0;
  const headingTitle = (version: number | null, id: string | null) => {
    if (!id) return null;
    const v = input.versions.find((x) => x.number === version) ?? finalVersion;
    return v?.headings.find((h) => h.id === id)?.text ?? input.versions.flatMap((x) => x.headings).find((h) => h.id === id)?.text ?? id;
  };
  const responses: StatementResponse[] = visible.map((x) => {
    const d = x.disposition && (DISPOSITIONS as readonly string[]).includes(x.disposition.disposition) ? x.disposition : null;
    if (d) dispositionCounts[d.disposition as Disposition] += 1;
    else unanswered += 1;
    return {
      ref: ref(x.seq),
      parentRef: x.parentSeq ? ref(x.parentSeq) : null,
      author: x.authorName,
      organisation: x.organisation?.name ?? null,
      organisationKind: x.organisation?.kind ?? null,
      section: x.section?.title ?? null,
      sectionId: x.section?.id ?? null,
      themes: x.themes,
      ...(x.language ? { language: x.language } : {}),
      disposition: d ? (d.disposition as Disposition) : null,
      responseMd: d?.responseMd ?? "",
      responseHtml: d?.responseHtml ?? "",
      changedIn:
        d && (d.planVersionNumber || d.sectionId)
          ? { planVersion: d.planVersionNumber ?? finalVersion.number, sectionId: d.sectionId, section: headingTitle(d.planVersionNumber, d.sectionId) }
          : null,
    };
  });

  // Changes: the version put out for comment (the first published) against the final one.
  const first = input.versions[0];
  let changes: StatementContent["changes"] = null;
  if (first && finalVersion && first.number !== finalVersion.number) {
    const diff = diffPlans(first.bodyMd, finalVersion.bodyMd);
    changes = { from: first.number, to: finalVersion.number, ...diff };
  }

  const originalClosesAt = input.extensions.length ? input.extensions[0].previousClosesAt : c.closesAt;
  return {
    format: 1,
    consultation: { ...c, opensAt: iso(c.opensAt), closesAt: iso(c.closesAt) } as StatementContent["consultation"],
    revision: input.revision ? { number: input.revision.number, publishedAt: iso(input.revision.publishedAt), erratum: input.revision.erratum } : null,
    overview: {
      originalClosesAt: iso(originalClosesAt),
      extensions: input.extensions.map((e) => ({
        previousClosesAt: iso(e.previousClosesAt),
        newClosesAt: iso(e.newClosesAt),
        reason: e.reason,
        at: iso(e.createdAt),
      })),
      versions: input.versions.map((v) => ({
        number: v.number,
        publishedAt: iso(v.publishedAt),
        changeSummary: v.changeSummary,
        contentHash: v.contentHash,
        duringPeriod: v.publishedAt < c.closesAt,
      })),
      commentedVersion: first?.number ?? 1,
      finalVersion: finalVersion?.number ?? 1,
    },
    intro: input.intro,
    participation: {
      comments: visible.length,
      threads: visible.filter((x) => x.parentSeq === null).length,
      replies: visible.filter((x) => x.parentSeq !== null).length,
      commenters: commenterKinds.size,
      organisations: organisations.size,
      individuals: individuals.size,
      commentsByKind,
      commentersByKind,
      organisationsByKind,
      ifmReplies: input.comments.filter((x) => x.isIfmReply && x.state === "visible").length,
      hidden: publicComments.filter((x) => x.state === "hidden").length,
      withdrawn: publicComments.filter((x) => x.state === "withdrawn").length,
      bySection,
      byDay,
    },
    themes,
    analysis: input.analysis,
    dispositionCounts,
    unanswered,
    responses,
    changes,
    dug: input.dug
      ? {
          round: input.dug.round,
          outcome: input.dug.outcome,
          decidedAt: input.dug.decidedAt ? iso(input.dug.decidedAt) : null,
          planVersion: input.dug.planVersion,
          recordHash: input.dug.recordHash,
          conditions: input.dug.conditions,
          path: `/consultations/${c.slug}/dug`,
        }
      : null,
    nextSteps: input.nextSteps,
    timeline: finalVersion?.timeline ?? [],
    files: [...(input.files ?? [])].sort((a, b) => a.position - b.position).map((f) => ({ ...f, path: statementFilePath(c.slug, f.position) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by both renderings

/**
 * The words of a rendering in one language (statement-words.server.ts makes them from the
 * catalogue): messages (a tag's value wraps its text in markup), dates and numbers. English gives
 * the published revision's HTML byte for byte.
 */
export type StatementWords = {
  locale: Locale;
  say: (id: MessageId, values?: Record<string, string | number | ((chunks: string[]) => string)>) => string;
  date: (isoString: string, withTime?: boolean) => string;
  num: (x: number) => string;
  /** A link of the app in the language's pages (the English revision's links are unprefixed). */
  path: (path: string) => string;
};

export const DISPOSITION_IDS: Record<Disposition, { long: MessageId; short: MessageId }> = {
  accepted: { long: "statement.disposition.accepted", short: "statement.dispositionShort.accepted" },
  partially_accepted: { long: "statement.disposition.partially_accepted", short: "statement.dispositionShort.partially_accepted" },
  not_accepted: { long: "statement.disposition.not_accepted", short: "statement.dispositionShort.not_accepted" },
  out_of_scope: { long: "statement.disposition.out_of_scope", short: "statement.dispositionShort.out_of_scope" },
  noted: { long: "statement.disposition.noted", short: "statement.dispositionShort.noted" },
};

/** The message of a disposition (its stored value when it is none the statement knows). */
export function dispositionId(value: string, short = false): MessageId | null {
  const ids = (DISPOSITION_IDS as Record<string, { long: MessageId; short: MessageId }>)[value];
  return ids ? (short ? ids.short : ids.long) : null;
}

export const COMMENTER_KIND_IDS: Record<CommenterKind, MessageId> = {
  cctld: "statement.kind.cctld",
  gtld: "statement.kind.gtld",
  individual: "statement.kind.individual",
};

export const OUTCOME_IDS: Record<string, MessageId> = {
  agreed: "statement.outcome.agreed",
  not_agreed: "statement.outcome.not_agreed",
  lapsed: "statement.outcome.lapsed",
};

export const utc = (isoString: string, withTime = true) => (withTime ? `${isoString.slice(0, 10)} ${isoString.slice(11, 16)} UTC` : isoString.slice(0, 10));
export const n = (x: number) => x.toLocaleString("en-US");
export const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : "0 %");

export const OUTCOME_LABELS: Record<string, string> = { agreed: "Agreed", not_agreed: "Not agreed", lapsed: "Lapsed (no decision by the deadline)" };

/** The sections of the statement, in order, for the table of contents. */
export const STATEMENT_SECTIONS = [
  ["introduction", "statement.section.introduction"],
  ["overview", "statement.section.overview"],
  ["participation", "statement.section.participation"],
  ["what-we-heard", "statement.section.whatWeHeard"],
  ["analysis", "statement.section.analysis"],
  ["responses", "statement.section.responses"],
  ["changes", "statement.section.changes"],
  ["dug", "statement.section.dug"],
  ["next-steps", "statement.section.nextSteps"],
] as const satisfies readonly (readonly [string, MessageId])[];

/** A theme with more comments than this lists their references without a link each. */
export const LINKED_REFS = 200;

/** Where the same diff text is shortened: unchanged runs longer than this keep only their ends. */
const DIFF_CONTEXT = 160;

export function shortenedSame(text: string): string {
  if (text.length <= DIFF_CONTEXT * 2 + 40) return text;
  // Cut at white space, so no word is split.
  const head = text.slice(0, DIFF_CONTEXT).replace(/\S*$/, "");
  const tail = text.slice(-DIFF_CONTEXT).replace(/^\S*/, "");
  return `${head}\n[…]\n${tail}`;
}
