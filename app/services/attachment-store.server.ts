/**
 * Where attachment bytes live, behind one small interface: a folder (UPLOAD_DIR, for one machine)
 * or the database (ATTACHMENT_STORE=database, for several servers sharing one database). Keys are
 * chosen by the caller (unique per attachment); uploads are staged as files in UPLOAD_DIR first
 * (multipart.server.ts) and handed over with `put`.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "./db.server";
import { env } from "./env.server";

export interface AttachmentStore {
  /** Takes the staged file at `stagedPath` (which is gone afterwards) and keeps it under `key`. */
  put(key: string, stagedPath: string): Promise<void>;
  /** The bytes kept under `key`, or null when there are none. */
  read(key: string): Promise<Buffer | null>;
  /** Forgets `key` (nothing happens when it is not there). */
  remove(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{1,100}$/;

function checkedKey(key: string): string {
  // Keys become file names: only a plain token can never point outside the folder.
  if (!KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** One file per key, in a sub-folder named after the key's last two characters (ids end randomly). */
export function folderStore(root: string): AttachmentStore {
  const fileOf = (key: string) => path.join(root, checkedKey(key).slice(-2), key);
  return {
    async put(key, stagedPath) {
      const target = fileOf(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      // The staging folder is inside the store's root, so this is a rename on one file system.
      await fs.rename(stagedPath, target);
    },
    async read(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
    },
  };
}

/** The bytes in the StoredFile table: every server that shares the database sees them. */
export function databaseStore(): AttachmentStore {
  return {
    async put(key, stagedPath) {
      const data = await fs.readFile(stagedPath);
      await db().storedFile.create({ data: { key: checkedKey(key), data }, select: { key: true } });
      await fs.rm(stagedPath, { force: true });
    },
    async read(key) {
      const row = await db().storedFile.findUnique({ where: { key: checkedKey(key) }, select: { data: true } });
      return row ? Buffer.from(row.data) : null;
    },
    async remove(key) {
      await db().storedFile.deleteMany({ where: { key: checkedKey(key) } });
    },
  };
}

/** The folder uploads are written to while they arrive (inside UPLOAD_DIR, see folderStore.put). */
export function stagingDir(): string {
  return path.resolve(env().UPLOAD_DIR, "incoming");
}

let store: AttachmentStore | undefined;

/** The store the settings choose. */
export function attachmentStore(): AttachmentStore {
  store ??= env().ATTACHMENT_STORE === "database" ? databaseStore() : folderStore(path.resolve(env().UPLOAD_DIR, "files"));
  return store;
}

/** For tests that switch stores. */
export function resetAttachmentStore(): void {
  store = undefined;
}
