// Turns to write, first come first served across the server processes of one supervisor
// (scripts/supervise.ts). SQLite lets one connection write at a time; a process that finds the
// file locked retries after a pause (sqlite-isolation.server.ts), while the process holding it
// starts its next write at once. Under a stream of posts one process could so keep the lock for
// long stretches and the other's requests wait seconds. The supervisor hands out turns in the
// order they were asked for instead. Turns only order the writes: SQLite's lock still guarantees
// them, so a process that gets no answer writes anyway (write-turn.server.ts).

/** The messages between a server process and its supervisor. */
export type WriteTurnMessage = { writeTurn: "ask" } | { writeTurn: "done" } | { writeTurn: "yours" };

export function isWriteTurnMessage(message: unknown): message is WriteTurnMessage {
  return typeof message === "object" && message !== null && "writeTurn" in message;
}

/** The supervisor's queue: one turn at a time, in the order asked; each ask is one turn. */
export class WriteTurns<Owner> {
  private readonly queue: Owner[] = [];
  private holder: Owner | null = null;

  constructor(private readonly grant: (owner: Owner) => void) {}

  ask(owner: Owner) {
    if (this.holder === null) {
      this.holder = owner;
      this.grant(owner);
    } else {
      this.queue.push(owner);
    }
  }

  /** The holder's turn is over; the next in line gets theirs. Ignored from anyone else. */
  done(owner: Owner) {
    if (this.holder === owner) this.next();
  }

  /** The owner is gone (its process exited): its turns are given up, held or asked for. */
  drop(owner: Owner) {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i] === owner) this.queue.splice(i, 1);
    if (this.holder === owner) this.next();
  }

  get waiting(): number {
    return this.queue.length;
  }

  private next() {
    this.holder = this.queue.shift() ?? null;
    if (this.holder !== null) this.grant(this.holder);
  }
}
