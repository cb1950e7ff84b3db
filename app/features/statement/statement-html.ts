// The statement rendered as HTML (stored with each published revision and served as is). Every
// piece of user text is escaped; only markdown already rendered and sanitised is taken as is.
// Its words come from the catalogue in the language asked for: the English is the published
// revision's (hashed content beside it), the other languages are rendered from the same content
// when their page is read. On those, the English texts (titles, the IFM's texts and themes not
// translated, responses) say so (lang="en"), and references and hashes are isolated (<bdi>) for right-to-left pages.
import { closingChangeKind } from "~/features/consultations/closing-change";
import { escapeHtml } from "~/services/html-escape";
import {
  COMMENTER_KINDS,
  COMMENTER_KIND_IDS,
  DISPOSITIONS,
  DISPOSITION_IDS,
  LINKED_REFS,
  OUTCOME_IDS,
  RESPONSES_PER_PAGE,
  Rendered,
  STATEMENT_SECTIONS,
  StatementContent,
  StatementWords,
  pct,
  responseAnchor,
  shortenedSame,
} from "./content";
import { byKindChartSvg, perDayChartSvg } from "./charts";
import { sizeIn, typeLabelIn } from "~/features/attachments/words";

const FILES_SECTION = ["files", "statement.section.files"] as const;

/** Marks the response rows in the stored HTML, so the page can show the table a page at a time. */
const ROW_MARK = "<!--row-->";
const ROWS_START = "<!--rows:start-->";
const ROWS_END = "<!--rows:end-->";

/** A tag of a message as markup around its (already escaped) text. */
const tag = (open: string, close: string) => (chunks: string[]) => `${open}${chunks.join("")}${close}`;

