// The files of the final statement: pure rules shared by the builder, publishing and the pages.
// A file is on the statement's draft until it is removed; publishing freezes the draft's files
// with the revision, and a file a published revision lists is public and never deleted.
import { MAX_ATTACHMENTS } from "~/features/attachments/rules";
import type { MessageId } from "~/i18n/message-id";

/** The statement's files that are on its draft (the next revision publishes them): a query filter. */
export const DRAFT_FILES = { detachedAt: null } as const;

export function statementFilePath(slug: string, position: number): string {
  return `/consultations/${slug}/statement/a/${position}`;
}

/** Why `adding` more files cannot join the `onDraft` files already on the draft, or null, in the language of `say`. */
export function draftFilesRefusal(onDraft: number, adding: number, say: (id: MessageId, values?: Record<string, string | number>) => string): string | null {
  if (onDraft + adding <= MAX_ATTACHMENTS) return null;
  return say("statement.refusal.files.full", { max: MAX_ATTACHMENTS, onDraft, room: Math.max(0, MAX_ATTACHMENTS - onDraft) });
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

/** "Published with revision 1", "Published with revisions 1 and 2", or the draft's word, in the language of `say`. */
export function revisionsSentence(revisions: readonly number[], say: (id: MessageId, values?: Record<string, string | number>) => string): string {
  if (!revisions.length) return say("statement.file.onDraft");
  const sorted = [...revisions].sort((a, b) => a - b);
  const last = sorted[sorted.length - 1]!;
  return sorted.length === 1
    ? say("statement.file.publishedWithOne", { last })
    : say("statement.file.publishedWithMany", { list: sorted.slice(0, -1).join(", "), last });
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
