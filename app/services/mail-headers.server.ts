// Threading and list headers of notification mail (docs/decisions/008).
//
// Every mail about consultation C threads under one root Message-ID, `<consultation-C@host>`:
// it carries In-Reply-To / References pointing to it (a mail about a reply also references
// `<comment-P@host>` of the parent comment), and the subject is the same for the whole thread,
// `[Consultation N] <title>`, with `Re: ` on every mail but the publication mail. The root is a
// virtual message: each recipient's mail needs a Message-ID of its own (the outbox keeps them
// unique), and mail clients thread on the shared reference.
//
// Titles come from staff input, so every value built here is stripped of control characters
// and line breaks; enqueueMail checks again before anything is queued.
import { env } from "./env.server";

// C0 controls (CR, LF, TAB, NUL, …), DEL, C1 controls and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SUBJECT_TITLE_MAX = 160;

/** The host part of Message-IDs and List-Ids: APP_URL's host name. */
export function mailHost(): string {
  return new URL(env().APP_URL).hostname || "localhost";
}

/** One line of plain text: control characters become spaces, runs of spaces collapse. */
export function headerText(value: string, max = SUBJECT_TITLE_MAX): string {
  const line = String(value ?? "")
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export type ThreadConsultation = { id: string; number: number; title: string };

/** `[Consultation N] <title>`, with `Re: ` for every mail of the thread but the first. */
export function consultationSubject(consultation: { number: number; title: string }, { isFirst }: { isFirst: boolean }): string {
  const base = `[Consultation ${consultation.number}] ${headerText(consultation.title)}`.trimEnd();
  return isFirst ? base : `Re: ${base}`;
}

/** A Message-ID-safe token: ids are cuids, but nothing unexpected may reach a header. */
function idPart(value: string): string {
  const part = String(value).replace(/[^A-Za-z0-9_.-]/g, "");
  if (!part) throw new Error("An id for a Message-ID must not be empty");
  return part;
}

export const consultationRootMessageId = (consultationId: string) => `<consultation-${idPart(consultationId)}@${mailHost()}>`;
export const commentMessageId = (commentId: string) => `<comment-${idPart(commentId)}@${mailHost()}>`;
/** The Message-ID of one recipient's mail about one event. */
export const eventMessageId = (eventId: string, followerId: string) => `<event-${idPart(eventId)}.${idPart(followerId)}@${mailHost()}>`;
export const digestMessageId = (followerId: string, day: string) => `<digest-${idPart(followerId)}.${idPart(day)}@${mailHost()}>`;

/** `<consultation-N.host>` (RFC 2919). */
export const consultationListId = (consultationNumber: number) => `<consultation-${Math.trunc(consultationNumber)}.${mailHost()}>`;

export type ThreadHeaders = {
  subject: string;
  rootMessageId: string;
  headers: { "In-Reply-To": string; References: string; "List-Id": string };
};

/**
 * Subject and threading headers of one mail about `consultation`. `isFirst` is the publication
 * mail (no `Re: `); `parentCommentId` is set for mails about a reply, which then answer the
 * parent comment's (virtual) message inside the consultation's thread.
 */
export function consultationThreadHeaders({
  consultation,
  parentCommentId,
  isFirst,
}: {
  consultation: ThreadConsultation;
  parentCommentId?: string | null;
  isFirst: boolean;
}): ThreadHeaders {
  const root = consultationRootMessageId(consultation.id);
  const parent = parentCommentId ? commentMessageId(parentCommentId) : null;
  return {
    subject: consultationSubject(consultation, { isFirst }),
    rootMessageId: root,
    headers: {
      "In-Reply-To": parent ?? root,
      References: parent ? `${root} ${parent}` : root,
      "List-Id": consultationListId(consultation.number),
    },
  };
}

/**
 * RFC 2369 / RFC 8058 unsubscribe headers and RFC 3834 Auto-Submitted, for every notification.
 * `X-Auto-Response-Suppress` keeps Exchange out-of-office replies away.
 */
export function listHeaders({ unsubscribeUrl }: { unsubscribeUrl: string }): Record<string, string> {
  const url = new URL(unsubscribeUrl); // throws on anything that is not an absolute URL
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("The unsubscribe URL must be http(s)");
  const href = url.toString();
  if (/[\s<>]/.test(href) || HAS_CONTROL.test(href)) throw new Error("The unsubscribe URL cannot go into a header");
  return {
    "List-Unsubscribe": `<${href}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
  };
}
