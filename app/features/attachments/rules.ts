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

/** "1.2 MB", "830 KB", "12 bytes": sizes as people read them (decimal units, like file managers). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return plural(bytes, NOUNS.byte);
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, "")} MB`;
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

/**
 * Why these files cannot be attached (one sentence naming the file), or null. Checked before
 * anything is stored; the quotas that depend on earlier uploads are checked when the comment is
 * saved (quotaRefusal).
 */
export function filesRefusal(
  files: readonly ReceivedFile[],
  extraFiles: number,
  limits: Pick<AttachmentLimits, "maxBytes">,
  /** What carries the files, in the sentence that refuses too many. */
  holder = "A comment",
): string | null {
  if (files.length + extraFiles > MAX_ATTACHMENTS) {
    return `${holder} can carry at most ${plural(MAX_ATTACHMENTS, NOUNS.file)}; you chose ${files.length + extraFiles}. Remove some and choose them again.`;
  }
  for (const f of files) {
    if (f.truncated || f.size > limits.maxBytes) {
      return `“${cleanFileName(f.fileName)}” is larger than ${formatSize(limits.maxBytes)}, the most one attachment can be. Choose a smaller file (or split it).`;
    }
    if (f.size === 0) return `“${cleanFileName(f.fileName)}” is empty. Choose the file again.`;
    if (!isAttachmentType(f.mediaType)) {
      return `“${cleanFileName(f.fileName)}” is not a file type we accept (whatever its name says): attach ${ACCEPTED_TYPES_SENTENCE}.`;
    }
  }
  return null;
}

/** Why the quotas refuse `adding` more files of `addingBytes`, or null. */
export function quotaRefusal(
  usage: { userToday: number; consultationBytes: number },
  adding: { files: number; bytes: number },
  limits: Omit<AttachmentLimits, "maxBytes">,
): string | null {
  if (usage.userToday + adding.files > limits.perUserPerDay) {
    const left = Math.max(0, limits.perUserPerDay - usage.userToday);
    return `You can attach at most ${plural(limits.perUserPerDay, NOUNS.file)} a day; ${left === 0 ? "none is" : `only ${plural(left, NOUNS.file)} ${left === 1 ? "is" : "are"}`} left for today. Post without some of them, or try again tomorrow.`;
  }
  if (usage.consultationBytes + adding.bytes > limits.perConsultationBytes) {
    return `This consultation has reached the ${formatSize(limits.perConsultationBytes)} it can hold in attachments. Post your text, and send the file to the IFM another way.`;
  }
  return null;
}
