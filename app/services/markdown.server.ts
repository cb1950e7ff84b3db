/**
 * Markdown → safe HTML, rendered once when a plan version or a comment is saved
 * (docs/decisions/005). The stored HTML is served as-is, so everything that reaches a browser passes
 * through this module.
 *
 * Pipeline (pure and synchronous):
 *  1. Truncate to MAX_MARKDOWN_LENGTH (callers reject longer input earlier; defence in depth).
 *  2. marked (GFM) on a fresh `Marked` instance per call, with:
 *     - raw HTML switched off at the tokenizer: `<b>`, `<script>`, `<!-- -->` are ordinary
 *       text and come out escaped, so they read as typed (and Markdown around them still works);
 *     - our own renderers for links (http/https/mailto/relative only, otherwise the link text
 *       alone), images (dropped: the alt text is kept as plain text — the community posts
 *       text, and remote images would leak readers' addresses), code blocks (class only for a
 *       clean `language-xxx`), task-list checkboxes (`[x]` as text, no `<input>`) and headings
 *       (stable, de-duplicated ids);
 *     - a hardened lexer: block and inline nesting are capped (deeper content is kept as plain
 *       text) and very long inline runs are tokenized in bounded pieces, because several of
 *       marked's inline rules are quadratic in the length of a paragraph (and its block
 *       recursion overflows the stack on `>` × 10,000).
 *  3. sanitize-html with a strict allowlist — the second, independent line of defence.
 */
import { Lexer, Marked, Tokenizer, type MarkedOptions, type Token, type Tokens, type TokensList } from "marked";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "./html-escape";

export type Heading = { id: string; level: number; text: string };
export type RenderedMarkdown = { html: string; headings: Heading[] };

/** The headings stored beside rendered markdown (`headingsJson`), read back; bad data reads as none. */
export function storedHeadings(json: string | null | undefined): Heading[] {
  try {
    const value: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(value) ? (value as Heading[]).filter((h) => h && typeof h.id === "string" && h.id !== "") : [];
  } catch {
    return [];
  }
}
export type RenderOptions = {
  /**
   * Give headings `id` attributes (default true). Comments pass false: no ids at all, and the
   * returned headings then have `id: ""`.
   */
  headingIds?: boolean;
  /** Prepended to every heading id, e.g. "plan-". Letters, digits, "-" and "_" only. */
  idPrefix?: string;
  /**
   * The ids of the headings, in order (a translation takes its original's, so anchors are
   * shared across languages); headings beyond the list get ids of their own.
   */
  headingIdsInOrder?: readonly string[];
};

/** Characters. Callers validate with zod first; renderMarkdown() renders only this much. */
export const MAX_MARKDOWN_LENGTH = 200_000;

/** `rel` on every link: user content, not endorsed, no window.opener. */
export const LINK_REL = "nofollow ugc noopener";

/** Blockquotes/lists deeper than this are kept as plain text. */
const MAX_BLOCK_DEPTH = 16;
/** Emphasis/links nested deeper than this are kept as plain text. */
const MAX_INLINE_DEPTH = 16;
/** Longest inline run tokenized in one piece (see SafeLexer.inlineTokens). */
const INLINE_CHUNK = 4_000;
/** Emphasis openers without a closer allowed per inline piece (see the emStrong tokenizer). */
const EMPHASIS_FAILURES = 32;
/** How far ahead an inline link `[text](href "title")` or a bare URL may extend. */
const LINK_WINDOW = 2_048;
/** How far ahead the e-mail autolink rule looks (a local part is at most 64 characters). */
const EMAIL_WINDOW = 320;
/** Longest piece of plain text the inline text rule is given at once (see textWindow). */
const TEXT_WINDOW = 256;
/** Longest heading id, before de-duplication suffixes. */
const MAX_SLUG_LENGTH = 64;

const HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"] as const;
const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  ...HEADING_TAGS,
  "blockquote",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "sup",
  "sub",
];
const ALLOWED_SCHEMES = ["http", "https", "mailto"];
const SAFE_ID = /^[A-Za-z0-9_-]{1,200}$/;
const SAFE_LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;

// ---------------------------------------------------------------------------------------------
// Public API

