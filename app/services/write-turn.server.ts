import cluster from "node:cluster";
import { isWriteTurnMessage, type WriteTurnMessage } from "./write-turns";

// A server process's side of the write turns (write-turns.ts): `const give = await take()`
// before a write transaction, `give()` after it. Without a supervisor (one process, the
// standalone worker, a script) there are no turns.

/** How long to wait for a turn before writing anyway (SQLite's lock still orders the write). */
const MAX_WAIT_MS = 5_000;

type Pending = { granted: () => void; gaveUp: boolean };

export class WriteTurnClient {
  // Asked in order, answered in order: the supervisor's answers match these one by one.
  private readonly pending: Pending[] = [];

  constructor(
    private readonly send: (message: WriteTurnMessage) => void,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  /** Waits for this process's turn; the function it gives ends the turn (once). */
  take(): Promise<() => void> {
    return new Promise((resolve) => {
      const entry: Pending = { granted: () => {}, gaveUp: false };
      const timer = setTimeout(() => {
        entry.gaveUp = true;
        resolve(() => {});
      }, this.maxWaitMs);
      timer.unref();
      entry.granted = () => {
        clearTimeout(timer);
        let given = false;
        resolve(() => {
          if (given) return;
          given = true;
          this.send({ writeTurn: "done" });
        });
      };
      this.pending.push(entry);
      this.send({ writeTurn: "ask" });
    });
  }

  /** The supervisor's answer: the oldest ask's turn. One given up on is handed straight back. */
  granted() {
    const entry = this.pending.shift();
    if (!entry || entry.gaveUp) this.send({ writeTurn: "done" });
    else entry.granted();
  }
}

let client: WriteTurnClient | null | undefined;

/** This process's turns, or null when no supervisor hands them out. */
export function writeTurns(): WriteTurnClient | null {
  if (client !== undefined) return client;
  client = null;
  if (cluster.isWorker && process.env.WEB_ROLE && typeof process.send === "function") {
    const send = process.send.bind(process);
    const created = new WriteTurnClient((message) => send(message));
    process.on("message", (message) => {
      if (isWriteTurnMessage(message) && message.writeTurn === "yours") created.granted();
    });
    client = created;
  }
  return client;
}
