import type { ReactNode } from "react";
import { UtcTime } from "./time";

type Entry = { at: string | Date; text: string; isolate?: string[] };

/** A page's "History" section: dated one-line entries, oldest first; nothing when there are none. */
export function HistoryList({ entries, heading, headingId, className }: { entries: Entry[]; heading: string; headingId: string; className: string }) {
  if (!entries.length) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <ol className={className}>
        {entries.map((h, i) => (
          <li key={i}>
            <UtcTime value={h.at} /> — {isolated(h.text, h.isolate ?? [])}
          </li>
        ))}
      </ol>
    </section>
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The text with each of `parts` (a reference, a hash, a name) in a <bdi>, so that in a
 * right-to-left sentence it keeps its own direction and does not pull the punctuation around it.
 */
function isolated(text: string, parts: string[]): ReactNode {
  const wanted = parts.filter((p) => p && text.includes(p));
  if (!wanted.length) return text;
  // Longest first, so a part that contains another is isolated whole.
  const pattern = new RegExp(
    `(${wanted
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|")})`,
  );
  return text
    .split(pattern)
    .map((piece, i) => (i % 2 === 1 ? <bdi key={i}>{piece}</bdi> : piece))
    .filter((piece) => piece !== "");
}
