// What may be attached to a comment, and how an attachment is served: pure rules, shared by the
// upload checks (inspect.server.ts), the pages and the file route.
import { NOUNS, plural } from "~/models/plural";

/** Files one comment can carry. */
export const MAX_ATTACHMENTS = 5;
/** The largest per-file limit an administrator can set (the upload addresses' body limit, http-security.server.ts, follows from it). */
export const MAX_ATTACHMENT_MB_CEILING = 25;

/** The types accepted, decided from the bytes: media type → what people call it. */
export const ATTACHMENT_TYPES = {
  "application/pdf": "PDF",
  "text/plain": "plain text",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "application/vnd.oasis.opendocument.text": "OpenDocument text",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document (.docx)",
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const ACCEPTED_TYPES_SENTENCE = "PDF, plain text, PNG, JPEG, OpenDocument text (.odt) or Word (.docx)";

/** The `accept` attribute of the file input: a hint for the browser's picker, never a check. */
export const ACCEPT_ATTRIBUTE = [".pdf", ".txt", ".png", ".jpg", ".jpeg", ".odt", ".docx", ...Object.keys(ATTACHMENT_TYPES)].join(",");

export function isAttachmentType(mediaType: string | null | undefined): mediaType is AttachmentType {
  return !!mediaType && Object.hasOwn(ATTACHMENT_TYPES, mediaType);
}

export function typeLabel(mediaType: string): string {
  return isAttachmentType(mediaType) ? ATTACHMENT_TYPES[mediaType] : mediaType;
}

/**
 * Whether a browser may show the file itself (PDF and images) rather than download it. A PDF
 * that carries scripts or actions is only ever a download.
 */
export function servedInline(a: { mediaType: string; activeContent: boolean }): boolean {
  if (a.mediaType === "image/png" || a.mediaType === "image/jpeg") return true;
  return a.mediaType === "application/pdf" && !a.activeContent;
}

/** The unit a size is read in, and its number in that unit (decimal units, like file managers). */
export function sizeInUnits(bytes: number): { unit: "bytes" | "kb" | "mb"; count: number } {
  if (bytes < 1000) return { unit: "bytes", count: bytes };
  if (bytes < 1_000_000) return { unit: "kb", count: Math.round(bytes / 1000) };
  return { unit: "mb", count: Number((bytes / 1_000_000).toFixed(1)) };
}

/** "1.2 MB", "830 KB", "12 bytes": sizes as people read them, in English (words.ts: in the page's language). */
export function formatSize(bytes: number): string {
  const { unit, count } = sizeInUnits(bytes);
  return unit === "bytes" ? plural(count, NOUNS.byte) : `${count} ${unit === "kb" ? "KB" : "MB"}`;
}

/** A file name safe to show and to put in Content-Disposition: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";

  const clean = base
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(-200);
  return clean || "attachment";
}

/** `Content-Disposition` with the name in both forms (RFC 6266: an ASCII fallback and UTF-8). */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export type AttachmentLimits = {
  maxBytes: number;
  perUserPerDay: number;
  /** All attachments of one consultation together. */
  perConsultationBytes: number;
};

/** A file as received, with the type its bytes say (null: none we accept). */
export type ReceivedFile = { fileName: string; size: number; truncated: boolean; mediaType: string | null };

/** What is wrong with a choice of files: too many, or the first file that cannot be attached. */
export type FilesProblem = { kind: "tooMany"; chosen: number } | { kind: "tooLarge" | "empty" | "wrongType"; fileName: string };

/**
 * What is wrong with these files, or null. Checked before anything is stored; the quotas that
 * depend on earlier uploads are checked when the comment is saved (quotaProblem).
 */
export function filesProblem(files: readonly ReceivedFile[], extraFiles: number, limits: Pick<AttachmentLimits, "maxBytes">): FilesProblem | null {
  if (files.length + extraFiles > MAX_ATTACHMENTS) return { kind: "tooMany", chosen: files.length + extraFiles };
  for (const f of files) {
    const fileName = cleanFileName(f.fileName);
    if (f.truncated || f.size > limits.maxBytes) return { kind: "tooLarge", fileName };
    if (f.size === 0) return { kind: "empty", fileName };
    if (!isAttachmentType(f.mediaType)) return { kind: "wrongType", fileName };
  }
  return null;
}

/** Why these files cannot be attached (one English sentence naming the file), or null. */
export function filesRefusal(
  files: readonly ReceivedFile[],
  extraFiles: number,
  limits: Pick<AttachmentLimits, "maxBytes">,
  /** What carries the files, in the sentence that refuses too many. */
  holder = "A comment",
): string | null {
  const problem = filesProblem(files, extraFiles, limits);
  switch (problem?.kind) {
    case undefined:
      return null;
    case "tooMany":
      return `${holder} can carry at most ${plural(MAX_ATTACHMENTS, NOUNS.file)}; you chose ${problem.chosen}. Remove some and choose them again.`;
    case "tooLarge":
      return `“${problem.fileName}” is larger than ${formatSize(limits.maxBytes)}, the most one attachment can be. Choose a smaller file (or split it).`;
    case "empty":
      return `“${problem.fileName}” is empty. Choose the file again.`;
    case "wrongType":
      return `“${problem.fileName}” is not a file type we accept (whatever its name says): attach ${ACCEPTED_TYPES_SENTENCE}.`;
  }
}

/** Which quota refuses `adding` more files of `addingBytes`, or null; `left` is what remains for today. */
export function quotaProblem(
  usage: { userToday: number; consultationBytes: number },
  adding: { files: number; bytes: number },
  limits: Omit<AttachmentLimits, "maxBytes">,
): { kind: "perDay"; left: number } | { kind: "consultation" } | null {
  if (usage.userToday + adding.files > limits.perUserPerDay) return { kind: "perDay", left: Math.max(0, limits.perUserPerDay - usage.userToday) };
  if (usage.consultationBytes + adding.bytes > limits.perConsultationBytes) return { kind: "consultation" };
  return null;
}

/** Why the quotas refuse `adding` more files of `addingBytes` (in English), or null. */
export function quotaRefusal(
  usage: { userToday: number; consultationBytes: number },
  adding: { files: number; bytes: number },
  limits: Omit<AttachmentLimits, "maxBytes">,
): string | null {
  const problem = quotaProblem(usage, adding, limits);
  if (problem?.kind === "perDay") {
    const left = problem.left;
    return `You can attach at most ${plural(limits.perUserPerDay, NOUNS.file)} a day; ${left === 0 ? "none is" : `only ${plural(left, NOUNS.file)} ${left === 1 ? "is" : "are"}`} left for today. Post without some of them, or try again tomorrow.`;
  }
  if (problem?.kind === "consultation") {
    return `This consultation has reached the ${formatSize(limits.perConsultationBytes)} it can hold in attachments. Post your text, and send the file to the IFM another way.`;
  }
  return null;
}
