// The answers to a mail that tried to post a comment: a receipt (the comment's reference,
// permalink and edit link) or a refusal saying why nothing was posted. Both answer the sender's
// message in its own thread (the caller sets In-Reply-To and References).
import { EDIT_WINDOW_MINUTES } from "../app/features/comments/reference";
import { NOUNS, plural } from "../app/models/plural";
import { buttonHtml, escapeHtml, renderLayout } from "./layout";
import { link, oneLine, P, textToHtml, type RenderedMail } from "./notification";

const FOOTER = "You get this mail because you sent a mail to the consultation platform. It is an automatic answer: replies to it are not read.";

/** "Re: <their subject>" (once). */
export function answerSubject(subject: string | null): string {
  const line = oneLine(subject ?? "") || "your comment";
  return /^re:/i.test(line) ? line : `Re: ${line}`;
}

export type ReceiptInput = {
  subject: string | null;
  ref: string;
  consultation: { number: number; title: string };
  permalink: string;
  /** Where the author edits it (signed in), within the edit window. */
  editUrl: string;
  isReply: boolean;
  /** Set when a web step is still needed, e.g. the representative's confirmation. */
  confirm?: { url: string; label: string; text: string } | null;
};

export function commentReceiptEmail(input: ReceiptInput): RenderedMail {
  const what = input.isReply ? "Your reply" : "Your comment";
  const lead = `${what} is posted as comment ${input.ref} on consultation ${input.consultation.number}: ${oneLine(input.consultation.title)}.`;
  const edit = `You can edit it for ${plural(EDIT_WINDOW_MINUTES, NOUNS.minute)} after posting, signed in, at ${input.editUrl}`;
  const confirm = input.confirm;
  const bodyText = [lead, "", `Reference: ${input.ref}`, `Permalink: ${input.permalink}`, "", edit, ...(confirm ? ["", confirm.text, confirm.url] : [])].join(
    "\n",
  );
  const bodyHtml = [
    P(escapeHtml(lead)),
    P(`Reference: <strong>${escapeHtml(input.ref)}</strong> · ${link(input.permalink, "Read it on the consultation page")}`),
    P(`${escapeHtml(`You can edit it for ${plural(EDIT_WINDOW_MINUTES, NOUNS.minute)} after posting:`)} ${link(input.editUrl, "edit your comment")}.`),
    ...(confirm ? [P(escapeHtml(confirm.text)), buttonHtml(confirm.url, confirm.label)] : []),
  ].join("\n");
  const { html, text } = renderLayout({ preheader: lead, bodyText, bodyHtml, footerText: FOOTER });
  return { subject: answerSubject(input.subject), text, html };
}

export function commentRefusalEmail({ subject, reason, keptText }: { subject: string | null; reason: string; keptText: string }): RenderedMail {
  const lead = "Your mail was not posted as a comment.";
  const kept = keptText.trim() ? ["", "What you wrote:", "", keptText.trim()] : [];
  const bodyText = [lead, "", `Why: ${reason}`, ...kept].join("\n");
  const bodyHtml = [
    P(escapeHtml(lead)),
    P(`<strong>Why:</strong> ${escapeHtml(reason)}`),
    ...(keptText.trim() ? [P("What you wrote:"), textToHtml(keptText)] : []),
  ].join("\n");
  const { html, text } = renderLayout({ preheader: reason, bodyText, bodyHtml, footerText: FOOTER });
  return { subject: answerSubject(subject), text, html };
}
