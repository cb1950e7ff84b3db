// What a mail says, as a comment: its text part (mailparser turns an HTML-only mail into text),
// without the quoted history, the signature and the "On … wrote:" line that mail clients add
// (email-reply-parser knows the forms of the common clients and languages), with a note in place
// of inline images (comments by mail carry text only).
import EmailReplyParser from "email-reply-parser";
import type { ParsedMail } from "mailparser";
import { plural } from "~/models/plural";

export type MailText = { bodyMd: string; droppedImages: number };

// Outlook's reply header block ("From: … Sent: … To: … Subject: …", or its underscore rule)
// starts the quoted history; email-reply-parser reads it only when "From:" follows a blank line.
const OUTLOOK_HISTORY = /^(?:_{20,}|-{3,}\s*Original Message\s*-{3,}|From:\s.+\r?\n(?:Sent|Date):\s.+)$/im;

export function commentTextOf(mail: Pick<ParsedMail, "text" | "attachments">): MailText {
  let text = (mail.text ?? "").replace(/\r\n?/g, "\n");
  const outlook = OUTLOOK_HISTORY.exec(text);
  if (outlook) text = text.slice(0, outlook.index);
  const visible = new EmailReplyParser().read(text).getVisibleText();
  const body = visible
    // Images inline in the text part ("[image: logo.png]", "[cid:…]") are dropped with the note below.
    .replace(/\[(?:image:[^\]]*|cid:[^\]]*)\]/gi, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const droppedImages = (mail.attachments ?? []).filter((a) => a.contentType?.startsWith("image/") && (a.contentDisposition === "inline" || a.related)).length;
  const note = droppedImages
    ? `\n\n*(${plural(droppedImages, { one: "# inline image was", other: "# inline images were" })} left out: comments sent by email carry text only.)*`
    : "";
  return { bodyMd: body ? body + note : "", droppedImages };
}
