// The frame of every notification mail (docs/decisions/008): the shared layout, a footer that
// says why the reader gets the mail with links to manage and stop it, and the pieces several
// notifications share (a consultation heading, a quoted comment). Pure functions of their data,
// written in the reader's language (the footer's `locale`, English when left out).
import { headerText } from "../app/services/mail-headers.server";
import { escapeHtml, renderLayout } from "./layout";
import { mailT, startSide, utcIn, type Locale } from "./i18n";

/** What a notification says about its consultation; `url` is the absolute page address. */
export type MailConsultation = { number: number; title: string; url: string };

export type NotificationReason =
  /** A Subscription with scope "consultation". */
  | { kind: "follows-consultation"; consultationNumber: number }
  /** A Subscription with scope "all_new"; `categories` are labels, empty for every category. */
  | { kind: "follows-new"; categories: string[] }
  /** Someone who commented on the consultation (DUG agreement, final statement). */
  | { kind: "commented"; consultationNumber: number }
  /** A reply to one of the reader's comments. */
  | { kind: "reply"; ref: string }
  /** The daily digest of new comments. */
  | { kind: "digest" }
  /** A DUG seat holder's duty: a review opened, its deadline nears, the rule is met. */
  | { kind: "dug"; role: "voting member" | "liaison" | "chair" };

export type NotificationFooter = {
  reason: NotificationReason;
  /** The address the mail goes to. */
  email: string;
  manageUrl: string;
  unsubscribeUrl: string;
  /** What the unsubscribe link stops: following one consultation, or every notification. */
  unsubscribe: { kind: "consultation"; consultationNumber: number } | { kind: "all" };
  /** The reader's language; the whole mail is written in it (English when left out). */
  locale?: Locale;
};

export type RenderedMail = { subject: string; text: string; html: string };

export function reasonText(reason: NotificationReason, locale?: Locale): string {
  const t = mailT(locale);
  switch (reason.kind) {
    case "follows-consultation":
      return t("mail.reason.followsConsultation", { number: String(reason.consultationNumber) });
    case "follows-new":
      return reason.categories.length ? t("mail.reason.followsNewIn", { categories: reason.categories.join(", ") }) : t("mail.reason.followsNew");
    case "commented":
      return t("mail.reason.commented", { number: String(reason.consultationNumber) });
    case "reply":
      return t("mail.reason.reply", { ref: reason.ref });
    case "digest":
      return t("mail.reason.digest");
    case "dug":
      return reason.role === "chair" ? t("mail.reason.dugChair") : reason.role === "liaison" ? t("mail.reason.dugLiaison") : t("mail.reason.dugMember");
  }
}

function unsubscribeLabel(footer: NotificationFooter): string {
  const t = mailT(footer.locale);
  return footer.unsubscribe.kind === "consultation"
    ? t("mail.footer.stopFollowing", { number: String(footer.unsubscribe.consultationNumber) })
    : t("mail.footer.unsubscribeAll");
}

export function footerText(footer: NotificationFooter): string {
  const t = mailT(footer.locale);
  return [
    t("mail.footer.why", { reason: reasonText(footer.reason, footer.locale), email: footer.email }),
    t("mail.footer.manageText", { url: footer.manageUrl }),
    t("mail.footer.linkText", { label: unsubscribeLabel(footer), url: footer.unsubscribeUrl }),
  ].join("\n");
}

export function footerHtml(footer: NotificationFooter): string {
  const t = mailT(footer.locale);
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#1d4ed8;">${escapeHtml(label)}</a>`;
  return [
    escapeHtml(t("mail.footer.why", { reason: reasonText(footer.reason, footer.locale), email: footer.email })),
    `${link(footer.manageUrl, t("mail.footer.manage"))} · ${link(footer.unsubscribeUrl, unsubscribeLabel(footer))}`,
  ].join("<br>");
}

/** Wraps a notification's body in the layout, with the footer in both parts. */
export function renderNotification({
  subject,
  preheader,
  bodyText,
  bodyHtml,
  footer,
}: {
  subject: string;
  preheader: string;
  bodyText: string;
  bodyHtml: string;
  footer: NotificationFooter;
}): RenderedMail {
  const { html, text } = renderLayout({
    preheader,
    bodyText,
    bodyHtml,
    footerText: footerText(footer),
    footerHtml: footerHtml(footer),
    locale: footer.locale,
  });
  return { subject, text, html };
}

