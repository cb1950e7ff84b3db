/**
 * A multipart form read as it streams: its fields into a FormData, each file into a staging file
 * (hashed with SHA-256 and counted on the way), so a 50 MB upload never sits in memory. What the
 * files are and whether they may be kept is decided by the caller; files it does not take are
 * removed with `discardStaged`.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";

export type StagedFile = {
  /** The form field it was posted in. */
  field: string;
  /** As the browser named it (never trusted for the type). */
  fileName: string;
  /** Bytes received (at most `maxFileBytes`: see `truncated`). */
  size: number;
  sha256: string;
  /** Where the bytes are until the caller keeps or discards them. */
  path: string;
  /** More than `maxFileBytes` arrived: the rest was dropped, so the file must be refused. */
  truncated: boolean;
};

export type UploadLimits = {
  /** Files beyond this many are not staged (counted in `extraFiles`). */
  maxFiles: number;
  maxFileBytes: number;
  /** All the text fields together. */
  maxFieldBytes: number;
};

export type MultipartForm = { form: FormData; files: StagedFile[]; extraFiles: number };

/** The multipart body could not be read (malformed, or fields larger than allowed). */
export class MultipartError extends Error {
  override name = "MultipartError";
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** At most this many parts are looked at, whatever the limits (a body of empty parts is cheap to send). */
const MAX_PARTS = 200;

export async function readMultipart(request: Request, limits: UploadLimits, stagingDir: string): Promise<MultipartForm> {
  if (!request.body) throw new MultipartError("The submitted form has no body.", 400);
  await fs.mkdir(stagingDir, { recursive: true });
  const form = new FormData();
  const files: StagedFile[] = [];
  const writes: Promise<void>[] = [];
  let extraFiles = 0;
  let fieldBytes = 0;

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      // Browsers send file names as raw UTF-8.
      defParamCharset: "utf8",
      limits: { fileSize: limits.maxFileBytes, files: MAX_PARTS, fields: MAX_PARTS, parts: MAX_PARTS, fieldSize: limits.maxFieldBytes },
    });
  } catch {
    throw new MultipartError("The submitted form could not be read: its body is malformed.", 400);
  }

  const done = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => {
      fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (fieldBytes > limits.maxFieldBytes) return reject(new MultipartError("The submitted form is too large.", 413));
      form.append(name, value);
    });
    parser.on("file", (field, stream, info) => {
      // A file input left empty still sends a part with no name and no bytes.
      if (!info.filename) return void stream.resume();
      if (files.length >= limits.maxFiles) {
        extraFiles += 1;
        return void stream.resume();
      }
      const staged: StagedFile = {
        field,
        fileName: info.filename,
        size: 0,
        sha256: "",
        path: path.join(stagingDir, `${Date.now()}-${randomBytes(12).toString("hex")}`),
        truncated: false,
      };
      files.push(staged);
      const hash = createHash("sha256");
      stream.on("data", (chunk: Buffer) => {
        staged.size += chunk.length;
        hash.update(chunk);
      });
      stream.on("limit", () => (staged.truncated = true));
      writes.push(
        pipeline(stream, createWriteStream(staged.path)).then(() => {
          staged.sha256 = hash.digest("hex");
        }),
      );
    });
    parser.on("close", resolve);
    parser.on("error", () => reject(new MultipartError("The submitted form could not be read: its body is malformed.", 400)));
  });

  try {
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    await Promise.all([pipeline(source, parser), done]);
    await Promise.all(writes);
  } catch (error) {
    await Promise.allSettled(writes);
    await discardStaged(files);
    // The body limit (server.ts) already answered with 413: its error travels on unchanged.
    if (error instanceof MultipartError || (error instanceof Error && error.name === "BodyTooLargeError")) throw error;
    throw new MultipartError("The submitted form could not be read: it was cut off or malformed.", 400);
  }
  return { form, files, extraFiles };
}

/** Removes the staging files of `files` that are still there (kept ones have been moved away). */
export async function discardStaged(files: readonly StagedFile[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(f.path, { force: true })));
}
