// The words of the attachment pages and refusals that depend on a file: its type and its size, as
// message ids of the comments catalogue (the English words are those of rules.ts).
import type { MessageId } from "~/i18n/message-id";
import { isAttachmentType, sizeInUnits, type AttachmentType } from "./rules";

const TYPE_LABELS: Record<AttachmentType, MessageId> = {
  "application/pdf": "comments.attachment.type.pdf",
  "text/plain": "comments.attachment.type.text",
  "image/png": "comments.attachment.type.png",
  "image/jpeg": "comments.attachment.type.jpeg",
  "application/vnd.oasis.opendocument.text": "comments.attachment.type.odt",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "comments.attachment.type.docx",
};

const SIZE_LABELS = { bytes: "comments.attachment.size.bytes", kb: "comments.attachment.size.kb", mb: "comments.attachment.size.mb" } as const;

type Say = (id: MessageId, values?: Record<string, string | number>) => string;

/** What people call a file's type (its media type when it is none we accept). */
export function typeLabelIn(say: Say, mediaType: string): string {
  return isAttachmentType(mediaType) ? say(TYPE_LABELS[mediaType]) : mediaType;
}

/** "1.2 MB", "830 KB", "12 bytes" in the language of `say`. */
export function sizeIn(say: Say, bytes: number): string {
  const { unit, count } = sizeInUnits(bytes);
  return say(SIZE_LABELS[unit], { count });
}