export function statementHtml(s: StatementContent, words: StatementWords): string {
  const { say, date: utc, num: n } = words;
  const sayHtml = (...args: Parameters<typeof say>) => escapeHtml(say(...args));
  const english = words.locale === "en" ? "" : ' lang="en" dir="ltr"';
  const en = (html: string) => (english ? `<span${english}>${html}</span>` : html);
  const bdi = (html: string) => (english ? `<bdi>${html}</bdi>` : html);
  const c = s.consultation;
  const base = words.path(`/consultations/${c.slug}`);
  const commentHref = (ref: string) => `${base}/comments/${ref}`;
  const out: string[] = [];
  const section = (id: string, title: string, body: string) =>
    out.push(`<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${escapeHtml(title)}</h2>\n${body}\n</section>`);
  const rendered = (r: Rendered, empty: string) =>
    r.md.trim() ? `<div class="rendered"${r.translated ? "" : english}>${r.html}</div>` : `<p class="muted">${escapeHtml(empty)}</p>`;
  const p = s.participation;

  out.push(
    `<nav class="statement-toc" aria-label="${sayHtml("statement.doc.toc")}"><ol>${[...STATEMENT_SECTIONS, ...(s.files.length ? [FILES_SECTION] : [])].map(([id, t]) => `<li><a href="#${id}">${sayHtml(t)}</a></li>`).join("")}</ol></nav>`,
  );

  section("introduction", say("statement.section.introduction"), rendered(s.intro, say("statement.doc.noIntro")));

  // Overview
  const o = s.overview;
  const versionRows = o.versions
    .map(
      (v) =>
        `<tr><td>${say("statement.doc.versionNumber", { number: v.number, commented: v.number === o.commentedVersion ? "yes" : "no", final: v.number === o.finalVersion ? "yes" : "no" })}</td><td>${utc(v.publishedAt)}</td><td>${v.changeSummary ? en(escapeHtml(v.changeSummary)) : "—"}</td><td><code class="hash">${v.contentHash.slice(0, 16)}…</code></td></tr>`,
    )
    .join("\n");
  const period = { opens: utc(c.opensAt), closes: utc(c.closesAt), original: utc(o.originalClosesAt) };
  section(
    "overview",
    say("statement.section.overview"),
    [
      `<p${english}>${escapeHtml(c.summary)}</p>`,
      `<dl class="facts">`,
      `<dt>${say("statement.doc.thePlan")}</dt><dd>${say("statement.doc.thePlanValue", { title: escapeHtml(c.title), number: c.number, link: tag(`<a href="${base}"${english}>`, "</a>") })}</dd>`,
      `<dt>${say("statement.doc.period")}</dt><dd>${say(o.extensions.length ? "statement.doc.periodExtended" : "statement.doc.periodValue", period)}</dd>`,
      ...o.extensions.map(
        (e) =>
          `<dt>${say(closingChangeKind(e) === "shortened" ? "consultation.closingChange.shortened" : "consultation.closingChange.extended")}</dt><dd>${say("consultation.facts.closingChange", { from: utc(e.previousClosesAt), to: utc(e.newClosesAt), reason: en(escapeHtml(e.reason)) })}</dd>`,
      ),
      `<dt>${say("statement.doc.contact")}</dt><dd>${en(escapeHtml(c.contactName))} (<a href="mailto:${escapeHtml(c.contactEmail)}">${bdi(escapeHtml(c.contactEmail))}</a>)</dd>`,
      `</dl>`,
      `<table class="data-table"><caption>${say("statement.doc.versions")}</caption><thead><tr><th scope="col">${say("statement.doc.version")}</th><th scope="col">${say("statement.doc.published")}</th><th scope="col">${say("statement.doc.whatChanged")}</th><th scope="col">${say("statement.doc.textHash")}</th></tr></thead><tbody>\n${versionRows}\n</tbody></table>`,
    ].join("\n"),
  );

  // Participation
  const kindRows = COMMENTER_KINDS.map(
    (k) =>
      `<tr><th scope="row">${sayHtml(COMMENTER_KIND_IDS[k])}</th><td>${n(p.commentsByKind[k])}</td><td>${pct(p.commentsByKind[k], p.comments)}</td><td>${n(p.commentersByKind[k])}</td></tr>`,
  ).join("\n");
  const sectionRows = p.bySection
    .map(
      (x) =>
        `<tr><th scope="row">${x.sectionId ? `<a href="${base}#${escapeHtml(x.sectionId)}"${english}>${escapeHtml(x.section)}</a>` : sayHtml("statement.doc.wholePlan")}</th><td>${n(x.comments)}</td></tr>`,
    )
    .join("\n");
  const dayRows = p.byDay.map((d) => `<tr><td>${d.date}</td><td>${n(d.comments)}</td></tr>`).join("\n");
  const participation = [
    say("statement.doc.participation", {
      comments: p.comments,
      threads: p.threads,
      replies: p.replies,
      commenters: p.commenters,
      organisations: p.organisations,
      cctld: p.organisationsByKind.cctld,
      gtld: p.organisationsByKind.gtld,
      individuals: p.individuals,
    }),
    p.ifmReplies ? say("statement.doc.ifmReplies", { count: p.ifmReplies }) : "",
    p.hidden || p.withdrawn ? say("statement.doc.notCounted", { hidden: p.hidden, withdrawn: p.withdrawn }) : "",
  ];
  section(
    "participation",
    say("statement.section.participation"),
    [
      `<p>${participation.filter(Boolean).join(" ")}</p>`,
      `<div class="statement-figures">`,
      `<figure class="statement-figure">${perDayChartSvg(p.byDay, words)}<figcaption>${say("statement.doc.figure1")} <details><summary>${say("statement.doc.figuresTable")}</summary><table class="data-table compact"><thead><tr><th scope="col">${say("statement.doc.day")}</th><th scope="col">${say("statement.doc.comments")}</th></tr></thead><tbody>\n${dayRows}\n</tbody></table></details></figcaption></figure>`,
      `<figure class="statement-figure">${byKindChartSvg(p, words)}<figcaption>${say("statement.doc.figure2")}</figcaption></figure>`,
      `</div>`,
      `<table class="data-table"><caption>${say("statement.doc.byKind")}</caption><thead><tr><th scope="col">${say("statement.doc.commenter")}</th><th scope="col">${say("statement.doc.comments")}</th><th scope="col">${say("statement.doc.share")}</th><th scope="col">${say("statement.doc.distinctCommenters")}</th></tr></thead><tbody>\n${kindRows}\n</tbody><tfoot><tr><th scope="row">${say("statement.doc.all")}</th><td>${n(p.comments)}</td><td>100 %</td><td>${n(p.commenters)}</td></tr></tfoot></table>`,
      `<table class="data-table"><caption>${say("statement.doc.bySection")}</caption><thead><tr><th scope="col">${say("statement.doc.section")}</th><th scope="col">${say("statement.doc.comments")}</th></tr></thead><tbody>\n${sectionRows || `<tr><td colspan="2">${say("statement.doc.noComments")}</td></tr>`}\n</tbody></table>`,
    ].join("\n"),
  );

  // What we heard
  // Each reference links to its comment; a theme with hundreds of comments lists them as plain
  // references (folded away), which keeps the page small.
  const refLinks = (refs: string[]) =>
    refs.length <= LINKED_REFS
      ? refs.map((r) => `<a href="${commentHref(r)}">${bdi(r)}</a>`).join(", ")
      : `<details class="theme-refs"><summary>${say("statement.doc.showRefs")}</summary>${bdi(refs.join(", "))}</details>`;
  section(
    "what-we-heard",
    say("statement.section.whatWeHeard"),
    s.themes.length
      ? s.themes
          .map(
            (t) =>
              `<h3${t.nameTranslated ? "" : english}>${escapeHtml(t.name)}</h3>\n${rendered(t.summary, say("statement.doc.noThemeSummary"))}\n<p class="small">${t.refs.length ? say("statement.doc.themeRefs", { count: t.refs.length, refs: refLinks(t.refs) }) : say("statement.doc.noComments")}</p>`,
          )
          .join("\n")
      : `<p class="muted">${say("statement.doc.noThemes")}</p>`,
  );

  section("analysis", say("statement.section.analysis"), rendered(s.analysis, say("statement.doc.noAnalysis")));

  // Responses
  const counts = DISPOSITIONS.filter((d) => s.dispositionCounts[d] > 0)
    .map((d) => say("statement.doc.dispositionCount", { label: sayHtml(DISPOSITION_IDS[d].short), count: s.dispositionCounts[d] }))
    .join(" · ");
  const rows = s.responses
    .map((r) => {
      const organisation = r.organisation
        ? `<br><span class="small">${say("statement.doc.for", { organisation: en(escapeHtml(r.organisation)), kind: r.organisationKind === "gtld" ? "gtld" : "cctld" })}</span>`
        : "";
      const who = `${en(escapeHtml(r.author))}${organisation}`;
      const where = r.section ? en(r.sectionId ? `<a href="${base}#${escapeHtml(r.sectionId)}">${escapeHtml(r.section)}</a>` : escapeHtml(r.section)) : "—";
      const disposition = r.disposition
        ? `<span class="disposition disposition-${r.disposition}">${sayHtml(DISPOSITION_IDS[r.disposition].short)}</span>`
        : `<span class="disposition disposition-none">${say("statement.doc.notAnswered")}</span>`;
      const changedIn = r.changedIn;
      const changed = changedIn
        ? `<p class="small changed-in">${say(changedIn.section ? "statement.doc.changedInSection" : "statement.doc.changedIn", {
            version: changedIn.planVersion,
            section: en(escapeHtml(changedIn.section ?? "")),
            link: tag(`<a href="${base}?version=${changedIn.planVersion}${changedIn.sectionId ? `#${escapeHtml(changedIn.sectionId)}` : ""}">`, "</a>"),
          })}</p>`
        : "";
      const reply = r.parentRef ? `<br><span class="small">${say("statement.doc.replyTo", { ref: bdi(r.parentRef) })}</span>` : "";
      return `${ROW_MARK}<tr id="${responseAnchor(r.ref)}"><th scope="row"><a href="${commentHref(r.ref)}"${r.language ? ` hreflang="${escapeHtml(r.language)}"` : ""}>${bdi(r.ref)}</a>${reply}</th><td>${who}</td><td>${where}</td><td>${disposition}</td><td class="rendered"${english}>${r.responseHtml}${changed}</td></tr>`;
    })
    .join("\n");
  const strong = tag("<strong>", "</strong>");
  section(
    "responses",
    say("statement.section.responses"),
    [
      `<p>${say("statement.doc.responsesLead")} ${counts ? `${counts}.` : ""}${s.unanswered ? ` <strong>${say("statement.doc.unanswered", { count: s.unanswered })}</strong>` : ""}</p>`,
      `<p class="small">${say("statement.doc.dispositionsKey", { strong })}</p>`,
      `<table class="data-table responses-table"><caption class="visually-hidden">${say("statement.doc.responsesCaption")}</caption><thead><tr><th scope="col">${say("statement.doc.comment")}</th><th scope="col">${say("statement.doc.commenter")}</th><th scope="col">${say("statement.doc.section")}</th><th scope="col">${say("statement.doc.disposition")}</th><th scope="col">${say("statement.doc.response")}</th></tr></thead><tbody>${ROWS_START}\n${rows}\n${ROWS_END}</tbody></table>`,
    ].join("\n"),
  );

  // Changes
  if (s.changes) {
    const hidden = tag('<span class="visually-hidden">', "</span>");
    const diff = s.changes.parts
      .map((part) =>
        part.kind === "same"
          ? escapeHtml(shortenedSame(part.text))
          : part.kind === "added"
            ? `<ins>${say("statement.doc.added", { text: escapeHtml(part.text), hidden })}</ins>`
            : `<del>${say("statement.doc.removed", { text: escapeHtml(part.text), hidden })}</del>`,
      )
      .join("");
    const { from, to } = s.changes;
    section(
      "changes",
      say("statement.section.changes"),
      [
        `<p>${say("statement.doc.changesSummary", { from, to, added: s.changes.addedWords, removed: s.changes.removedWords })} ` +
          `${say("statement.doc.changesKey", { ins: tag("<ins>", "</ins>"), del: tag("<del>", "</del>") })} ` +
          `${say("statement.doc.fullComparison", { link: tag(`<a href="${base}/diff?from=${from}&amp;to=${to}">`, "</a>") })}</p>`,
        `<div class="diff" role="document" aria-label="${sayHtml("statement.doc.diffLabel", { from, to })}"${english}>${diff}</div>`,
      ].join("\n"),
    );
  } else {
    section("changes", say("statement.section.changes"), `<p>${say("statement.doc.notChanged", { version: s.overview.finalVersion })}</p>`);
  }

  // DUG
  if (s.dug) {
    const d = s.dug;
    const outcome = OUTCOME_IDS[d.outcome] ? say(OUTCOME_IDS[d.outcome]!) : d.outcome;
    section(
      "dug",
      say("statement.section.dug"),
      [
        `<dl class="facts">`,
        `<dt>${say("statement.doc.outcome")}</dt><dd>${say("statement.doc.outcomeValue", { outcome: escapeHtml(outcome), round: d.round, strong })}</dd>`,
        `<dt>${say("statement.doc.date")}</dt><dd>${d.decidedAt ? utc(d.decidedAt) : "—"}</dd>`,
        `<dt>${say("statement.doc.planVersion")}</dt><dd>${d.planVersion}</dd>`,
        d.recordHash ? `<dt>${say("statement.doc.recordHash")}</dt><dd><code class="hash">${escapeHtml(d.recordHash)}</code></dd>` : "",
        `<dt>${say("statement.doc.conditions")}</dt><dd>${d.conditions.length ? `<ul${english}>${d.conditions.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>` : say("statement.doc.noConditions")}</dd>`,
        `</dl>`,
        `<p><a href="${words.path(d.path)}">${say("statement.doc.dugRecord")}</a>.</p>`,
      ].join("\n"),
    );
  } else {
    section("dug", say("statement.section.dug"), `<p>${say("statement.doc.noDug")}</p>`);
  }

  // Next steps
  const timeline = s.timeline.length
    ? `<table class="data-table timeline-table"><caption>${say("statement.doc.timeline", { version: s.overview.finalVersion })}</caption><thead><tr><th scope="col">${say("statement.doc.date")}</th><th scope="col">${say("statement.doc.milestone")}</th></tr></thead><tbody>${s.timeline.map((m) => `<tr><td>${escapeHtml(m.date)}</td><td${english}>${escapeHtml(m.label)}</td></tr>`).join("")}</tbody></table>`
    : "";
  section("next-steps", say("statement.section.nextSteps"), `${rendered(s.nextSteps, say("statement.doc.noNextSteps"))}\n${timeline}`);

  if (s.files.length) {
    const rows = s.files.map(
      (f) =>
        `<tr><td><a href="${escapeHtml(words.path(f.path))}"${english}>${escapeHtml(f.fileName)}</a></td><td>${escapeHtml(typeLabelIn(say, f.mediaType))}</td><td>${escapeHtml(sizeIn(say, f.size))}</td><td><code class="hash">${f.sha256}</code></td></tr>`,
    );
    const title = say(FILES_SECTION[1]);
    section(
      FILES_SECTION[0],
      title,
      `<div class="table-wrap" tabindex="0" role="region" aria-label="${escapeHtml(title)}"><table class="data-table statement-files"><caption>${say("statement.doc.filesCaption")}</caption><thead><tr><th scope="col">${say("statement.doc.file")}</th><th scope="col">${say("statement.doc.type")}</th><th scope="col">${say("statement.doc.size")}</th><th scope="col">SHA-256</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
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
