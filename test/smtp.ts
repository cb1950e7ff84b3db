import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { resetEnvCache } from "~/services/env.server";
import { closeTransport } from "~/services/mail-transport.server";

// A real SMTP server on an ephemeral port for mail tests. `mode` decides how it answers.
export type Received = { mail: ParsedMail; rcptTo: string[]; mailFrom: string };

export class TestSmtp {
  received: Received[] = [];
  mode: "accept" | "reject451" = "accept";
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (this.mode === "reject451") {
          return callback(Object.assign(new Error("4.3.0 Try again later"), { responseCode: 451 }));
        }
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            this.received.push({ mail, rcptTo, mailFrom });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.server.address() as net.AddressInfo).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((r) => r.rcptTo.includes(address)).map((r) => r.mail);
  }

  one(address: string): ParsedMail {
    const mails = this.to(address);
    if (mails.length !== 1) throw new Error(`expected one mail to ${address}, got ${mails.length}`);
    return mails[0];
  }
}

/** A port nothing listens on: the connection is refused. */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Points the mail transport at `url` (or back to .eml files) and rebuilds it. */
export async function useSmtpUrl(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
  await closeTransport();
}
