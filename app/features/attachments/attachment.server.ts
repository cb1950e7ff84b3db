/**
 * Attachments on comments: receiving uploads (type from the bytes, limits from the settings),
 * keeping their bytes in the store around the comment's own transaction, and reading them back
 * for their pages and downloads. The rows themselves are written by postComment, in the same
 * transaction as the comment, so a comment never exists without its files or the other way round.
 */
import fs from "node:fs/promises";
import { db } from "~/services/db.server";
import { attachmentStore } from "~/services/attachment-store.server";
import { MAX_BODY_BYTES } from "~/services/http-security.server";
import type { UploadLimits } from "~/services/multipart.server";
import type { Uploads } from "~/services/form-action.server";
import { newId } from "~/services/sql.server";
import { getSettings } from "~/models/settings.server";
import { refused, type Refused } from "~/models/refusal.server";
import { formatCommentRef, parseCommentRef } from "~/features/comments/reference";
import { detectType, pdfHasActiveContent } from "./inspect.server";
import {
  cleanFileName,
  contentDisposition,
  filesProblem,
  MAX_ATTACHMENTS,
  quotaProblem,
  servedInline,
  type AttachmentLimits,
  type AttachmentType,
  type FilesProblem,
} from "./rules";
import { sizeIn } from "./words";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { shownName } from "~/models/names";

const MB = 1_000_000;

export async function attachmentLimits(): Promise<AttachmentLimits> {
  const limits = await getSettings(["ATTACHMENT_MAX_MB", "ATTACHMENTS_PER_USER_PER_DAY", "ATTACHMENT_MB_PER_CONSULTATION"]);
  return {
    maxBytes: Number(limits.ATTACHMENT_MAX_MB) * MB,
    perUserPerDay: Number(limits.ATTACHMENTS_PER_USER_PER_DAY),
    perConsultationBytes: Number(limits.ATTACHMENT_MB_PER_CONSULTATION) * MB,
  };
}

/** How the comment forms' multipart bodies are read (handleForm's `uploads`). */
export function uploadLimits(limits: AttachmentLimits): UploadLimits {
  return { maxFiles: MAX_ATTACHMENTS, maxFileBytes: limits.maxBytes, maxFieldBytes: MAX_BODY_BYTES };
}

/** An attachment ready to be recorded with its comment (its bytes are staged, then stored). */
export type NewAttachment = {
  id: string;
  storageKey: string;
  position: number;
  fileName: string;
  mediaType: AttachmentType;
  size: number;
  sha256: string;
  activeContent: boolean;
  stagedPath: string;
};

/**
 * Why the files cannot be attached (one sentence naming the file), in `locale`; `tooMany` words
 * the refusal of too many files for what carries them (a comment unless told).
 */
function filesRefusalIn(problem: FilesProblem, limits: Pick<AttachmentLimits, "maxBytes">, locale: Locale, tooMany: MessageId): string {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  switch (problem.kind) {
    case "tooMany":
      return say(tooMany, { max: MAX_ATTACHMENTS, chosen: problem.chosen });
    case "tooLarge":
      return say("comments.refusal.files.tooLarge", { fileName: problem.fileName, size: sizeIn(say, limits.maxBytes) });
    case "empty":
      return say("comments.refusal.files.empty", { fileName: problem.fileName });
    case "wrongType":
      return say("comments.refusal.files.wrongType", { fileName: problem.fileName, types: say("comments.attachment.acceptedTypes") });
  }
}

/** Why the quotas refuse a comment's files, in `locale`, or null. */
export function commentQuotaRefusal(
  usage: { userToday: number; consultationBytes: number },
  adding: { files: number; bytes: number },
  limits: Omit<AttachmentLimits, "maxBytes">,
  locale: Locale,
): string | null {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const problem = quotaProblem(usage, adding, limits);
  if (problem?.kind === "perDay") return say("comments.refusal.quota.perDay", { limit: limits.perUserPerDay, left: problem.left });
  if (problem?.kind === "consultation") return say("comments.refusal.quota.consultation", { size: sizeIn(say, limits.perConsultationBytes) });
  return null;
}

/**
 * The files posted in the form's `attachments` field, checked: or the sentence that refuses them
 * in `locale`, too many of them worded by `tooMany` (a comment's message unless told).
 */
export async function receiveAttachments(
  uploads: Uploads,
  limits: AttachmentLimits,
  locale: Locale = DEFAULT_LOCALE,
  tooMany: MessageId = "comments.refusal.files.tooMany",
): Promise<{ ok: true; files: NewAttachment[] } | Refused> {
  const posted = uploads.files.filter((f) => f.field === "attachments");
  const extra = uploads.extraFiles + (uploads.files.length - posted.length);
  const typed = await Promise.all(posted.map(async (f) => ({ f, mediaType: f.truncated || f.size === 0 ? null : await detectType(f.path) })));
  const received = typed.map(({ f, mediaType }) => ({ fileName: f.fileName, size: f.size, truncated: f.truncated, mediaType }));
  const problem = filesProblem(received, extra, limits);
  const why = problem && filesRefusalIn(problem, limits, locale, tooMany);
  if (why) return refused(400, why, "attachments");
  const files: NewAttachment[] = [];
  for (const [i, { f, mediaType }] of typed.entries()) {
    const id = newId();
    files.push({
      id,
      storageKey: id,
      position: i + 1,
      fileName: cleanFileName(f.fileName),
      mediaType: mediaType as AttachmentType,
      size: f.size,
      sha256: f.sha256,
      activeContent: mediaType === "application/pdf" && pdfHasActiveContent(await fs.readFile(f.path)),
      stagedPath: f.path,
    });
  }
  return { ok: true, files };
}

