import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DataFolderError, dataFolders, ensureDataFolders, sqliteFilePath } from "./data-folders.server";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "data-folders-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the database path is read from file: URLs as SQLite opens them", () => {
  expect(sqliteFilePath("file:./var/data.db")).toBe(path.resolve("var/data.db"));
  expect(sqliteFilePath("file:/srv/app/data.db?connection_limit=1")).toBe("/srv/app/data.db");
  expect(sqliteFilePath("file:///srv/app/data.db")).toBe("/srv/app/data.db");
  expect(sqliteFilePath("file::memory:")).toBeNull();
});

test("missing folders of the database and the mail are created, parents included", () => {
  const settings = { DATABASE_URL: `file:${dir}/a/b/data.db`, MAIL_DIR: `${dir}/mail/out` };
  const created = ensureDataFolders(settings);
  expect(created.map((f) => f.setting)).toEqual(["DATABASE_URL", "MAIL_DIR"]);
  expect(fs.statSync(`${dir}/a/b`).isDirectory()).toBe(true);
  expect(fs.statSync(`${dir}/mail/out`).isDirectory()).toBe(true);
  // A second start finds them and creates nothing.
  expect(ensureDataFolders(settings)).toEqual([]);
});

test("with SMTP_URL set the mail folder is not needed, so it is not created", () => {
  const settings = { DATABASE_URL: `file:${dir}/data.db`, MAIL_DIR: `${dir}/mail`, SMTP_URL: "smtp://mail.example:587" };
  expect(dataFolders(settings).map((f) => f.setting)).toEqual(["DATABASE_URL"]);
  ensureDataFolders(settings);
  expect(fs.existsSync(`${dir}/mail`)).toBe(false);
});

test("a folder that cannot be created is named in one sentence with its setting", () => {
  fs.writeFileSync(`${dir}/var`, "a file where the folder should be");
  let error: unknown;
  try {
    ensureDataFolders({ DATABASE_URL: `file:${dir}/var/data.db`, MAIL_DIR: `${dir}/mail` });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataFolderError);
  expect((error as Error).message).toBe(`Cannot create the folder "${dir}/var" (the database folder, from DATABASE_URL): a file is in the way.`);
});
