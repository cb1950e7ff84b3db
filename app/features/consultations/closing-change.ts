// A change of a comment period's closing time: an extension (later) or a shortening (earlier).
// Both are stored alike (ClosingExtension rows, one per change, with the reason); which one a row
// is follows from its two times, so every page, feed and export words it from here.

export type ClosingChangeKind = "extended" | "shortened";

type Times = { previousClosesAt: Date | string; newClosesAt: Date | string };

export function closingChangeKind({ previousClosesAt, newClosesAt }: Times): ClosingChangeKind {
  return new Date(newClosesAt).getTime() < new Date(previousClosesAt).getTime() ? "shortened" : "extended";
}

/** The label of a change in lists of facts ("Extended: from … to …"). */
export const CLOSING_CHANGE_LABELS: Record<ClosingChangeKind, string> = { extended: "Extended", shortened: "Shortened" };
