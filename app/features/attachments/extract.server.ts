/**
 * The text of an attachment, for search, its "text of the attachment" view and the statement
 * builder: PDF through Debian's `pdftotext` (poppler-utils), .docx through mammoth, .odt from its
 * content.xml, plain text as it is. Whatever goes wrong — a malformed file, a zip that expands
 * too far, a run past the time limit, a missing tool — is an answer ("text not available" with the
 * reason), never an exception.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import mammoth from "mammoth";
import yauzl from "yauzl";

export type Extraction = { ok: true; text: string } | { ok: false; note: string };

export type ExtractOptions = {
  /** Longest an extraction may run. */
  timeoutMs: number;
  /** Most bytes all the files of a .docx or .odt may expand to (zip bombs). */
  maxUnzippedBytes: number;
  /** Where pdftotext's input is written for the time it runs. */
  scratchDir: string;
};

export const EXTRACT_DEFAULTS = { timeoutMs: 20_000, maxUnzippedBytes: 100_000_000 } as const;
/** Text kept per attachment: a long report fits; what follows is dropped, and said to be. */
export const MAX_TEXT_CHARS = 2_000_000;

class Unavailable extends Error {}

const tooLong = (ms: number) => `extracting it took longer than the time limit (${Math.max(1, Math.round(ms / 1000))} s)`;

export async function extractText(bytes: Buffer, mediaType: string, options: ExtractOptions): Promise<Extraction> {
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Unavailable(tooLong(options.timeoutMs))), options.timeoutMs);
  });
  try {
    const raw = await Promise.race([textOf(bytes, mediaType, options), timeLimit]);
    const text = tidy(raw);
    if (!text) return { ok: false, note: "the file contains no text (a scan, perhaps)" };
    return { ok: true, text: text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n[… the rest of the text is not shown here]` : text };
  } catch (error) {
    return { ok: false, note: error instanceof Unavailable ? error.message : "the file could not be read (it may be damaged)" };
  } finally {
    clearTimeout(timer);
  }
}

function textOf(bytes: Buffer, mediaType: string, options: ExtractOptions): Promise<string> {
  switch (mediaType) {
    case "text/plain":
      return Promise.resolve(bytes.toString("utf8"));
    case "application/pdf":
      return pdfText(bytes, options);
    case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
      return checkedZip(bytes, options.maxUnzippedBytes).then(async () => (await mammoth.extractRawText({ buffer: bytes })).value);
    case "application/vnd.oasis.opendocument.text":
      return checkedZip(bytes, options.maxUnzippedBytes).then(async (entries) => odtText(entries.get("content.xml") ?? ""));
    case "image/png":
    case "image/jpeg":
      return Promise.reject(new Unavailable("it is an image (images are not read for text)"));
    default:
      return Promise.reject(new Unavailable("its type has no text to extract"));
  }
}

/** Line breaks made uniform, trailing spaces and runs of blank lines removed. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\f/g, "\n\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

async function pdfText(bytes: Buffer, options: ExtractOptions): Promise<string> {
  await fs.mkdir(options.scratchDir, { recursive: true });
  const input = path.join(options.scratchDir, `pdf-${randomBytes(8).toString("hex")}.pdf`);
  await fs.writeFile(input, bytes);
  try {
    return await new Promise<string>((resolve, reject) => {
      // pdftotext is killed when it runs past the limit (the race in extractText answers first).
      execFile(
        "pdftotext",
        ["-enc", "UTF-8", "-q", input, "-"],
        { timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: "SIGKILL" },
        (error, stdout) => {
          if (!error) return resolve(stdout);
          if ((error as NodeJS.ErrnoException).code === "ENOENT") return reject(new Unavailable("the server has no PDF reader installed (pdftotext)"));
          if (error.killed) return reject(new Unavailable(tooLong(options.timeoutMs)));
          reject(new Unavailable("the PDF could not be read (it may be damaged)"));
        },
      );
    });
  } finally {
    await fs.rm(input, { force: true });
  }
}

/**
 * Opens a .docx or .odt and inflates every entry, counting the bytes really produced (not the
 * sizes the zip declares, which a bomb can lie about): past `maxBytes` it stops and refuses.
 * Returns the XML entries' texts that the ODT reader needs.
 */
function checkedZip(bytes: Buffer, maxBytes: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new Unavailable("the document could not be read (it may be damaged)"));
      let total = 0;
      const kept = new Map<string, string>();
      const fail = (why: Unavailable) => {
        zip.close();
        reject(why);
      };
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(new Unavailable("the document could not be read (it may be damaged)"));
          const chunks: Buffer[] = [];
          const keep = entry.fileName === "content.xml";
          stream.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes) {
              stream.destroy();
              return fail(new Unavailable(`the document expands to more than ${Math.round(maxBytes / 1_000_000)} MB when unpacked`));
            }
            if (keep) chunks.push(chunk);
          });
          stream.on("error", () => fail(new Unavailable("the document could not be read (it may be damaged)")));
          stream.on("end", () => {
            if (keep) kept.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(kept));
      zip.on("error", () => fail(new Unavailable("the document could not be read (it may be damaged)")));
      zip.readEntry();
    });
  });
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The paragraphs and headings of an OpenDocument's content.xml, one per line. */
function odtText(xml: string): string {
  if (!xml) throw new Unavailable("the document has no content.xml");
  const body = xml.replace(/^[\s\S]*?<office:body>/, "");
  return body
    .replace(/<text:tab\s*\/>/g, "\t")
    .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n: string | undefined) => " ".repeat(Number(n ?? 1)))
    .replace(/<text:line-break\s*\/>/g, "\n")
    .replace(/<\/text:(?:p|h)>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|apos);|&#(\d+);|&#x([0-9a-fA-F]+);/g, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
      name ? XML_ENTITIES[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
    );
}
