// The frame of every notification mail (docs/decisions/008): the shared layout, a footer that
// says why the reader gets the mail with links to manage and stop it, and the pieces several
// notifications share (a consultation heading, a quoted comment). Pure functions of their data.
import { formatUtc } from "../app/models/time";
import { consultationSubject } from "../app/services/mail-headers.server";
import { escapeHtml, renderLayout } from "./layout";

export { consultationSubject };

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
};

export type RenderedMail = { subject: string; text: string; html: string };

export function reasonText(reason: NotificationReason): string {
  switch (reason.kind) {
    case "follows-consultation":
      return `You follow consultation ${reason.consultationNumber}.`;
    case "follows-new":
      return reason.categories.length ? `You follow new consultations (${reason.categories.join(", ")}).` : "You follow every new consultation.";
    case "commented":
      return `You commented on consultation ${reason.consultationNumber}.`;
    case "reply":
      return `You wrote comment ${reason.ref} and asked to be told about replies to your comments.`;
    case "digest":
      return "You follow these consultations and chose a daily digest of new comments.";
    case "dug":
      return reason.role === "chair" ? "You chair the Direct User Group (DUG)." : `You are a ${reason.role} of the Direct User Group (DUG).`;
  }
}

function unsubscribeLabel(footer: NotificationFooter): string {
  return footer.unsubscribe.kind === "consultation"
    ? `Stop following consultation ${footer.unsubscribe.consultationNumber}`
    : "Unsubscribe from all notifications";
}

export function footerText(footer: NotificationFooter): string {
  return [
    `${reasonText(footer.reason)} This mail was sent to ${footer.email}.`,
    `Manage your notifications: ${footer.manageUrl}`,
    `${unsubscribeLabel(footer)}: ${footer.unsubscribeUrl}`,
  ].join("\n");
}

export function footerHtml(footer: NotificationFooter): string {
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#1d4ed8;">${escapeHtml(label)}</a>`;
  return [
    `${escapeHtml(reasonText(footer.reason))} This mail was sent to ${escapeHtml(footer.email)}.`,
    `${link(footer.manageUrl, "Manage your notifications")} · ${link(footer.unsubscribeUrl, unsubscribeLabel(footer))}`,
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
  const { html, text } = renderLayout({ preheader, bodyText, bodyHtml, footerText: footerText(footer), footerHtml: footerHtml(footer) });
  return { subject, text, html };
}

// ------------------------------------------------------------------------------ building blocks

export const P = (inner: string) => `<p style="margin:0 0 16px;">${inner}</p>`;
export const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#1d4ed8;">${escapeHtml(label)}</a>`;

/** "Consultation 12: <title>" as the first line of a body, in both forms. */
export function consultationHeading(c: MailConsultation): { text: string; html: string } {
  return {
    text: `Consultation ${c.number}: ${oneLine(c.title)}\n${c.url}`,
    html: `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">${link(c.url, `Consultation ${c.number}: ${oneLine(c.title)}`)}</h1>`,
  };
}

/** Titles are staff input: one line, whatever was typed. */
export function oneLine(value: string): string {
  return String(value ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const utc = (date: Date) => formatUtc(date);

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

export function commentByline(c: MailComment): string {
  const who = c.organisationName ? `${oneLine(c.authorName)} (${oneLine(c.organisationName)})` : oneLine(c.authorName);
  const role = c.isIfmReply ? " for the IFM" : "";
  const section = c.sectionTitle ? `, on section "${oneLine(c.sectionTitle)}"` : "";
  return `Comment ${c.ref} by ${who}${role}, ${utc(c.createdAt)}${section}`;
}

/** One comment: byline, its text and its permalink. */
export function commentBlock(c: MailComment): { text: string; html: string } {
  const text = [`${commentByline(c)}:`, "", quoteText(markdownToText(c.bodyMd)), "", `Read it and reply: ${c.url}`].join("\n");
  const html = [
    `<p style="margin:0 0 8px;font-size:14px;color:#374151;">${escapeHtml(commentByline(c))}</p>`,
    // bodyHtml was sanitised with the strict allowlist when the comment was saved.
    `<div style="margin:0 0 12px;padding:4px 16px;border-left:4px solid #d1d5db;color:#111827;">${c.bodyHtml}</div>`,
    `<p style="margin:0 0 20px;font-size:14px;">${link(c.url, `Read comment ${c.ref} and reply`)}</p>`,
  ].join("\n");
  return { text, html };
}
