import Database from "better-sqlite3";
import { sqliteFilePath } from "./data-folders.server";
import { env } from "./env.server";
import { PostgresPageGenerationWatch } from "./page-generation-postgres.server";
import { isPostgresUrl } from "./postgres.server";

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
  private lookedThisTurn = false;
  private readonly nextTurn = () => {
    this.lookedThisTurn = false;
  };

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

  /**
   * current(), asked at most once per turn of the event loop: the requests that arrived together
   * share one look. A change committed after that look is seen by the next turn's requests, and
   * a request that follows from it (the writer's client, told its write is done, asks again)
   * arrives in a later turn. For the cached-page lookup of incoming requests only: code that runs
   * after a write of its own asks current().
   */
  currentThisTurn(): number {
    if (this.lookedThisTurn) return this.generation;
    this.lookedThisTurn = true;
    setImmediate(this.nextTurn);
    return this.current();
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

/** What the page cache and the public memo ask, of SQLite's watch or PostgreSQL's. */
export type GenerationWatch = Pick<PageGenerationWatch, "current" | "currentThisTurn" | "healthy"> & {
  close(): void | Promise<void>;
  /** PostgreSQL: a look at the database to await before current() (see its watch). */
  refreshThisTurn?(): Promise<void> | null;
};

let watch: GenerationWatch | undefined;

/**
 * This process's watch on the database of DATABASE_URL (opened on first use). Null for an
 * in-memory database, which no other process can change.
 */
export function pageGenerationWatchIfAny(): GenerationWatch | null {
  const url = env().DATABASE_URL;
  if (!watch && !isPostgresUrl(url) && !sqliteFilePath(url)) return null;
  return pageGenerationWatch();
}

/**
 * Resolves once this process's watch can tell generations apart (PostgreSQL: its connection
 * listens; until then nothing is cached). Servers wait for it before they take requests.
 */
export async function pageGenerationWatchReady(): Promise<void> {
  const current = pageGenerationWatchIfAny();
  if (current instanceof PostgresPageGenerationWatch) await current.whenListening();
}

/** This process committed a write that pages may show (PostgreSQL; SQLite's look sees it itself). */
export function notePageWrite() {
  if (watch instanceof PostgresPageGenerationWatch) watch.noteLocalWrite();
}

/** Closes the watch with the database client (a test's fresh database file needs a new one). */
export async function closePageGenerationWatch() {
  const closing = watch;
  watch = undefined;
  await closing?.close();
}

/** This process's watch on the database of DATABASE_URL (opened on first use). */
export function pageGenerationWatch(): GenerationWatch {
  if (!watch && isPostgresUrl(env().DATABASE_URL)) watch = new PostgresPageGenerationWatch(env().DATABASE_URL);
  if (!watch) {
    const file = sqliteFilePath(env().DATABASE_URL);
    if (!file) throw new Error("The page generation needs a database file, not an in-memory database.");
    watch = new PageGenerationWatch(file);
  }
  return watch;
}
