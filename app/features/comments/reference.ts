// Comment reference numbers and limits, shared by the server and pages (no server imports).

/** Authors may edit their comment for this long after posting it. */
export const EDIT_WINDOW_MINUTES = 15;
/** Longest comment, in characters (after trimming). */
export const MAX_COMMENT_LENGTH = 20_000;
/** Replies deeper than this are shown behind a "continue this thread" link. */
export const MAX_DISPLAY_DEPTH = 5;

/** The public, stable reference of a comment: "<consultation number>-<sequence>", e.g. "4-17". */
export function formatCommentRef(consultationNumber: number, seq: number): string {
  return `${consultationNumber}-${seq}`;
}

/** "4-17" → { number: 4, seq: 17 }; anything else (including "04-1", "4-0") → null. */
export function parseCommentRef(ref: string | null | undefined): { number: number; seq: number } | null {
  if (typeof ref !== "string") return null;
  const match = /^([1-9]\d{0,8})-([1-9]\d{0,8})$/.exec(ref.trim());
  if (!match) return null;
  return { number: Number(match[1]), seq: Number(match[2]) };
}

/** The id of a comment's element on the consultation page, for permalinks: "c-4-17". */
export function commentAnchorId(ref: string): string {
  return `c-${ref}`;
}

/** Orders of the threads on a consultation page. */
export type ThreadSort = "newest" | "oldest" | "section";
export const THREAD_SORTS: readonly ThreadSort[] = ["newest", "oldest", "section"];