export function renderMarkdown(source: string, options: RenderOptions = {}): RenderedMarkdown {
  const headingIds = options.headingIds ?? true;
  const idPrefix = options.idPrefix ?? "";
  if (idPrefix !== "" && !SAFE_ID.test(idPrefix)) {
    throw new TypeError(`idPrefix may contain only letters, digits, "-" and "_": ${idPrefix}`);
  }
  const text = typeof source === "string" ? source.slice(0, MAX_MARKDOWN_LENGTH) : "";

  const headings: Heading[] = [];
  const nextId = headingIdAllocator(idPrefix);
  const marked = createMarked({
    onHeading(level, plain) {
      const given = options.headingIdsInOrder?.[headings.length];
      const id = headingIds ? nextId(given !== undefined && SAFE_ID.test(given) ? given : slugifyHeading(plain)) : "";
      headings.push({ id, level, text: plain });
      return id;
    },
  });

  let html: string;
  try {
    html = marked.parse(text, { async: false });
  } catch {
    // Nothing in the hardened lexer should throw, but if marked ever does, the reader still
    // gets the text — escaped, never as markup.
    headings.length = 0;
    html = fallbackHtml(text);
  }
  return { html: sanitizeRenderedHtml(html, { headingIds }), headings };
}

/**
 * Lower-case ASCII slug for a heading: letters and digits, runs of anything else become one
 * hyphen, accents are transliterated (é → e), other scripts are dropped. Never empty
 * ("section" when nothing is left).
 */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[ßæœøđłþ]/gi, (c) => TRANSLITERATION[c.toLowerCase()] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
  return slug === "" ? "section" : slug;
}

/**
 * The allowlist, on its own: marked's output goes through it, and it is exported so the
 * policy can be tested with hostile HTML directly.
 */
export function sanitizeRenderedHtml(html: string, options: { headingIds?: boolean } = {}): string {
  const headingIds = options.headingIds ?? true;
  const headingAttributes = headingIds ? ["id"] : [];
  const keepSafeId = keepIf("id", SAFE_ID);
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      th: ["align"],
      td: ["align"],
      ol: ["start"],
      ...Object.fromEntries(HEADING_TAGS.map((tag) => [tag, headingAttributes])),
    },
    allowedClasses: { code: ["language-*"] },
    allowedSchemes: ALLOWED_SCHEMES,
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: true,
    disallowedTagsMode: "discard",
    // Disallowed elements whose content is not prose are dropped with their content.
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "select",
      "noscript",
      "noembed",
      "noframes",
      "xmp",
      "iframe",
      "object",
      "embed",
      "template",
      "title",
      "svg",
      "math",
      "plaintext",
    ],
    nestingLimit: 200,
    parseStyleAttributes: false,
    enforceHtmlBoundary: false,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
      ol: keepIf("start", /^\d{1,9}$/),
      th: keepIf("align", /^(left|right|center)$/),
      td: keepIf("align", /^(left|right|center)$/),
      code: keepIf("class", /^language-[A-Za-z0-9_+#.-]{1,32}$/),
      ...Object.fromEntries(HEADING_TAGS.map((tag) => [tag, keepSafeId])),
    },
  });
}

/** A transform that keeps only `name`, and only when its whole value matches `pattern`. */
function keepIf(name: string, pattern: RegExp): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const kept: sanitizeHtml.Attributes = {};
    const value = attribs[name];
    if (value !== undefined && pattern.test(value)) kept[name] = value;
    return { tagName, attribs: kept };
  };
}

// ---------------------------------------------------------------------------------------------
// marked, configured

type RenderHooks = { onHeading(level: number, plainText: string): string };

