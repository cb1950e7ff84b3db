// Received mail is stored before anything reads it: one InboundMessage per recipient of ours, raw,
// with the envelope. The SMTP receiver and the webhook only call this; the worker processes the
// rows (app/features/email/inbound.server.ts), so a failure there loses nothing.
import { db } from "./db.server";

export type ReceivedMessage = {
  raw: Buffer;
  via: "smtp" | "webhook";
  /** The envelope sender; "" for the null return path. */
  mailFrom: string;
  rcptTo: string[];
  remoteIp?: string | null;
  helo?: string | null;
};

export async function storeInboundMessage(message: ReceivedMessage): Promise<string[]> {
  const recipients = [...new Set(message.rcptTo.map((r) => r.trim().toLowerCase()).filter(Boolean))];
  if (recipients.length === 0) throw new Error("A received message needs at least one recipient");
  const rows = await db().$transaction(
    recipients.map((rcptTo) =>
      db().inboundMessage.create({
        data: {
          via: message.via,
          mailFrom: message.mailFrom.trim().toLowerCase(),
          rcptTo,
          remoteIp: message.remoteIp ?? null,
          helo: message.helo ?? null,
          raw: new Uint8Array(message.raw),
          size: message.raw.length,
        },
        select: { id: true },
      }),
    ),
  );
  return rows.map((r) => r.id);
}
