// The statement's charts, as inline SVG: shapes and patterns, not colour, carry the meaning; each
// has a title, a description and a data table beside it.
import { escapeHtml } from "~/services/html-escape";
import { COMMENTER_KINDS, COMMENTER_KIND_IDS, CommenterKind, StatementContent, StatementWords, pct } from "./content";

export function perDayChartSvg(byDay: { date: string; comments: number }[], { say }: StatementWords, idPrefix = "chart-days"): string {
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
      ? say("statement.chart.noDays")
      : `${say("statement.chart.perDayDesc", { total, days: byDay.length, first: byDay[0].date, last: byDay[byDay.length - 1].date })} ` +
        (busiest.comments > 0 ? say("statement.chart.busiest", { date: busiest.date, count: busiest.comments }) : say("statement.chart.noneReceived"));
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${idPrefix}-title">${escapeHtml(say("statement.chart.perDayTitle"))}</title>`,
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
        `<rect x="${(x + barW * 0.1).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, barW * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#1d3f6e" stroke="#000" stroke-width="0.5"><title>${escapeHtml(say("statement.chart.bar", { date: d.date, count: d.comments }))}</title></rect>`,
      );
    }
    if (i % labelEvery === 0) {
      parts.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="10" fill="#222">${d.date.slice(5)}</text>`,
      );
    }
  });
  parts.push(`<line x1="${left}" x2="${width - 10}" y1="${top + plotH}" y2="${top + plotH}" stroke="#000" stroke-width="1"/>`);
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="11" fill="#222">${escapeHtml(say("statement.chart.dayAxis"))}</text>`,
  );
  parts.push("</svg>");
  return parts.join("");
}

function niceStep(max: number): number {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return Math.max(1, m * mag);
  return 10 * mag;
}

export function byKindChartSvg(p: StatementContent["participation"], { say, num: n }: StatementWords, idPrefix = "chart-kinds"): string {
  const width = 720;
  const rowH = 46;
  const left = 230;
  const height = COMMENTER_KINDS.length * rowH + 20;
  const max = Math.max(1, ...COMMENTER_KINDS.map((k) => p.commentsByKind[k]));
  const plotW = width - left - 150;
  const desc = COMMENTER_KINDS.map((k) =>
    say("statement.chart.byKindItem", {
      kind: say(COMMENTER_KIND_IDS[k]),
      comments: p.commentsByKind[k],
      share: pct(p.commentsByKind[k], p.comments),
      commenters: p.commentersByKind[k],
    }),
  ).join("; ");
  const patterns: Record<CommenterKind, string> = { cctld: `${idPrefix}-p-cctld`, gtld: `${idPrefix}-p-gtld`, individual: `${idPrefix}-p-ind` };
  const parts = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${idPrefix}-title">${escapeHtml(say("statement.chart.byKindTitle"))}</title>`,
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
    parts.push(`<text x="${left - 10}" y="${y + 22}" text-anchor="end" font-size="13" fill="#222">${escapeHtml(say(COMMENTER_KIND_IDS[k]))}</text>`);
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
