// The worker's part in attachments: extracting the text of new ones. Extraction can take seconds
// (a long PDF), so it runs beside the worker's other tasks rather than inside their tick.
import path from "node:path";
import { db } from "~/services/db.server";
import { attachmentStore, stagingDir } from "~/services/attachment-store.server";
import { EXTRACT_DEFAULTS, extractText, type ExtractOptions } from "./extract.server";

/**
 * Extracts the text of up to `limit` attachments still waiting for it, oldest first, and records
 * the text or why there is none. Returns how many were handled.
 */
export async function extractPendingTexts({
  limit = 10,
  now = new Date(),
  options = {},
}: { limit?: number; now?: Date; options?: Partial<ExtractOptions> } = {}): Promise<number> {
  const settings: ExtractOptions = { ...EXTRACT_DEFAULTS, scratchDir: path.join(stagingDir(), "extract"), ...options };
  const pending = await db().attachment.findMany({
    where: { textStatus: "pending" },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, storageKey: true, mediaType: true },
  });
  for (const a of pending) {
    let bytes: Buffer | null = null;
    try {
      bytes = await attachmentStore().read(a.storageKey);
    } catch (error) {
      console.error(`[attachments] could not read ${a.storageKey}:`, error);
    }
    const result = bytes ? await extractText(bytes, a.mediaType, settings) : ({ ok: false, note: "the file could not be read from storage" } as const);
    await db().attachment.updateMany({
      where: { id: a.id, textStatus: "pending" },
      data: result.ok
        ? { textStatus: "ready", text: result.text, textNote: null, textAt: now }
        : { textStatus: "unavailable", text: null, textNote: result.note, textAt: now },
    });
  }
  return pending.length;
}

let running: Promise<void> | null = null;

/**
 * The worker task: starts draining the waiting attachments unless a drain is already running, and
 * returns at once, so mail and notifications never wait for a long PDF.
 */
export function startTextExtraction(): Promise<void> {
  running ??= (async () => {
    try {
      while ((await extractPendingTexts()) > 0) {
        /* the next batch */
      }
    } catch (error) {
      console.error("[attachments] text extraction failed:", error);
    } finally {
      running = null;
    }
  })();
  return Promise.resolve();
}
