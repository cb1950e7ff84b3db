/**
 * The final response statement as data, and its two renderings (HTML and Markdown). Pure: no
 * database, no server imports, so pages can use the vocabulary and tests can feed known data.
 *
 * app/models/statement.server.ts gathers the data (StatementInput) from the database, calls
 * buildStatementContent() and renders; a published revision freezes the three results
 * (contentJson, html, markdown) and the SHA-256 of contentJson.
 *
 * The HTML is generated here, not by React: it is stored with the revision and served as-is.
 * Every piece of user text is escaped; the only HTML taken as-is is markdown already rendered by
 * app/services/markdown.server.ts (sanitised when it was saved).
 */
import { diffPlans, type DiffPart } from "~/features/consultations/plan-diff";
import { NOUNS, plural } from "~/models/plural";
import { CLOSING_CHANGE_LABELS, closingChangeKind } from "~/features/consultations/closing-change";
import { escapeHtml } from "~/services/html-escape";

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const DISPOSITIONS = ["accepted", "partially_accepted", "not_accepted", "out_of_scope", "noted"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const DISPOSITION_LABELS: Record<Disposition, string> = {
  accepted: "Accepted",
  partially_accepted: "Partially accepted",
  not_accepted: "Not accepted",
  out_of_scope: "Out of scope",
  noted: "Noted (no change needed)",
};
/** Short labels for badges and tables. */
export const DISPOSITION_SHORT: Record<Disposition, string> = {
  accepted: "Accepted",
  partially_accepted: "Partially accepted",
  not_accepted: "Not accepted",
  out_of_scope: "Out of scope",
  noted: "Noted",
};

export function dispositionLabel(value: string, short = false): string {
  return ((short ? DISPOSITION_SHORT : DISPOSITION_LABELS) as Record<string, string>)[value] ?? value;
}

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

export type Rendered = { md: string; html: string };
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
  themes: { name: string; summary: Rendered; refs: string[] }[];
  analysis: Rendered;
  dispositionCounts: Record<Disposition, number>;
  unanswered: number;
  responses: StatementResponse[];
  changes: { from: number; to: number; addedWords: number; removedWords: number; parts: DiffPart[] } | null;
  dug: { round: number; outcome: string; decidedAt: string | null; planVersion: number; recordHash: string | null; conditions: string[]; path: string } | null;
  nextSteps: Rendered;
  timeline: Milestone[];
};

// ---------------------------------------------------------------------------------------------
// Building

const iso = (d: Date) => d.toISOString();
const day = (d: Date) => d.toISOString().slice(0, 10);

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
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by both renderings

