import fs from "node:fs";
import path from "node:path";

// Replies as Gmail, Outlook, Thunderbird and Apple Mail format them (test/fixtures/mail), with
// the sender, recipient, Message-ID and the reply's own words filled in.
export type MailClient = "gmail" | "outlook" | "thunderbird" | "apple-mail";
export const MAIL_CLIENTS: MailClient[] = ["gmail", "outlook", "thunderbird", "apple-mail"];

export function mailFixture(client: MailClient, { from, to, messageId, body }: { from: string; to: string; messageId: string; body: string }): Buffer {
  const template = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "mail", `${client}.eml`), "utf8");
  const filled = template
    .replaceAll("{{FROM}}", from)
    .replaceAll("{{TO}}", to)
    .replaceAll("{{MESSAGE_ID}}", messageId.replace(/^<|>$/g, ""))
    .replaceAll("{{BODY}}", body);
  return Buffer.from(filled.replace(/\r?\n/g, "\r\n"));
}
