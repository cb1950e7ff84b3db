// The statement rendered as Markdown (the download beside the HTML).
import { NOUNS, plural } from "~/models/plural";
import { CLOSING_CHANGE_LABELS, closingChangeKind } from "~/features/consultations/closing-change";
import { COMMENTER_KINDS, COMMENTER_KIND_LABELS, DISPOSITIONS, DISPOSITION_SHORT, OUTCOME_LABELS, StatementContent, pct, utc } from "./content";
import { formatSize, typeLabel } from "~/features/attachments/rules";

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
  if (s.files.length) {
    lines.push("## Files published with the statement", "", "| File | Type | Size | SHA-256 |", "| --- | --- | --- | --- |");
    for (const f of s.files)
      lines.push(`| [${mdCell(f.fileName)}](${appUrl}${f.path}) | ${typeLabel(f.mediaType)} | ${formatSize(f.size)} | \`${f.sha256}\` |`);
    lines.push("");
  }
  return lines.join("\n");
}
