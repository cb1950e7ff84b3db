// The one place that knows about nodemailer. With SMTP_URL set, messages go to that server
// through a small connection pool; without it, each message is written as an RFC 5322 `.eml`
// file into MAIL_DIR (development, demos, tests), so nothing ever leaves the machine by accident.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Transport, Transporter } from "nodemailer";
import addressparser from "nodemailer/lib/addressparser/index.js";
import type MailMessage from "nodemailer/lib/mailer/mail-message.js";
import SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { env } from "./env.server";

export type MailTransport = Transporter;

/** What every transport reports back for an accepted message. */
export type SentInfo = { messageId: string; accepted?: unknown[]; rejected?: unknown[]; response?: string; path?: string };

let cached: { key: string; transport: MailTransport } | undefined;

function configKey(): string {
  const { SMTP_URL, MAIL_DIR } = env();
  return SMTP_URL ? `smtp:${SMTP_URL}` : `file:${path.resolve(MAIL_DIR)}`;
}

/**
 * The process-wide transporter, built on first use. When the configuration changed since
 * (tests call resetEnvCache()), the old one is closed and a new one built.
 */
export function getTransport(): MailTransport {
  const key = configKey();
  if (cached?.key === key) return cached.transport;
  if (cached) cached.transport.close();
  const { SMTP_URL, MAIL_DIR } = env();
  const transport = SMTP_URL ? createSmtpTransport(SMTP_URL) : createFileTransport(path.resolve(MAIL_DIR));
  cached = { key, transport };
  return transport;
}

/** Closes pooled SMTP connections; the next getTransport() builds a fresh transporter. */
export async function closeTransport(): Promise<void> {
  const current = cached;
  cached = undefined;
  current?.transport.close();
}

// Messages are built from our own data; never let them read local files or fetch URLs.
const MESSAGE_DEFAULTS = { disableFileAccess: true, disableUrlAccess: true };

function createSmtpTransport(url: string): MailTransport {
  // nodemailer.createTransport({ url, pool: true }) would drop every option but the URL's own
  // query parameters, so the pool is built directly; parameters in SMTP_URL still win.
  const pool = new SMTPPool({
    url,
    pool: true,
    // SEND_CONCURRENCY (outbox.server.ts) messages are in flight at once, one per connection.
    maxConnections: 32,
    // Reconnecting costs a TCP handshake, a greeting and EHLO: keep a connection for many messages.
    maxMessages: 1000,
    // Bounded waits: a hung server must not hold a claimed message past its lock.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return nodemailer.createTransport(pool, MESSAGE_DEFAULTS);
}

function createFileTransport(dir: string): MailTransport {
  const transport: Transport<SentInfo> = {
    name: "eml-file",
    version: "1.0.0",
    send(mail: MailMessage<SentInfo>, callback) {
      // MimeNode#build produces the complete message with CRLF line ends, as RFC 5322 requires.
      mail.message.build((buildError, message) => {
        if (buildError) return callback(buildError, undefined as never);
        const messageId = mail.message.messageId();
        const envelope = mail.message.getEnvelope();
        writeEml(dir, messageId, message).then(
          (file) =>
            callback(null, {
              messageId,
              accepted: envelope.to,
              rejected: [],
              response: `250 written to ${file}`,
              path: file,
            }),
          (error: Error) => callback(error, undefined as never),
        );
      });
    },
  };
  return nodemailer.createTransport(transport, MESSAGE_DEFAULTS);
}

async function writeEml(dir: string, messageId: string, message: Buffer): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(".", "");
  const safeId =
    messageId
      .replace(/^<|>$/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .slice(0, 120) || crypto.randomUUID();
  const file = path.join(dir, `${stamp}-${safeId}.eml`);
  // Write then rename: a reader of the folder never sees a half-written message.
  const tmp = path.join(dir, `.${crypto.randomUUID()}.tmp`);
  await fs.writeFile(tmp, message);
  await fs.rename(tmp, file);
  return file;
}

// ------------------------------------------------------------------------ header safety

// C0 controls (CR, LF, TAB, NUL, …), DEL, and the Unicode line breaks some software honours.
const UNSAFE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/** Returns the value unchanged, or throws when it could break out of a header line. */
export function assertHeaderSafe(value: string, field: string): string {
  if (typeof value !== "string") throw new Error(`Mail header ${field} must be a string`);
  if (UNSAFE.test(value)) throw new Error(`Mail header ${field} contains a line break or control character`);
  return value;
}

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,75}$/;
// Set by the outbox and the transport from trusted values; a custom header must not replace them.
const RESERVED_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "sender",
  "subject",
  "message-id",
  "date",
  "return-path",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
]);

/** Validates custom header names and values; returns them unchanged. */
export function assertHeadersSafe(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new Error(`Mail header name ${JSON.stringify(name)} is not allowed`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`Mail header ${name} cannot be set as a custom header`);
    // A per-recipient reply address is set by the notification that carries it: one address only.
    if (name.toLowerCase() === "reply-to") assertSingleRecipient(value, name);
    else assertHeaderSafe(value, name);
  }
  return headers;
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * One recipient only: "user@example.org" or "Name <user@example.org>". Lists and groups are
 * refused, so a value from user data can never add recipients.
 */
export function assertSingleRecipient(value: string, field = "to"): string {
  assertHeaderSafe(value, field);
  const parsed = addressparser(value);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only || !("address" in only) || !ADDRESS.test(only.address)) {
    throw new Error(`Mail header ${field} must be exactly one email address`);
  }
  return value;
}