/**
 * Stores the files, runs `save` (which records them with their comment), and removes them again
 * when `save` did not keep them (a refusal, or a double submit answered with the first comment).
 */
export async function withStoredAttachments<R extends { ok: boolean; duplicate?: boolean }>(
  files: readonly NewAttachment[],
  save: () => Promise<R>,
): Promise<R> {
  const store = attachmentStore();
  const stored: NewAttachment[] = [];
  let kept = false;
  try {
    for (const f of files) {
      await store.put(f.storageKey, f.stagedPath);
      stored.push(f);
    }
    const result = await save();
    kept = result.ok && !result.duplicate;
    return result;
  } finally {
    if (!kept) await Promise.all(stored.map((f) => store.remove(f.storageKey)));
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export type AttachmentViewer = { isStaff: boolean };

/** What an attachment's page shows of it (a comment's or the statement's). */
export type AttachmentFacts = {
  position: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  activeContent: boolean;
  createdAt: Date;
  textStatus: string;
  textNote: string | null;
  /** Null while the text is being extracted, when none could be, or when the file is not served. */
  text: string | null;
};

export type AttachmentDetails = {
  consultation: { slug: string; title: string };
  comment: { ref: string; authorName: string; state: "visible" | "hidden" | "withdrawn"; hiddenReason: string | null };
  attachment: AttachmentFacts;
  /** Whether the viewer may have the file (and its text): not when its comment is withdrawn, or hidden (but for IFM staff). */
  served: boolean;
};

const attachmentSelect = {
  id: true,
  position: true,
  fileName: true,
  mediaType: true,
  size: true,
  sha256: true,
  activeContent: true,
  createdAt: true,
  textStatus: true,
  textNote: true,
  text: true,
  storageKey: true,
  comment: {
    select: { seq: true, hiddenAt: true, hiddenReason: true, withdrawnAt: true, author: { select: { displayName: true } } },
  },
} as const;

async function findAttachment({ slug, ref, position }: { slug: string; ref: string; position: string }) {
  const parsed = parseCommentRef(ref);
  const n = Number(position);
  if (!parsed || !Number.isInteger(n) || n < 1 || n > MAX_ATTACHMENTS) return null;
  const consultation = await db().consultation.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, number: true, publishedAt: true } });
  if (!consultation || !consultation.publishedAt || consultation.number !== parsed.number) return null;
  const found = await db().attachment.findFirst({
    where: { consultationId: consultation.id, position: n, comment: { seq: parsed.seq } },
    select: attachmentSelect,
  });
  return found?.comment ? { consultation, found, comment: found.comment } : null;
}

function isServed(comment: { hiddenAt: Date | null; withdrawnAt: Date | null }, viewer: AttachmentViewer): boolean {
  if (comment.withdrawnAt) return false;
  return !comment.hiddenAt || viewer.isStaff;
}

/** An attachment's page: what it is, its hash, and its text, or its tombstone. Null: no such attachment. */
export async function getAttachmentDetails(args: { slug: string; ref: string; position: string; viewer: AttachmentViewer }): Promise<AttachmentDetails | null> {
  const hit = await findAttachment(args);
  if (!hit) return null;
  const { consultation, found, comment: c } = hit;
  const served = isServed(c, args.viewer);
  return {
    consultation: { slug: consultation.slug, title: consultation.title },
    comment: {
      ref: formatCommentRef(consultation.number, c.seq),
      authorName: shownName(c.author.displayName),
      state: c.withdrawnAt ? "withdrawn" : c.hiddenAt ? "hidden" : "visible",
      hiddenReason: c.hiddenAt ? c.hiddenReason : null,
    },
    attachment: {
      position: found.position,
      fileName: found.fileName,
      mediaType: found.mediaType,
      size: found.size,
      sha256: found.sha256,
      activeContent: found.activeContent,
      createdAt: found.createdAt,
      textStatus: found.textStatus,
      textNote: found.textNote,
      text: served ? found.text : null,
    },
    served,
  };
}

/** The file itself, when the viewer may have it; null when there is none or it is not served. */
export async function getAttachmentFile(args: { slug: string; ref: string; position: string; viewer: AttachmentViewer }) {
  const hit = await findAttachment(args);
  if (!hit || !isServed(hit.comment, args.viewer)) return null;
  return readServedFile(hit.found);
}

/** An attachment's bytes from the store with what serving them needs; null when the store has lost them. */
export async function readServedFile(found: { storageKey: string; fileName: string; mediaType: string; size: number; sha256: string; activeContent: boolean }) {
  const bytes = await attachmentStore().read(found.storageKey);
  if (!bytes) return null;
  const { fileName, mediaType, size, sha256, activeContent } = found;
  return { fileName, mediaType, size, sha256, activeContent, bytes };
}

/**
 * The HTTP answer carrying an attachment. It can never act as a page of this site: a sandboxed
 * document (an opaque origin: no scripts, no cookies, no forms), never sniffed into another type,
 * shown inline only for PDFs without scripts and images, downloaded otherwise.
 */
export function attachmentResponse(file: NonNullable<Awaited<ReturnType<typeof readServedFile>>>, request: Request): Response {
  const etag = `"${file.sha256}"`;
  const headers = new Headers({
    "Content-Type": file.mediaType === "text/plain" ? "text/plain; charset=utf-8" : file.mediaType,
    "Content-Disposition": contentDisposition(servedInline(file) ? "inline" : "attachment", file.fileName),
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    // RFC 9530: the hash the attachment's page shows, for clients that check it.
    "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
    ETag: etag,
    // Revalidated every time: a file whose comment is hidden must stop being served at once.
    "Cache-Control": "no-cache",
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(file.bytes.length));
  return new Response(new Uint8Array(file.bytes.buffer as ArrayBuffer, file.bytes.byteOffset, file.bytes.byteLength), { status: 200, headers });
}