const utc = (isoString: string, withTime = true) => (withTime ? `${isoString.slice(0, 10)} ${isoString.slice(11, 16)} UTC` : isoString.slice(0, 10));
const n = (x: number) => x.toLocaleString("en-US");
const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)} %` : "0 %");

const OUTCOME_LABELS: Record<string, string> = { agreed: "Agreed", not_agreed: "Not agreed", lapsed: "Lapsed (no decision by the deadline)" };

/** The sections of the statement, in order, for the table of contents. */
export const STATEMENT_SECTIONS = [
  ["introduction", "Introduction"],
  ["overview", "Overview"],
  ["participation", "Participation"],
  ["what-we-heard", "What we heard"],
  ["analysis", "Analysis"],
  ["responses", "Our response to every comment"],
  ["changes", "Changes to the plan"],
  ["dug", "The DUG's agreement"],
  ["next-steps", "Next steps and timeline"],
] as const;

/** A theme with more comments than this lists their references without a link each. */
const LINKED_REFS = 200;

/** Where the same diff text is shortened: unchanged runs longer than this keep only their ends. */
const DIFF_CONTEXT = 160;

function shortenedSame(text: string): string {
  if (text.length <= DIFF_CONTEXT * 2 + 40) return text;
  // Cut at white space, so no word is split.
  const head = text.slice(0, DIFF_CONTEXT).replace(/\S*$/, "");
  const tail = text.slice(-DIFF_CONTEXT).replace(/^\S*/, "");
  return `${head}\n[…]\n${tail}`;
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG: shapes and patterns, not colour, carry the meaning; each has a title, a
// description and a data table beside it)

export function perDayChartSvg(byDay: { date: string; comments: number }[], idPrefix = "chart-days"): string {
  const width = 720;
  const height = 220;
  const left = 40;
  const bottom = 40;
  const top = 16;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...byDay.map((d) => d.comments));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const barW = byDay.length ? plotW / byDay.length : plotW;
  const total = byDay.reduce((s, d) => s + d.comments, 0);
  const busiest = byDay.reduce((b, d) => (d.comments > b.comments ? d : b), { date: "", comments: -1 });
  const desc =
    byDay.length === 0
      ? "No days in the period."
      : `${plural(total, NOUNS.comment)} over ${plural(byDay.length, NOUNS.day)}, from ${byDay[0].date} to ${byDay[byDay.length - 1].date}. ` +
        (busiest.comments > 0 ? `The busiest day was ${busiest.date} with ${plural(busiest.comments, NOUNS.comment)}.` : "No comments were received.");
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${idPrefix}-title">Comments per day across the comment period</title>`,
    `<desc id="${idPrefix}-desc">${escapeHtml(desc)}</desc>`,
  );
  for (let v = 0; v <= yMax; v += step) {
    const y = top + plotH - (v / yMax) * plotH;
    parts.push(
      `<line class="chart-grid" x1="${left}" x2="${width - 10}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#999" stroke-width="0.5" stroke-dasharray="3 3"/>`,
    );
    parts.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#222">${v}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(byDay.length / 10));
  byDay.forEach((d, i) => {
    const h = (d.comments / yMax) * plotH;
    const x = left + i * barW;
    if (d.comments > 0) {
      parts.push(
        `<rect x="${(x + barW * 0.1).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, barW * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#1d3f6e" stroke="#000" stroke-width="0.5"><title>${d.date}: ${plural(d.comments, NOUNS.comment)}</title></rect>`,
      );
    }
    if (i % labelEvery === 0) {
      parts.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="10" fill="#222">${d.date.slice(5)}</text>`,
      );
    }
  });
  parts.push(`<line x1="${left}" x2="${width - 10}" y1="${top + plotH}" y2="${top + plotH}" stroke="#000" stroke-width="1"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="11" fill="#222">Day (UTC, month-day)</text>`);
  parts.push("</svg>");
  return parts.join("");
}

function niceStep(max: number): number {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return Math.max(1, m * mag);
  return 10 * mag;
}

export function byKindChartSvg(p: StatementContent["participation"], idPrefix = "chart-kinds"): string {
  const width = 720;
  const rowH = 46;
  const left = 230;
  const height = COMMENTER_KINDS.length * rowH + 20;
  const max = Math.max(1, ...COMMENTER_KINDS.map((k) => p.commentsByKind[k]));
  const plotW = width - left - 150;
  const desc = COMMENTER_KINDS.map(
    (k) =>
      `${COMMENTER_KIND_LABELS[k]}: ${plural(p.commentsByKind[k], NOUNS.comment)} (${pct(p.commentsByKind[k], p.comments)}) from ${plural(p.commentersByKind[k], NOUNS.commenter)}`,
  ).join("; ");
  const patterns: Record<CommenterKind, string> = { cctld: `${idPrefix}-p-cctld`, gtld: `${idPrefix}-p-gtld`, individual: `${idPrefix}-p-ind` };
  const parts = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${idPrefix}-title">Comments by kind of commenter</title>`,
    `<desc id="${idPrefix}-desc">${escapeHtml(desc)}.</desc>`,
    "<defs>",
    // Three fills that differ in shape, not only in colour: solid, diagonal hatching, dots.
    `<pattern id="${patterns.cctld}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#1d3f6e"/></pattern>`,
    `<pattern id="${patterns.gtld}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/><rect width="4" height="8" fill="#7a4a00"/></pattern>`,
    `<pattern id="${patterns.individual}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2" fill="#2d5a2d"/></pattern>`,
    "</defs>",
  ];
  COMMENTER_KINDS.forEach((k, i) => {
    const y = 10 + i * rowH;
    const w = (p.commentsByKind[k] / max) * plotW;
    parts.push(`<text x="${left - 10}" y="${y + 22}" text-anchor="end" font-size="13" fill="#222">${escapeHtml(COMMENTER_KIND_LABELS[k])}</text>`);
    parts.push(
      `<rect x="${left}" y="${y + 6}" width="${Math.max(w, 0.5).toFixed(1)}" height="24" fill="url(#${patterns[k]})" stroke="#000" stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${(left + w + 8).toFixed(1)}" y="${y + 22}" font-size="13" fill="#222">${n(p.commentsByKind[k])} (${pct(p.commentsByKind[k], p.comments)})</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Marks the response rows in the stored HTML, so the page can show the table a page at a time. */
const ROW_MARK = "<!--row-->";
const ROWS_START = "<!--rows:start-->";
const ROWS_END = "<!--rows:end-->";

export function statementHtml(s: StatementContent): string {
  const c = s.consultation;
  const base = `/consultations/${c.slug}`;
  const commentHref = (ref: string) => `${base}/comments/${ref}`;
  const out: string[] = [];
  const section = (id: string, title: string, body: string) =>
    out.push(`<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${escapeHtml(title)}</h2>\n${body}\n</section>`);
  const rendered = (r: Rendered, empty: string) => (r.md.trim() ? `<div class="rendered">${r.html}</div>` : `<p class="muted">${escapeHtml(empty)}</p>`);
  const p = s.participation;

  out.push(
    `<nav class="statement-toc" aria-label="Sections of the statement"><ol>${STATEMENT_SECTIONS.map(([id, t]) => `<li><a href="#${id}">${escapeHtml(t)}</a></li>`).join("")}</ol></nav>`,
  );

  section("introduction", "Introduction", rendered(s.intro, "The IFM has not written an introduction."));

  // Overview
  const o = s.overview;
  const versionRows = o.versions
    .map(
      (v) =>
        `<tr><td>${v.number}${v.number === o.commentedVersion ? " (put out for comment)" : ""}${v.number === o.finalVersion ? " (final)" : ""}</td><td>${utc(v.publishedAt)}</td><td>${escapeHtml(v.changeSummary ?? "—")}</td><td><code class="hash">${v.contentHash.slice(0, 16)}…</code></td></tr>`,
    )
    .join("\n");
  section(
    "overview",
    "Overview",
    [
      `<p>${escapeHtml(c.summary)}</p>`,
      `<dl class="facts">`,
      `<dt>The plan</dt><dd><a href="${base}">${escapeHtml(c.title)}</a> (consultation ${c.number})</dd>`,
      `<dt>Comment period</dt><dd>${utc(c.opensAt)} to ${utc(c.closesAt)}${o.extensions.length ? ` (originally closing ${utc(o.originalClosesAt)})` : ""}</dd>`,
      ...o.extensions.map(
        (e) =>
          `<dt>${CLOSING_CHANGE_LABELS[closingChangeKind(e)]}</dt><dd>from ${utc(e.previousClosesAt)} to ${utc(e.newClosesAt)}: ${escapeHtml(e.reason)}</dd>`,
      ),
      `<dt>Contact</dt><dd>${escapeHtml(c.contactName)} (<a href="mailto:${escapeHtml(c.contactEmail)}">${escapeHtml(c.contactEmail)}</a>)</dd>`,
      `</dl>`,
      `<table class="data-table"><caption>Versions of the plan</caption><thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">What changed</th><th scope="col">SHA-256 of the text</th></tr></thead><tbody>\n${versionRows}\n</tbody></table>`,
    ].join("\n"),
  );

  // Participation
  const kindRows = COMMENTER_KINDS.map(
    (k) =>
      `<tr><th scope="row">${escapeHtml(COMMENTER_KIND_LABELS[k])}</th><td>${n(p.commentsByKind[k])}</td><td>${pct(p.commentsByKind[k], p.comments)}</td><td>${n(p.commentersByKind[k])}</td></tr>`,
  ).join("\n");
  const sectionRows = p.bySection
    .map(
      (x) =>
        `<tr><th scope="row">${x.sectionId ? `<a href="${base}#${escapeHtml(x.sectionId)}">${escapeHtml(x.section)}</a>` : escapeHtml(x.section)}</th><td>${n(x.comments)}</td></tr>`,
    )
    .join("\n");
  const dayRows = p.byDay.map((d) => `<tr><td>${d.date}</td><td>${n(d.comments)}</td></tr>`).join("\n");
  section(
    "participation",
    "Participation",
    [
      `<p>${plural(p.comments, NOUNS.comment)} (${plural(p.threads, { one: "# new thread", other: "# new threads" })} and ${plural(p.replies, NOUNS.reply)}) from ${plural(p.commenters, { one: "# distinct commenter", other: "# distinct commenters" })}: ` +
        `${plural(p.organisations, { one: "# TLD registry operator", other: "# TLD registry operators" })} (${n(p.organisationsByKind.cctld)} ccTLD, ${n(p.organisationsByKind.gtld)} gTLD) through their verified representatives, and ${plural(p.individuals, { one: "# individual", other: "# individuals" })}.` +
        (p.ifmReplies ? ` The IFM posted ${plural(p.ifmReplies, NOUNS.reply)} during the discussion.` : "") +
        (p.hidden || p.withdrawn
          ? ` ${plural(p.hidden, NOUNS.comment)} hidden by the IFM and ${plural(p.withdrawn, NOUNS.comment)} withdrawn by their authors are not counted.`
          : "") +
        `</p>`,
      `<div class="statement-figures">`,
      `<figure class="statement-figure">${perDayChartSvg(p.byDay)}<figcaption>Figure 1. Comments per day (UTC) across the comment period. <details><summary>The figures as a table</summary><table class="data-table compact"><thead><tr><th scope="col">Day</th><th scope="col">Comments</th></tr></thead><tbody>\n${dayRows}\n</tbody></table></details></figcaption></figure>`,
      `<figure class="statement-figure">${byKindChartSvg(p)}<figcaption>Figure 2. Comments by kind of commenter: solid bars for ccTLD managers, hatched for gTLD registries, dotted for individuals.</figcaption></figure>`,
      `</div>`,
      `<table class="data-table"><caption>Comments by kind of commenter</caption><thead><tr><th scope="col">Commenter</th><th scope="col">Comments</th><th scope="col">Share</th><th scope="col">Distinct commenters</th></tr></thead><tbody>\n${kindRows}\n</tbody><tfoot><tr><th scope="row">All</th><td>${n(p.comments)}</td><td>100 %</td><td>${n(p.commenters)}</td></tr></tfoot></table>`,
      `<table class="data-table"><caption>Comments per section of the plan</caption><thead><tr><th scope="col">Section</th><th scope="col">Comments</th></tr></thead><tbody>\n${sectionRows || '<tr><td colspan="2">No comments.</td></tr>'}\n</tbody></table>`,
    ].join("\n"),
  );

  // What we heard
  // Each reference links to its comment; a theme with hundreds of comments lists them as plain
  // references (folded away), which keeps the page small.
  const refLinks = (refs: string[]) =>
    refs.length <= LINKED_REFS
      ? refs.map((r) => `<a href="${commentHref(r)}">${r}</a>`).join(", ")
      : `<details class="theme-refs"><summary>Show the references</summary>${refs.join(", ")}</details>`;
  section(
    "what-we-heard",
    "What we heard",
    s.themes.length
      ? s.themes
          .map(
            (t) =>
              `<h3>${escapeHtml(t.name)}</h3>\n${rendered(t.summary, "No summary written for this theme.")}\n<p class="small">${t.refs.length ? `${plural(t.refs.length, NOUNS.comment)}: ${refLinks(t.refs)}` : "No comments."}</p>`,
          )
          .join("\n")
      : `<p class="muted">The comments were not grouped into themes.</p>`,
  );

  section("analysis", "Analysis", rendered(s.analysis, "The IFM has not written an analysis."));

  // Responses
  const counts = DISPOSITIONS.filter((d) => s.dispositionCounts[d] > 0)
    .map((d) => `${escapeHtml(DISPOSITION_SHORT[d])}: ${n(s.dispositionCounts[d])}`)
    .join(" · ");
  const rows = s.responses
    .map((r) => {
      const who = `${escapeHtml(r.author)}${r.organisation ? `<br><span class="small">for ${escapeHtml(r.organisation)} (${r.organisationKind === "gtld" ? "gTLD" : "ccTLD"})</span>` : ""}`;
      const where = r.section ? (r.sectionId ? `<a href="${base}#${escapeHtml(r.sectionId)}">${escapeHtml(r.section)}</a>` : escapeHtml(r.section)) : "—";
      const disposition = r.disposition
        ? `<span class="disposition disposition-${r.disposition}">${escapeHtml(DISPOSITION_SHORT[r.disposition])}</span>`
        : `<span class="disposition disposition-none">Not yet answered</span>`;
      const changed = r.changedIn
        ? `<p class="small changed-in">Changed in <a href="${base}?version=${r.changedIn.planVersion}${r.changedIn.sectionId ? `#${escapeHtml(r.changedIn.sectionId)}` : ""}">plan version ${r.changedIn.planVersion}${r.changedIn.section ? `, ${escapeHtml(r.changedIn.section)}` : ""}</a>.</p>`
        : "";
      return `${ROW_MARK}<tr id="${responseAnchor(r.ref)}"><th scope="row"><a href="${commentHref(r.ref)}">${r.ref}</a>${r.parentRef ? `<br><span class="small">reply to ${r.parentRef}</span>` : ""}</th><td>${who}</td><td>${where}</td><td>${disposition}</td><td class="rendered">${r.responseHtml}${changed}</td></tr>`;
    })
    .join("\n");
  section(
    "responses",
    "Our response to every comment",
    [
      `<p>Every comment received has a disposition and a response. ${counts ? `${counts}.` : ""}${s.unanswered ? ` <strong>${plural(s.unanswered, NOUNS.comment)} not yet answered.</strong>` : ""}</p>`,
      `<p class="small">Dispositions: <strong>Accepted</strong> — the plan was changed as asked; <strong>Partially accepted</strong> — changed in part; <strong>Not accepted</strong> — not changed, with the reason; <strong>Out of scope</strong> — outside this plan; <strong>Noted</strong> — no change needed.</p>`,
      `<table class="data-table responses-table"><caption class="visually-hidden">Response to each comment</caption><thead><tr><th scope="col">Comment</th><th scope="col">Commenter</th><th scope="col">Section</th><th scope="col">Disposition</th><th scope="col">Response</th></tr></thead><tbody>${ROWS_START}\n${rows}\n${ROWS_END}</tbody></table>`,
    ].join("\n"),
  );

  // Changes
  if (s.changes) {
    const diff = s.changes.parts
      .map((part) =>
        part.kind === "same"
          ? escapeHtml(shortenedSame(part.text))
          : part.kind === "added"
            ? `<ins><span class="visually-hidden">[added: </span>${escapeHtml(part.text)}<span class="visually-hidden">]</span></ins>`
            : `<del><span class="visually-hidden">[removed: </span>${escapeHtml(part.text)}<span class="visually-hidden">]</span></del>`,
      )
      .join("");
    section(
      "changes",
      "Changes to the plan",
      [
        `<p>Between version ${s.changes.from}, put out for comment, and version ${s.changes.to}, the final plan: ${plural(s.changes.addedWords, NOUNS.word)} added and ${plural(s.changes.removedWords, NOUNS.word)} removed. ` +
          `Added text is <ins>underlined</ins>, removed text is <del>struck through</del>; long unchanged passages are shortened to “[…]”. ` +
          `<a href="${base}/diff?from=${s.changes.from}&amp;to=${s.changes.to}">The full comparison</a>.</p>`,
        `<div class="diff" role="document" aria-label="Plan text, version ${s.changes.from} to ${s.changes.to}, with changes marked">${diff}</div>`,
      ].join("\n"),
    );
  } else {
    section(
      "changes",
      "Changes to the plan",
      `<p>The plan was not changed during the consultation: version ${s.overview.finalVersion} is the version put out for comment.</p>`,
    );
  }

  // DUG
  if (s.dug) {
    const d = s.dug;
    section(
      "dug",
      "The DUG's agreement",
      [
        `<dl class="facts">`,
        `<dt>Outcome</dt><dd><strong>${escapeHtml(OUTCOME_LABELS[d.outcome] ?? d.outcome)}</strong> (review round ${d.round})</dd>`,
        `<dt>Date</dt><dd>${d.decidedAt ? utc(d.decidedAt) : "—"}</dd>`,
        `<dt>Plan version</dt><dd>${d.planVersion}</dd>`,
        d.recordHash ? `<dt>Agreement record (SHA-256)</dt><dd><code class="hash">${escapeHtml(d.recordHash)}</code></dd>` : "",
        `<dt>Conditions</dt><dd>${d.conditions.length ? `<ul>${d.conditions.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>` : "None."}</dd>`,
        `</dl>`,
        `<p><a href="${d.path}">The DUG's full agreement record, with each member's position</a>.</p>`,
      ].join("\n"),
    );
  } else {
    section("dug", "The DUG's agreement", `<p>There is no DUG agreement record for this plan.</p>`);
  }

  // Next steps
  const timeline = s.timeline.length
    ? `<table class="data-table timeline-table"><caption>Implementation timeline (plan version ${s.overview.finalVersion})</caption><thead><tr><th scope="col">Date</th><th scope="col">Milestone</th></tr></thead><tbody>${s.timeline.map((m) => `<tr><td>${escapeHtml(m.date)}</td><td>${escapeHtml(m.label)}</td></tr>`).join("")}</tbody></table>`
    : "";
  section("next-steps", "Next steps and timeline", `${rendered(s.nextSteps, "The IFM has not written the next steps.")}\n${timeline}`);

  return `<div class="statement-body">\n${out.join("\n")}\n</div>`;
}

/**
 * The stored HTML with only one page of the response table (RESPONSES_PER_PAGE rows), so a
 * statement with thousands of comments stays a page of reasonable size; null for a page past the end.
 */
export function pageOfStatementHtml(
  html: string,
  page: number,
): { html: string; page: number; pageCount: number; rows: number; from: number; to: number } | null {
  const start = html.indexOf(ROWS_START);
  const end = html.indexOf(ROWS_END);
  if (start < 0 || end < start) return page === 1 ? { html, page: 1, pageCount: 1, rows: 0, from: 0, to: 0 } : null;
  const body = html.slice(start + ROWS_START.length, end);
  const rows = body.split(ROW_MARK).slice(1);
  const pageCount = Math.max(1, Math.ceil(rows.length / RESPONSES_PER_PAGE));
  if (page < 1 || page > pageCount) return null;
  if (pageCount === 1) return { html, page, pageCount, rows: rows.length, from: 1, to: rows.length };
  const from = (page - 1) * RESPONSES_PER_PAGE;
  const shown = rows.slice(from, from + RESPONSES_PER_PAGE).join("");
  return {
    html: `${html.slice(0, start + ROWS_START.length)}\n${shown}\n${html.slice(end)}`,
    page,
    pageCount,
    rows: rows.length,
    from: from + 1,
    to: Math.min(rows.length, from + RESPONSES_PER_PAGE),
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

const mdCell = (text: string) =>
  text
    .replace(/\r?\n+/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
const mdText = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");

export function statementMarkdown(s: StatementContent, appUrl = ""): string {
  const c = s.consultation;
  const base = `${appUrl}/consultations/${c.slug}`;
  const p = s.participation;
  const o = s.overview;
  const lines: string[] = [];
  lines.push(`# Final response statement: ${mdText(c.title)}`, "");
  lines.push(
    `Consultation ${c.number} · ${s.revision ? `revision ${s.revision.number}, published ${utc(s.revision.publishedAt)}` : "draft (not published)"} · ${base}/statement`,
    "",
  );
  if (s.revision?.erratum) lines.push(`> **Erratum (revision ${s.revision.number}):** ${mdText(s.revision.erratum)}`, "");
  lines.push("## Introduction", "", s.intro.md.trim() || "_No introduction._", "");
  lines.push("## Overview", "", mdText(c.summary), "");
  lines.push(`- The plan: [${mdText(c.title)}](${base}) (consultation ${c.number})`);
  lines.push(`- Comment period: ${utc(c.opensAt)} to ${utc(c.closesAt)}${o.extensions.length ? ` (originally closing ${utc(o.originalClosesAt)})` : ""}`);
  for (const e of o.extensions)
    lines.push(`- ${CLOSING_CHANGE_LABELS[closingChangeKind(e)]} from ${utc(e.previousClosesAt)} to ${utc(e.newClosesAt)}: ${mdText(e.reason)}`);
  lines.push("", "| Version | Published | What changed | SHA-256 |", "| --- | --- | --- | --- |");
  for (const v of o.versions) {
    lines.push(
      `| ${v.number}${v.number === o.commentedVersion ? " (put out for comment)" : ""}${v.number === o.finalVersion ? " (final)" : ""} | ${utc(v.publishedAt)} | ${mdCell(v.changeSummary ?? "—")} | \`${v.contentHash}\` |`,
    );
  }
  lines.push("", "## Participation", "");
  lines.push(
    `${plural(p.comments, NOUNS.comment)} (${plural(p.threads, { one: "# new thread", other: "# new threads" })} and ${plural(p.replies, NOUNS.reply)}) from ${plural(p.commenters, { one: "# distinct commenter", other: "# distinct commenters" })}: ` +
      `${plural(p.organisations, { one: "# TLD registry operator", other: "# TLD registry operators" })} (${p.organisationsByKind.cctld} ccTLD, ${p.organisationsByKind.gtld} gTLD) and ${plural(p.individuals, { one: "# individual", other: "# individuals" })}. ` +
      `IFM replies: ${p.ifmReplies}. Hidden by the IFM: ${p.hidden}. Withdrawn: ${p.withdrawn}.`,
    "",
    "| Commenter | Comments | Share | Distinct commenters |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const k of COMMENTER_KINDS)
    lines.push(`| ${COMMENTER_KIND_LABELS[k]} | ${p.commentsByKind[k]} | ${pct(p.commentsByKind[k], p.comments)} | ${p.commentersByKind[k]} |`);
  lines.push("", "| Section | Comments |", "| --- | ---: |");
  for (const x of p.bySection) lines.push(`| ${mdCell(x.section)} | ${x.comments} |`);
  lines.push("", "Comments per day (UTC):", "", "| Day | Comments |", "| --- | ---: |");
  for (const d of p.byDay) lines.push(`| ${d.date} | ${d.comments} |`);
  lines.push("", "## What we heard", "");
  if (!s.themes.length) lines.push("_The comments were not grouped into themes._", "");
  for (const t of s.themes) {
    lines.push(`### ${mdText(t.name)}`, "", t.summary.md.trim() || "_No summary._", "", `Comments: ${t.refs.join(", ") || "none"}`, "");
  }
  lines.push("## Analysis", "", s.analysis.md.trim() || "_No analysis._", "");
  lines.push("## Our response to every comment", "");
  lines.push(
    DISPOSITIONS.filter((d) => s.dispositionCounts[d] > 0)
      .map((d) => `${DISPOSITION_SHORT[d]}: ${s.dispositionCounts[d]}`)
      .join(" · ") || "No comments.",
    "",
    "| Comment | Commenter | Section | Disposition | Response |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const r of s.responses) {
    const changed = r.changedIn ? ` (changed in plan version ${r.changedIn.planVersion}${r.changedIn.section ? `, ${r.changedIn.section}` : ""})` : "";
    lines.push(
      `| [${r.ref}](${base}/comments/${r.ref}) | ${mdCell(mdText(r.author))}${r.organisation ? ` for ${mdCell(mdText(r.organisation))}` : ""} | ${mdCell(r.section ?? "—")} | ${r.disposition ? DISPOSITION_SHORT[r.disposition] : "Not yet answered"} | ${mdCell(r.responseMd)}${mdCell(changed)} |`,
    );
  }
  lines.push("", "## Changes to the plan", "");
  if (s.changes) {
    lines.push(
      `Version ${s.changes.from} (put out for comment) to version ${s.changes.to} (final): ${plural(s.changes.addedWords, NOUNS.word)} added, ${s.changes.removedWords} removed. Full comparison: ${base}/diff?from=${s.changes.from}&to=${s.changes.to}`,
      "",
      "```diff",
    );
    for (const part of s.changes.parts) {
      if (part.kind === "same") continue;
      const sign = part.kind === "added" ? "+" : "-";
      for (const l of part.text.trim().split("\n")) if (l.trim()) lines.push(`${sign} ${l}`);
    }
    lines.push("```", "");
  } else {
    lines.push("The plan was not changed during the consultation.", "");
  }
  lines.push("## The DUG's agreement", "");
  if (s.dug) {
    lines.push(
      `- Outcome: **${OUTCOME_LABELS[s.dug.outcome] ?? s.dug.outcome}** (review round ${s.dug.round})`,
      `- Date: ${s.dug.decidedAt ? utc(s.dug.decidedAt) : "—"}`,
      `- Plan version: ${s.dug.planVersion}`,
      ...(s.dug.recordHash ? [`- Agreement record (SHA-256): \`${s.dug.recordHash}\``] : []),
      `- Conditions: ${s.dug.conditions.length ? "" : "none"}`,
      ...s.dug.conditions.map((x) => `  - ${mdText(x)}`),
      `- Full record: ${appUrl}${s.dug.path}`,
      "",
    );
  } else lines.push("There is no DUG agreement record for this plan.", "");
  lines.push("## Next steps and timeline", "", s.nextSteps.md.trim() || "_No next steps._", "");
  if (s.timeline.length) {
    lines.push("| Date | Milestone |", "| --- | --- |");
    for (const m of s.timeline) lines.push(`| ${mdCell(m.date)} | ${mdCell(m.label)} |`);
    lines.push("");
  }
  return lines.join("\n");
}
