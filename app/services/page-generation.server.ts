import Database from "better-sqlite3";
import { sqliteFilePath } from "./data-folders.server";
import { env } from "./env.server";

// Which "generation" of public content the database holds. Every write to a table that pages
// read moves one counter (a trigger of prisma/migrations/…_page_generation), whichever process
// made it: a web server, another web server on the same file, the standalone worker, a script.
// Each process's cache of anonymous pages compares it with the generation its pages were made
// from, so no page outlives a change anywhere by more than the request that notices it.
//
// Asking costs one `PRAGMA data_version` on a connection of our own (it changes only when another
// connection committed something, so most requests stop there); only then is the counter read.

export class PageGenerationWatch {
  private readonly connection: Database.Database;
  private readonly readGeneration: Database.Statement<[], number>;
  private readonly readDataVersion: () => number;
  private dataVersion = -1;
  private generation = 0;

  constructor(file: string) {
    this.connection = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    this.readGeneration = this.connection.prepare<[], number>('SELECT "value" FROM "PageGeneration" WHERE "id" = 1').pluck();
    const dataVersion = this.connection.prepare<[], number>("PRAGMA data_version").pluck();
    this.readDataVersion = () => dataVersion.get()!;
  }

  /** The current generation of public content. */
  current(): number {
    const version = this.readDataVersion();
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.generation = this.readGeneration.get() ?? 0;
    }
    return this.generation;
  }

  /** True when the database answers (the health check; it bypasses the app). */
  healthy(): boolean {
    try {
      this.readGeneration.get();
      return true;
    } catch {
      return false;
    }
  }

  close() {
    this.connection.close();
  }
}

let watch: PageGenerationWatch | undefined;

/**
 * This process's watch on the database of DATABASE_URL (opened on first use). Null for an
 * in-memory database, which no other process can change.
 */
export function pageGenerationWatchIfAny(): PageGenerationWatch | null {
  if (!watch && !sqliteFilePath(env().DATABASE_URL)) return null;
  return pageGenerationWatch();
}

/** Closes the watch with the database client (a test's fresh database file needs a new one). */
export function closePageGenerationWatch() {
  watch?.close();
  watch = undefined;
}

/** This process's watch on the database of DATABASE_URL (opened on first use). */
export function pageGenerationWatch(): PageGenerationWatch {
  if (!watch) {
    const file = sqliteFilePath(env().DATABASE_URL);
    if (!file) throw new Error("The page generation needs a database file, not an in-memory database.");
    watch = new PageGenerationWatch(file);
  }
  return watch;
}
