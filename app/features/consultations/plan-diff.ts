import { diffWordsWithSpace } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };
export type DiffSummary = { parts: DiffPart[]; addedWords: number; removedWords: number };

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A word-level diff of two plan texts (their markdown sources: what the IFM wrote, so every
 * change is visible, including link targets and headings). Runs of changed words separated only
 * by spaces are joined into one deletion followed by one insertion, so "1 March" → "15 April"
 * reads as one change rather than alternating fragments.
 */
export function diffPlans(before: string, after: string): DiffSummary {
  const changes = diffWordsWithSpace(before, after);
  const parts: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) parts.push({ kind: "removed", text: removed });
    if (added) parts.push({ kind: "added", text: added });
    removed = added = "";
  };
  changes.forEach((change, i) => {
    if (change.removed) removed += change.value;
    else if (change.added) added += change.value;
    else {
      const next = changes[i + 1];
      const bridgesChanges = (removed || added) && /^[ \t]+$/.test(change.value) && next && (next.added || next.removed);
      if (bridgesChanges) {
        removed += change.value;
        added += change.value;
        return;
      }
      flush();
      const last = parts[parts.length - 1];
      if (last?.kind === "same") last.text += change.value;
      else parts.push({ kind: "same", text: change.value });
    }
  });
  flush();
  return {
    parts,
    addedWords: parts.filter((p) => p.kind === "added").reduce((n, p) => n + words(p.text), 0),
    removedWords: parts.filter((p) => p.kind === "removed").reduce((n, p) => n + words(p.text), 0),
  };
}