function createMarked(hooks: RenderHooks): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    pedantic: false,
    silent: false,
    async: false,
    hooks: {
      provideLexer: () => (src, options) => new SafeLexer(options as unknown as MarkedOptions).lex(src),
    },
    tokenizer: {
      // Raw HTML is not HTML here: with no html/tag tokens, `<tag>` is ordinary text and the
      // renderer escapes it. (Returning undefined, not false, so marked does not fall back to
      // its own rule.)
      html(src) {
        // An HTML *block* (say `<div>` … up to a blank line) becomes an ordinary paragraph, so
        // its text reads exactly as typed, tags included.
        const block = builtinTokenizer.html.call(this, src);
        if (!block) return undefined;
        const text = block.raw.replace(/\s+$/, "");
        const paragraph: Tokens.Paragraph = { type: "paragraph", raw: block.raw, text, tokens: this.lexer.inline(text) };
        return paragraph as unknown as Tokens.HTML;
      },
      tag: () => undefined,
      emStrong(src, maskedSrc, prevChar) {
        // For every opener marked scans to the end of the run looking for a closer: quadratic
        // on "*a " × 60,000. Runs are bounded by INLINE_CHUNK, and each piece may have only
        // EMPHASIS_FAILURES openers without a closer; after that `*` and `_` are plain text.
        const lexer = this.lexer as SafeLexer;
        if (lexer.emphasisFailuresLeft <= 0) return undefined;
        if (!this.rules.inline.emStrongLDelim.test(src)) return undefined; // cheap: not an opener
        const token = builtinTokenizer.emStrong.call(this, src, maskedSrc, prevChar);
        if (!token) lexer.emphasisFailuresLeft -= 1;
        return token;
      },
      url(src) {
        // Look at a bounded prefix only (marked's email rule rescans the whole run at every
        // step), and end a bare URL at a quote or angle bracket: `href="https://x.example/">`
        // (raw HTML, shown as text) links https://x.example/ and not the `">` after it.
        const web = /^(?:https?:\/\/|ftp:\/\/|www\.)/i.test(src);
        const head = src.slice(0, web ? LINK_WINDOW : EMAIL_WINDOW);
        const end = head.search(/["<>]/);
        return builtinTokenizer.url.call(this, end === -1 ? head : head.slice(0, end));
      },
      inlineText(src) {
        // marked's text rule looks ahead for an e-mail address from every punctuation mark, to
        // the end of the run: quadratic on "!" × 200,000. Give it a bounded window that ends
        // before whitespace, so no URL, address or hard line break is cut in two.
        return builtinTokenizer.inlineText.call(this, textWindow(src));
      },
      link(src) {
        // The inline-link regex backtracks quadratically on "[a](" + "(" × 100,000.
        if (src.length <= LINK_WINDOW) return false;
        return (builtinTokenizer.link.call(this, src.slice(0, LINK_WINDOW)) ?? undefined) as Tokens.Link | Tokens.Image | undefined;
      },
    },
    renderer: {
      html({ text }) {
        return escapeHtml(text); // unreachable with the tokenizers above; kept as a backstop
      },
      heading({ tokens, depth }) {
        const id = hooks.onHeading(depth, plainText(tokens).replace(/\s+/g, " ").trim());
        const attribute = id === "" ? "" : ` id="${escapeHtml(id)}"`;
        return `<h${depth}${attribute}>${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const safe = safeHref(href);
        if (safe === null) return inner;
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(safe)}"${titleAttribute}>${inner}</a>`;
      },
      image({ text, tokens }) {
        const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
        return escapeHtml(decodeEntities(alt));
      },
      code({ text, lang }) {
        const language = (lang ?? "").match(/^\S*/)?.[0] ?? "";
        const classAttribute = SAFE_LANGUAGE.test(language) ? ` class="language-${language}"` : "";
        const body = text.replace(/\n$/, "");
        return `<pre><code${classAttribute}>${escapeHtml(body)}\n</code></pre>\n`;
      },
      checkbox({ checked }) {
        return checked ? "[x]" : "[ ]";
      },
    },
  });
}

/** marked's built-in tokenizer rules, called with bounded input by the overrides above. */
const builtinTokenizer = Tokenizer.prototype;

/**
 * marked's Lexer with bounded recursion and bounded inline runs. All of marked's block
 * recursion goes through blockTokens() and all inline recursion through inlineTokens().
 */
class SafeLexer extends Lexer {
  private blockDepth = 0;
  private inlineDepth = 0;
  emphasisFailuresLeft = EMPHASIS_FAILURES;

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped = false): Token[] {
    if (this.blockDepth >= MAX_BLOCK_DEPTH) {
      // Too deep: the rest of this container is one paragraph of plain text.
      tokens.push({ type: "paragraph", raw: src, text: src, tokens: this.inline(src) });
      return tokens;
    }
    this.blockDepth++;
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped);
    } finally {
      this.blockDepth--;
    }
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (this.inlineDepth >= MAX_INLINE_DEPTH) {
      tokens.push({ type: "text", raw: src, text: src });
      return tokens;
    }
    this.inlineDepth++;
    try {
      // marked re-masks the whole run once per link/code span/escape it finds (string slicing
      // in a loop), so one enormous paragraph costs O(n²): tokenize it in bounded pieces, cut
      // at whitespace. Only constructs longer than a piece, or spanning a cut, are affected.
      for (const piece of chunks(src, INLINE_CHUNK)) {
        if (this.inlineDepth === 1) this.emphasisFailuresLeft = EMPHASIS_FAILURES;
        super.inlineTokens(piece, tokens);
      }
      return tokens;
    } finally {
      this.inlineDepth--;
    }
  }
}

