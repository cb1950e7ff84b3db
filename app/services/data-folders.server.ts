// The folders the app writes to — the SQLite database's and, without SMTP_URL, the mail folder —
// created when missing, so a fresh clone starts with no preparation. When one cannot be made or
// written, the error says which folder and which setting in one sentence (no stack trace).
//
// Plain node:fs and no other app module: scripts/start.ts uses it before the app is built.
import fs from "node:fs";
import path from "node:path";

export class DataFolderError extends Error {
  override name = "DataFolderError";
}

export type DataFolder = { dir: string; setting: "DATABASE_URL" | "MAIL_DIR"; purpose: string };

/**
 * The file path of a SQLite `file:` URL (relative paths are relative to the working directory,
 * as SQLite opens them), or null for an in-memory database.
 */
export function sqliteFilePath(databaseUrl: string): string | null {
  let rest = databaseUrl.replace(/^file:/, "");
  const query = rest.indexOf("?");
  if (query !== -1) rest = rest.slice(0, query);
  if (rest.startsWith("//")) rest = rest.replace(/^\/\/[^/]*/, ""); // file://host/path and file:///path
  if (rest === "" || rest === ":memory:") return null;
  return path.resolve(rest);
}

/** The folders the given settings make the app write to. */
export function dataFolders(settings: { DATABASE_URL: string; MAIL_DIR: string; SMTP_URL?: string }): DataFolder[] {
  const folders: DataFolder[] = [];
  const database = sqliteFilePath(settings.DATABASE_URL);
  if (database) folders.push({ dir: path.dirname(database), setting: "DATABASE_URL", purpose: "database" });
  if (!settings.SMTP_URL) folders.push({ dir: path.resolve(settings.MAIL_DIR), setting: "MAIL_DIR", purpose: "mail" });
  return folders;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOTDIR" || code === "EEXIST") return "a file is in the way";
  if (code === "ENOSPC") return "the disk is full";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates each folder the app writes to (with its parents) and checks it is writable. Returns the
 * folders it created; throws a DataFolderError naming the folder and its setting otherwise.
 */
export function ensureDataFolders(settings: { DATABASE_URL: string; MAIL_DIR: string; SMTP_URL?: string }): DataFolder[] {
  const created: DataFolder[] = [];
  for (const folder of dataFolders(settings)) {
    const shown = `"${folder.dir}" (the ${folder.purpose} folder, from ${folder.setting})`;
    let made: string | undefined;
    try {
      made = fs.mkdirSync(folder.dir, { recursive: true });
    } catch (error) {
      throw new DataFolderError(`Cannot create the folder ${shown}: ${reason(error)}.`);
    }
    try {
      fs.accessSync(folder.dir, fs.constants.W_OK | fs.constants.X_OK);
    } catch (error) {
      throw new DataFolderError(`The folder ${shown} is not writable: ${reason(error)}.`);
    }
    if (made) created.push(folder);
  }
  return created;
}

/**
 * For command-line entry points: ensureDataFolders, saying what it created; a DataFolderError
 * ends the process with its one sentence (exit status 1), any other error is thrown.
 */
export function ensureDataFoldersOrExit(settings: { DATABASE_URL: string; MAIL_DIR: string; SMTP_URL?: string }) {
  try {
    for (const folder of ensureDataFolders(settings)) {
      const relative = path.relative(process.cwd(), folder.dir);
      const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? `${relative}/` : folder.dir;
      console.log(`Created ${shown} for the ${folder.purpose} (${folder.setting}).`);
    }
  } catch (error) {
    if (!(error instanceof DataFolderError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
