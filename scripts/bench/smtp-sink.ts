// The SMTP server of the "fan-out" benchmark, in a child process of its own (forked by
// fan-out.ts) so that accepting hundreds of messages a second does not slow down the load
// generator in the benchmark's process. It accepts every message and records, per message, the
// envelope recipients, the Message-ID header, the time it was accepted and the client's port (the
// cluster group tells the sending processes apart by it); the parent asks for the counts over IPC.
//
// Messages: parent → { type: "stats" | "report" | "reset", id }; child → { type: "listening",
// port } once, then { type: "stats" | "report" | "reset", id, ... } answers.
import { SMTPServer } from "smtp-server";

type Accepted = { rcpt: string[]; messageId: string; at: number; port: number };

let accepted: Accepted[] = [];

/** The Message-ID header of a raw message's header block (unfolded), or "" when absent. */
function messageIdOf(head: string): string {
  const match = /(?:^|\r?\n)message-id:[ \t]*((?:[^\r\n]|\r?\n[ \t])*)/i.exec(head);
  return match ? match[1].replace(/\r?\n[ \t]+/g, " ").trim() : "";
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  // Many messages per connection (the app's pool sends up to 100 per connection) and many clients.
  maxClients: 100,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    let head = "";
    let headDone = false;
    stream.on("data", (chunk: Buffer) => {
      if (headDone) return;
      head += chunk.toString("latin1");
      const end = head.search(/\r?\n\r?\n/);
      if (end !== -1) {
        head = head.slice(0, end);
        headDone = true;
      }
    });
    stream.on("end", () => {
      accepted.push({
        rcpt: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        messageId: messageIdOf(head),
        at: Date.now(),
        port: session.remotePort,
      });
      callback();
    });
  },
});

server.on("error", (error) => console.error("[smtp-sink]", error));

server.listen(0, "127.0.0.1", () => {
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ type: "listening", port });
});

process.on("message", (message: { type?: string; id?: number }) => {
  if (message?.type === "stats") {
    process.send?.({
      type: "stats",
      id: message.id,
      count: accepted.length,
      firstAt: accepted[0]?.at ?? null,
      lastAt: accepted.length ? accepted[accepted.length - 1].at : null,
    });
  } else if (message?.type === "report") {
    process.send?.({ type: "report", id: message.id, accepted });
  } else if (message?.type === "reset") {
    accepted = [];
    process.send?.({ type: "reset", id: message.id });
  }
});

process.on("disconnect", () => server.close(() => process.exit(0)));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
