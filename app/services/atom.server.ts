/**
 * A small Atom 1.0 (RFC 4287) writer. Callers pass plain data; everything that reaches the
 * document is XML-escaped here, and characters XML 1.0 forbids (C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF) are removed, so user text cannot make a feed
 * unparseable.
 */
import { escapeHtml } from "./html-escape";

export type AtomPerson = { name: string; uri?: string };

export type AtomEntry = {
  /** A permanent, unique IRI (we use tag: URIs). */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** The entry's web page (rel="alternate"). */
  url: string;
  author: AtomPerson;
  /** Plain text. */
  summary?: string;
  /** HTML (already sanitised); written escaped inside `<content type="html">`. */
  contentHtml?: string;
  categories?: string[];
};

export type AtomFeed = {
  id: string;
  title: string;
  subtitle?: string;
  /** Defaults to the newest entry's `updated` (or `fallbackUpdated` when there is none). */
  updated?: Date;
  fallbackUpdated?: Date;
  /** This feed's own URL (rel="self"). */
  selfUrl: string;
  /** The web page the feed mirrors (rel="alternate"). */
  alternateUrl: string;
  author: AtomPerson;
  generator?: { name: string; uri?: string };
  entries: AtomEntry[];
};

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

// Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF]. With the u flag, [\uD800-\uDFFF] matches lone surrogates only.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 cannot carry at all (not even as character references). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, "");
}

/** Escapes text for element content and attribute values alike, without the characters XML forbids. */
export function escapeXml(text: string): string {
  return escapeHtml(stripInvalidXmlChars(text));
}

/** RFC 3339 date-time in UTC, without fractional seconds: "2026-03-01T12:00:00Z". */
export function atomDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function element(name: string, text: string, attributes: Record<string, string> = {}): string {
  return `<${name}${attrs(attributes)}>${escapeXml(text)}</${name}>`;
}

function attrs(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
}

function link(rel: string, href: string, type?: string): string {
  return `<link${attrs({ rel, type, href })}/>`;
}

function person(tag: "author", p: AtomPerson, indent: string): string {
  const name = p.name.trim() || "Anonymous";
  const uri = p.uri ? element("uri", p.uri) : "";
  return `${indent}<${tag}>${element("name", name)}${uri}</${tag}>`;
}

function entryXml(e: AtomEntry): string {
  const i = "    ";
  const lines = [
    "  <entry>",
    `${i}${element("id", e.id)}`,
    `${i}${element("title", e.title, { type: "text" })}`,
    `${i}${element("updated", atomDate(e.updated))}`,
    e.published ? `${i}${element("published", atomDate(e.published))}` : "",
    `${i}${link("alternate", e.url, "text/html")}`,
    person("author", e.author, i),
    ...(e.categories ?? []).map((term) => `${i}<category${attrs({ term })}/>`),
    e.summary !== undefined ? `${i}${element("summary", e.summary, { type: "text" })}` : "",
    e.contentHtml !== undefined ? `${i}${element("content", e.contentHtml, { type: "html" })}` : "",
    "  </entry>",
  ];
  return lines.filter(Boolean).join("\n");
}

/** The feed as a UTF-8 XML document. */
export function renderAtomFeed(feed: AtomFeed): string {
  const newest = feed.entries.reduce<Date | undefined>((max, e) => (!max || e.updated > max ? e.updated : max), undefined);
  const updated = feed.updated ?? newest ?? feed.fallbackUpdated ?? new Date();
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${element("id", feed.id)}`,
    `  ${element("title", feed.title, { type: "text" })}`,
    feed.subtitle ? `  ${element("subtitle", feed.subtitle, { type: "text" })}` : "",
    `  ${element("updated", atomDate(updated))}`,
    `  ${link("self", feed.selfUrl, "application/atom+xml")}`,
    `  ${link("alternate", feed.alternateUrl, "text/html")}`,
    person("author", feed.author, "  "),
    feed.generator ? `  ${element("generator", feed.generator.name, feed.generator.uri ? { uri: feed.generator.uri } : {})}` : "",
  ];
  return [...head.filter(Boolean), ...feed.entries.map(entryXml), "</feed>", ""].join("\n");
}
