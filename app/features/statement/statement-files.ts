// The files of the final statement: pure rules shared by the builder, publishing and the pages.
// A file is on the statement's draft until it is removed; publishing freezes the draft's files
// with the revision, and a file a published revision lists is public and never deleted.
import { MAX_ATTACHMENTS } from "~/features/attachments/rules";
import { NOUNS, plural } from "~/models/plural";

/** The statement's files that are on its draft (the next revision publishes them): a query filter. */
export const DRAFT_FILES = { detachedAt: null } as const;

export function statementFilePath(slug: string, position: number): string {
  return `/consultations/${slug}/statement/a/${position}`;
}

/** Why `adding` more files cannot join the `onDraft` files already on the draft, or null. */
export function draftFilesRefusal(onDraft: number, adding: number): string | null {
  if (onDraft + adding <= MAX_ATTACHMENTS) return null;
  const room = MAX_ATTACHMENTS - onDraft;
  return `The statement can carry at most ${plural(MAX_ATTACHMENTS, NOUNS.file)} and already has ${onDraft}: ${
    room > 0 ? `add at most ${plural(room, NOUNS.file)}` : "remove one before adding another"
  }.`;
}

/**
 * The permalink numbers of new files: after every number the statement ever used, so a number
 * keeps meaning the same file in every revision, even after a file is removed.
 */
export function nextPositions(used: readonly number[], count: number): number[] {
  const start = used.length ? Math.max(...used) + 1 : 1;
  return Array.from({ length: count }, (_, i) => start + i);
}

/** What removing a file from the draft does: delete it, or take it off the draft and keep it for the revisions that list it. */
export function removal(file: { detachedAt: Date | null; revisions: readonly number[] }): "delete" | "detach" | "not-on-draft" {
  if (file.detachedAt) return "not-on-draft";
  return file.revisions.length ? "detach" : "delete";
}

/** Whether a statement's file is shown to a viewer: once a published revision lists it, or to IFM staff while it is a draft's. */
export function statementFileServed(file: { revisions: readonly number[] }, viewer: { isStaff: boolean }): boolean {
  return file.revisions.length > 0 || viewer.isStaff;
}

/** "Published with revision 1", "Published with revisions 1 and 2", or the draft's word. */
export function revisionsSentence(revisions: readonly number[]): string {
  if (!revisions.length) return "On the draft: not published yet (only IFM staff see it).";
  const sorted = [...revisions].sort((a, b) => a - b);
  const list = sorted.length === 1 ? String(sorted[0]) : `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
  return `Published with ${sorted.length === 1 ? "revision" : "revisions"} ${list} of the statement.`;
}

/** A file as the statement's content records it (hashed with the revision). */
export type StatementFileEntry = { position: number; fileName: string; mediaType: string; size: number; sha256: string; path: string };

/** Whether the files a revision's content lists are exactly the draft's files now (nothing changed while publishing). */
export function sameFiles(listed: readonly Pick<StatementFileEntry, "position" | "sha256">[], draft: readonly { position: number; sha256: string }[]): boolean {
  const key = (f: { position: number; sha256: string }) => `${f.position}:${f.sha256}`;
  const a = listed.map(key).sort();
  const b = draft.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