/**
 * `text` in pieces of at most `size` characters, each cut just before a run of whitespace in the
 * second half of the piece where there is one (so no word, URL, address or "  \n" / "\\\n"
 * line break is cut in two), otherwise at `size` (keeping surrogate pairs whole).
 */
function chunks(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    let end = start + size;
    let cut = end;
    while (cut > start + size / 2 && !isCutPoint(text, cut)) cut--;
    if (cut > start + size / 2) end = cut;
    else if (/[\uD800-\uDBFF]/.test(text[end - 1])) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Whitespace at `i` that starts a run, not preceded by a backslash. */
function isCutPoint(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  return isSpace(text.charCodeAt(i)) && !isSpace(before) && before !== 0x5c;
}

/**
 * At most TEXT_WINDOW characters of `src`, cut just before a run of whitespace when there is
 * one (so a token boundary never falls inside a word, URL, address or "  \n" break). Adjacent
 * text tokens are merged by the lexer, so the output does not change.
 */
function textWindow(src: string): string {
  if (src.length <= TEXT_WINDOW) return src;
  const window = src.slice(0, TEXT_WINDOW);
  let cut = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\n"), window.lastIndexOf("\t"));
  while (cut > 0 && isSpace(window.charCodeAt(cut - 1))) cut--;
  return cut > 0 ? window.slice(0, cut) : window;
}

// ---------------------------------------------------------------------------------------------
// Links

/**
 * The href a link may keep, or null. Entities are decoded first (`jav&#x61;script:`), then the
 * URL is percent-encoded the way marked does; the scheme check runs on exactly the string that
 * is written into the attribute (escaped), so the browser cannot see a different URL.
 * Allowed: http, https, mailto, and scheme-less (relative, `/path`, `#anchor`, `//host`).
 */
function safeHref(raw: string): string | null {
  let href = decodeEntities(raw).trim();
  try {
    href = encodeURI(href).replace(/%25/g, "%");
  } catch {
    return null; // lone surrogates
  }
  if (href === "") return null;
  const firstDelimiter = href.search(/[/?#]/);
  const head = firstDelimiter === -1 ? href : href.slice(0, firstDelimiter);
  const colon = head.indexOf(":");
  if (colon === -1) return href;
  const scheme = head.slice(0, colon).toLowerCase();
  return ALLOWED_SCHEMES.includes(scheme) ? href : null;
}

// ---------------------------------------------------------------------------------------------
// Headings

function headingIdAllocator(prefix: string): (slug: string) => string {
  const used = new Set<string>();
  const suffixes = new Map<string, number>();
  return (slug) => {
    const base = prefix + slug;
    let id = base;
    let n = suffixes.get(base) ?? 0;
    while (used.has(id)) {
      n += 1;
      id = `${base}-${n}`;
    }
    suffixes.set(base, n);
    used.add(id);
    return id;
  };
}

/** The text of inline tokens, without markup (for heading ids and the table of contents). */
function plainText(tokens: Token[] | undefined): string {
  let out = "";
  for (const token of tokens ?? []) {
    switch (token.type) {
      case "text":
        out += "tokens" in token && token.tokens ? plainText(token.tokens) : decodeEntities(token.text);
        break;
      case "escape":
      case "codespan":
      case "html":
        out += token.text;
        break;
      case "br":
        out += " ";
        break;
      default:
        out +=
          "tokens" in token && Array.isArray(token.tokens)
            ? plainText(token.tokens)
            : decodeEntities("text" in token && typeof token.text === "string" ? token.text : "");
    }
  }
  return out;
}

const TRANSLITERATION: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ł: "l",
  þ: "th",
};

// ---------------------------------------------------------------------------------------------
// Text helpers

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  colon: ":",
  tab: "\t",
  newline: "\n",
  sol: "/",
  lpar: "(",
  rpar: ")",
  period: ".",
  comma: ",",
  num: "#",
};

/**
 * Decodes numeric entities and the common named ones. Anything left undecoded stays literal
 * text, and is escaped on output, so an incomplete table can never turn into markup.
 */
function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (entity, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? entity;
  });
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x0c;
}

function fallbackHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== "")
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}
