import pg from "pg";
import { isOwnBackend } from "./postgres.server";

// The page generation on PostgreSQL (see page-generation.server.ts for SQLite's): every write to a
// table that public pages read notifies the channel page_generation (a statement trigger of
// prisma/postgresql/migrations/…_page_generation), and each process counts the notifications on
// a connection of its own. A notification arrives about when the writer's COMMIT returns; the
// process's own writes count at once (postgresPool's onPageWrite). While the connection is not listening (starting, or lost and
// being made again) every look is a new generation, so nothing cached is served.

const RECONNECT_MS = 1_000;

export class PostgresPageGenerationWatch {
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private generation = 0;
  private readonly ready: Promise<void>;

  constructor(private readonly url: string) {
    this.ready = this.listen();
  }

  /** Resolves once the first connection listens (or failed to: then it is being made again). */
  whenListening(): Promise<void> {
    return this.ready;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    // A notification of this process's own write was counted when its connection went back.
    client.on("notification", (message) => isOwnBackend(message.processId) || this.generation++);
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query("LISTEN page_generation");
      if (this.closed) return void (await client.end());
      this.client = client;
      this.listening = true;
      // Whatever was written before the LISTEN is not in any page cached from now on.
      this.generation++;
    } catch {
      this.lost(client);
    }
  }

  private readonly given = new WeakSet<pg.Client>();

  /** Gives `client` up (once, whichever of its error, end or failed connect comes first) and makes another. */
  private lost(client: pg.Client) {
    if (this.given.has(client)) return;
    this.given.add(client);
    if (this.client === client) this.client = null;
    this.listening = false;
    client.removeAllListeners();
    client.on("error", () => undefined);
    client.end().catch(() => undefined);
    if (!this.closed) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }

  /** This process wrote something pages show: known here before the database's notification. */
  noteLocalWrite() {
    this.generation++;
  }

  /** The current generation of public content. */
  current(): number {
    if (!this.listening) this.generation++;
    return this.generation;
  }

  /** current(): a notification only moves a counter, so every look is cheap. */
  currentThisTurn(): number {
    return this.current();
  }

  private sequence: string | null = null;
  private turnLook: Promise<void> | null = null;
  private looks: Promise<unknown> = Promise.resolve();
  private readonly nextTurn = () => {
    this.turnLook = null;
  };

  /**
   * Reads the generation's sequence, once for the requests of this turn of the event loop, after
   * they arrived: a write committed through another server before a request came is then known
   * to it, even before that server's notification arrives. Null when there is nothing to read
   * (not listening: every look is a new generation anyway).
   */
  refreshThisTurn(): Promise<void> | null {
    const client = this.client;
    if (!this.listening || !client) return null;
    if (this.turnLook) return this.turnLook;
    setImmediate(this.nextTurn);
    const look = this.looks.then(() => client.query<{ value: string }>(`SELECT "last_value"::text AS "value" FROM "page_generation_seq"`));
    this.looks = look.catch(() => undefined);
    this.turnLook = look.then(
      ({ rows }) => {
        const value = rows[0]?.value ?? null;
        if (value !== this.sequence) {
          this.sequence = value;
          this.generation++;
        }
      },
      () => this.lost(client),
    );
    return this.turnLook;
  }

  /** True while the process listens to the database. */
  healthy(): boolean {
    return this.listening;
  }

  /** Stops listening; resolves once the connection is closed. */
  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    const client = this.client;
    this.client = null;
    if (!client) return;
    this.given.add(client);
    client.removeAllListeners();
    client.on("error", () => undefined);
    await client.end().catch(() => undefined);
  }
}