/** `[Consultation N] <title>`, with `Re: ` for every mail of the thread but the first. */
export function consultationSubject(consultation: { number: number; title: string }, { isFirst }: { isFirst: boolean }, locale?: Locale): string {
  const base = mailT(locale)("mail.subject.consultation", { number: String(consultation.number), title: headerText(consultation.title) }).trimEnd();
  return isFirst ? base : `Re: ${base}`;
}

// ------------------------------------------------------------------------------ building blocks

export const P = (inner: string) => `<p style="margin:0 0 16px;">${inner}</p>`;
export const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#1d4ed8;">${escapeHtml(label)}</a>`;

/** "Consultation 12: <title>" as the first line of a body, in both forms. */
export function consultationHeading(c: MailConsultation, locale?: Locale): { text: string; html: string } {
  const title = mailT(locale)("mail.consultation.heading", { number: String(c.number), title: oneLine(c.title) });
  return {
    text: `${title}\n${c.url}`,
    html: `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">${link(c.url, title)}</h1>`,
  };
}

/** A labelled, quoted block of someone's own words (a reason, a change summary). */
export function quotedBlockHtml(label: string, innerHtml: string, locale?: Locale): string {
  return [
    `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(label)}</p>`,
    `<div style="margin:0 0 16px;padding:4px 16px;border-${startSide(locale)}:4px solid #d1d5db;">${innerHtml}</div>`,
  ].join("\n");
}

/** Titles are staff input: one line, whatever was typed. */
export function oneLine(value: string): string {
  return String(value ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const utc = (date: Date, locale?: Locale) => utcIn(date, locale);

/** Multi-line plain text as HTML paragraphs (escaped). */
export function textToHtml(value: string): string {
  return String(value ?? "")
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .filter(Boolean)
    .map((para) => P(escapeHtml(para).replace(/\r?\n/g, "<br>")))
    .join("\n");
}

/**
 * Markdown source as readable plain text: links become "text (url)", images their alt text
 * and address, emphasis markers and heading hashes go; everything else is left as written
 * (Markdown is meant to read well as it is).
 */
export function markdownToText(md: string): string {
  return String(md ?? "")
    .replace(/\r\n?/g, "\n")
    .replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, alt: string, url: string) => (alt ? `${alt} (${url})` : url))
    .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
    .replace(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, "$1")
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\*)/g, "$1$2")
    .trim();
}

/** Prefixes every line with "> ", as mail clients quote. */
export function quoteText(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

export type MailComment = {
  ref: string;
  authorName: string;
  /** Set when posted on behalf of a verified organisation. */
  organisationName?: string | null;
  isIfmReply?: boolean;
  createdAt: Date;
  sectionTitle?: string | null;
  /** The Markdown source (text part) and the stored, sanitised HTML (HTML part). */
  bodyMd: string;
  bodyHtml: string;
  /** Absolute permalink of the comment. */
  url: string;
};

export function commentByline(c: MailComment, locale?: Locale): string {
  const t = mailT(locale);
  const who = c.organisationName
    ? t("mail.comment.authorOf", { name: oneLine(c.authorName), organisation: oneLine(c.organisationName) })
    : oneLine(c.authorName);
  const values = { ref: c.ref, who, date: utc(c.createdAt, locale), section: oneLine(c.sectionTitle ?? "") };
  if (c.isIfmReply) return c.sectionTitle ? t("mail.comment.bylineIfmSection", values) : t("mail.comment.bylineIfm", values);
  return c.sectionTitle ? t("mail.comment.bylineSection", values) : t("mail.comment.byline", values);
}

/** One comment: byline, its text and its permalink. */
export function commentBlock(c: MailComment, locale?: Locale): { text: string; html: string } {
  const t = mailT(locale);
  const byline = commentByline(c, locale);
  const text = [t("mail.comment.bylineText", { byline }), "", quoteText(markdownToText(c.bodyMd)), "", t("mail.comment.readText", { url: c.url })].join("\n");
  const html = [
    `<p style="margin:0 0 8px;font-size:14px;color:#374151;">${escapeHtml(byline)}</p>`,
    // bodyHtml was sanitised with the strict allowlist when the comment was saved; in a mail in
    // another language than English the comment keeps its own direction.
    `<div${locale && locale !== "en" ? ' dir="auto"' : ""} style="margin:0 0 12px;padding:4px 16px;border-${startSide(locale)}:4px solid #d1d5db;color:#111827;">${c.bodyHtml}</div>`,
    `<p style="margin:0 0 20px;font-size:14px;">${link(c.url, t("mail.comment.readLink", { ref: c.ref }))}</p>`,
  ].join("\n");
  return { text, html };
}
