// What an event handler is (one module per event type or small family, listed in
// registry.server.ts) and the consultation facts every handler starts from.
import { db } from "~/services/db.server";
import { absoluteUrlIn } from "~/services/local-url.server";
import type { Locale } from "~/services/language";
import { consultationThreadHeaders, type ThreadHeaders } from "~/services/mail-headers.server";
import type { EventType, StoredEvent } from "./payloads";
import type { Recipient, RecipientSource } from "./recipients.server";
import { shownName } from "~/models/names";
import { STATUS_SELECT } from "~/features/consultations/status";
import type { MailComment, MailConsultation, NotificationFooter, RenderedMail } from "../../../../emails/notification";

/** One recipient's mail: its parts and the thread it belongs to. */
export type EventMail = { thread: ThreadHeaders; content: RenderedMail; /** This recipient's own reply address. */ replyTo?: string };

export type EventPlan = {
  /**
   * Who hears of the event, source after source. Someone in two sources gets the first one's
   * mail only (the outbox's dedupe key is per event and follower).
   */
  recipients: RecipientSource[];
  /** What `recipient` reads; the footer (why they get it, their signed links) is theirs. */
  mail: (recipient: Recipient, footer: NotificationFooter) => EventMail;
};

/**
 * Decides who hears of an event and what they read, from the event and the current state of its
 * consultation; null when nobody should (the event went stale, its comment was hidden…).
 */
export type EventHandler<T extends EventType> = (event: StoredEvent<T>, consultation: EventConsultation, now: Date) => Promise<EventPlan | null>;

export type EventConsultation = NonNullable<Awaited<ReturnType<typeof loadEventConsultation>>>;

export function loadEventConsultation(id: string) {
  return db().consultation.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      summary: true,
      category: true,
      ...STATUS_SELECT,
      withdrawnReason: true,
      commentCount: true,
    },
  });
}

export const consultationPath = (slug: string) => `/consultations/${encodeURIComponent(slug)}`;

/** A consultation as a mail in `locale` names it, its link in that language. */
export const mailConsultation = (c: { number: number; title: string; slug: string }, locale: Locale): MailConsultation => ({
  number: c.number,
  title: c.title,
  url: absoluteUrlIn(consultationPath(c.slug), locale),
});

/** The absolute permalink of a comment, in `locale`. */
export const commentUrl = (slug: string, ref: string, locale: Locale) => absoluteUrlIn(`${consultationPath(slug)}/comments/${encodeURIComponent(ref)}`, locale);

type CommentForMail = Omit<MailComment, "ref" | "authorName" | "organisationName" | "url"> & {
  author: { displayName: string | null };
  organisation: { name: string } | null;
};

/** A comment as notifications quote it (new comments, replies, the daily digest). */
export function mailComment(comment: CommentForMail, { slug, ref }: { slug: string; ref: string }, locale: Locale): MailComment {
  return {
    ref,
    authorName: shownName(comment.author.displayName),
    organisationName: comment.organisation?.name ?? null,
    isIfmReply: comment.isIfmReply,
    createdAt: comment.createdAt,
    sectionTitle: comment.sectionTitle,
    bodyMd: comment.bodyMd,
    bodyHtml: comment.bodyHtml,
    url: commentUrl(slug, ref, locale),
  };
}

/** The consultation's mail thread; only its first mail (the publication) starts it. */
export const threadOf = (c: EventConsultation, { isFirst = false, parentCommentId }: { isFirst?: boolean; parentCommentId?: string | null } = {}) =>
  consultationThreadHeaders({ consultation: { id: c.id, number: c.number, title: c.title }, isFirst, parentCommentId });

/** Is `closesAt` (what a scheduled event speaks of) still the closing of a consultation that is not withdrawn? */
export function stillTheClosing(c: EventConsultation, closesAt: Date): boolean {
  return !c.withdrawnAt && c.closesAt?.getTime() === closesAt.getTime();
}

/** A plan whose every recipient reads the same mail (apart from their footer), in their language. */
export function sameMailFor(
  recipients: RecipientSource[],
  thread: ThreadHeaders,
  render: (footer: NotificationFooter, locale: Locale) => RenderedMail,
): EventPlan {
  return { recipients, mail: (recipient, footer) => ({ thread, content: render(footer, recipient.locale) }) };
}
