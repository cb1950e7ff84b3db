// The statement rendered as HTML (stored with each published revision and served as is). Every
// piece of user text is escaped; only markdown already rendered and sanitised is taken as is.
import { NOUNS, plural } from "~/models/plural";
import { CLOSING_CHANGE_LABELS, closingChangeKind } from "~/features/consultations/closing-change";
import { escapeHtml } from "~/services/html-escape";
import {
  COMMENTER_KINDS,
  COMMENTER_KIND_LABELS,
  DISPOSITIONS,
  DISPOSITION_SHORT,
  LINKED_REFS,
  OUTCOME_LABELS,
  RESPONSES_PER_PAGE,
  Rendered,
  STATEMENT_SECTIONS,
  StatementContent,
  n,
  pct,
  responseAnchor,
  shortenedSame,
  utc,
} from "./content";
import { byKindChartSvg, perDayChartSvg } from "./charts";
import { formatSize, typeLabel } from "~/features/attachments/rules";

const FILES_SECTION = ["files", "Files published with the statement"] as const;

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
    `<nav class="statement-toc" aria-label="Sections of the statement"><ol>${[...STATEMENT_SECTIONS, ...(s.files.length ? [FILES_SECTION] : [])].map(([id, t]) => `<li><a href="#${id}">${escapeHtml(t)}</a></li>`).join("")}</ol></nav>`,
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
      return `${ROW_MARK}<tr id="${responseAnchor(r.ref)}"><th scope="row"><a href="${commentHref(r.ref)}"${r.language ? ` hreflang="${escapeHtml(r.language)}"` : ""}>${r.ref}</a>${r.parentRef ? `<br><span class="small">reply to ${r.parentRef}</span>` : ""}</th><td>${who}</td><td>${where}</td><td>${disposition}</td><td class="rendered">${r.responseHtml}${changed}</td></tr>`;
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

  if (s.files.length) {
    const rows = s.files.map(
      (f) =>
        `<tr><td><a href="${escapeHtml(f.path)}">${escapeHtml(f.fileName)}</a></td><td>${escapeHtml(typeLabel(f.mediaType))}</td><td>${escapeHtml(formatSize(f.size))}</td><td><code class="hash">${f.sha256}</code></td></tr>`,
    );
    section(
      FILES_SECTION[0],
      FILES_SECTION[1],
      `<div class="table-wrap" tabindex="0" role="region" aria-label="Files published with the statement"><table class="data-table statement-files"><caption>Published with this revision; each file's SHA-256 is part of the statement's content hash.</caption><thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    );
  }

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
