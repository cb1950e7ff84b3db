import { UtcTime } from "./time";

/** A page's "History" section: dated one-line entries, oldest first; nothing when there are none. */
export function HistoryList({ entries, headingId, className }: { entries: { at: string | Date; text: string }[]; headingId: string; className: string }) {
  if (!entries.length) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>History</h2>
      <ol className={className}>
        {entries.map((h, i) => (
          <li key={i}>
            <UtcTime value={h.at} /> — {h.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
