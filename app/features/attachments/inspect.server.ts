// What an uploaded file is, from its bytes alone: the magic numbers (file-type, which also looks
// inside a zip for .docx and .odt), or text when it is valid UTF-8 with no control characters.
import fs from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import { isAttachmentType, type AttachmentType } from "./rules";

/** The accepted type the file's bytes say it is, or null. */
export async function detectType(path: string): Promise<AttachmentType | null> {
  const found = await fileTypeFromFile(path);
  if (found) return isAttachmentType(found.mime) ? found.mime : null;
  return isPlainText(await fs.readFile(path)) ? "text/plain" : null;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text: decodes strictly, and has no control characters but tab, line breaks and form feed. */
export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return false;
  }

  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

// PDF names that make a document do something when it is opened or clicked: scripts, launching
// programs, embedded files, forms that submit, rich media.
const ACTIVE_NAMES = /\/(?:JavaScript|JS|Launch|AA|OpenAction|RichMedia|XFA|EmbeddedFiles?|SubmitForm|ImportData|GoToE)(?![A-Za-z0-9])/;

/**
 * Whether a PDF carries scripts or actions. PDF names may spell letters as `#xx`, so those are
 * decoded first. A match only means the file is never shown inline: it stays downloadable.
 */
export function pdfHasActiveContent(bytes: Buffer): boolean {
  const text = bytes.toString("latin1").replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return ACTIVE_NAMES.test(text);
}
