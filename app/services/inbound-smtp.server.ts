// The built-in SMTP receiver (`npm run inbound`): accepts mail for MAIL_DOMAIN only (anything else
// is refused at RCPT, so it can never relay), up to INBOUND_MAX_BYTES (refused at MAIL FROM when
// the client declares a larger SIZE, and at the end of DATA when it sends more), offers STARTTLS
// when a certificate is configured, and stores each message for the worker.
import fs from "node:fs";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { env, mailDomain } from "./env.server";
import { storeInboundMessage } from "./inbound-store.server";
import { isOurDomain } from "./mail-addresses.server";

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

export function createInboundSmtpServer(): SMTPServer {
  const { INBOUND_MAX_BYTES, INBOUND_TLS_KEY, INBOUND_TLS_CERT } = env();
  const tls = INBOUND_TLS_KEY && INBOUND_TLS_CERT ? { key: fs.readFileSync(INBOUND_TLS_KEY), cert: fs.readFileSync(INBOUND_TLS_CERT) } : null;
  const options: SMTPServerOptions = {
    name: mailDomain(),
    banner: "consultation mail receiver",
    size: INBOUND_MAX_BYTES,
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(tls ?? {}),
    logger: false,
    closeTimeout: 5_000,
    onMailFrom(address, _session, callback) {
      const declared = Number(address.args && typeof address.args === "object" ? (address.args as Record<string, string>).SIZE : 0);
      if (declared > INBOUND_MAX_BYTES) return callback(smtpError(552, `5.3.4 Message too large: at most ${INBOUND_MAX_BYTES} bytes`));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (!isOurDomain(address.address)) return callback(smtpError(550, `5.7.1 Relaying denied: this server only takes mail for ${mailDomain()}`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(552, `5.3.4 Message too large: at most ${INBOUND_MAX_BYTES} bytes`));
        }
        storeInboundMessage({
          raw: Buffer.concat(chunks),
          via: "smtp",
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          remoteIp: session.remoteAddress.replace(/^::ffff:/, ""),
          helo: session.hostNameAppearsAs ?? null,
        }).then(
          () => callback(),
          (error: Error) => {
            console.error("[inbound] could not store a message:", error);
            callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
          },
        );
      });
    },
  };
  return new SMTPServer(options);
}
