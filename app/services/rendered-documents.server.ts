import crypto from "node:crypto";
import type { DocumentHtml, InDocument } from "~/components/server-html";

// Rendered documents, shared between requests (docs/decisions/032-server-rendered-documents.md).
//
// A document is a function of its URL, its loaders' data and the stored HTML that data points to
// (htmlOnce): React renders nothing else. Apart from those, only the values drawn anew for each
// response differ: the CSP nonce and the tokens of forms (perRequestToken). So the HTML rendered
// for one request serves every later request whose data is the same once those are set aside —
// every reader with the same rights, own comments and follow state alike, since all of that is in
// the data — until a write changes the data. An entry keeps the document cut at the places of the
// per-response values and of the stored HTML; a response joins the pieces with its own.

/** Values a loader drew for this response alone (form tokens), as loadContextFor collects them. */
export type PerRequestTokens = Set<string>;

type Slot = { kind: "nonce" } | { kind: "token"; index: number } | { kind: "html"; index: number };

/** What a document request's data comes to once its per-response values are set aside. */
export type DescribedDocument = {
  /** A digest of the URL, the status and the data with every token and stored HTML as a slot. */
  key: string;
  /** The tokens of this response, in the order the data holds them. */
  tokens: string[];
  /** The stored HTML of this response, in the order the data holds it. */
  html: string[];
  /** The same stand-ins, for rendering: each gives a marker instead of its HTML. */
  markers: DocumentHtml;
  markerTexts: string[];
};

// Values that never change while the process runs (a page's catalogue): written as their name,
// not walked entry by entry on every request.
const constants = new WeakMap<object, string>();

/** Marks `value` as fixed for the life of the process, `name` standing for it in document keys. */
export function markConstant<T extends object>(value: T, name: string): T {
  constants.set(Object.freeze(value), name);
  return value;
}

type Walk = { out: string[]; tokens: string[]; html: string[]; standIns: InDocument[]; documentHtml: DocumentHtml; perRequest: PerRequestTokens };

/** Writes `value` into the walk; false when it holds something whose rendering could differ unseen. */
function walk(value: unknown, w: Walk): boolean {
  switch (typeof value) {
    case "string": {
      if (w.perRequest.has(value)) {
        const known = w.tokens.indexOf(value);
        w.out.push(`t${known === -1 ? w.tokens.push(value) - 1 : known}`);
      } else w.out.push(JSON.stringify(value));
      return true;
    }
    case "number":
    case "boolean":
      w.out.push(String(value));
      return true;
    case "undefined":
      w.out.push("u");
      return true;
    case "object": {
      if (value === null) {
        w.out.push("n");
        return true;
      }
      const constant = constants.get(value);
      if (constant !== undefined) {
        w.out.push(`c${JSON.stringify(constant)}`);
        return true;
      }
      const stored = w.documentHtml.get(value as InDocument);
      if (stored !== undefined) {
        const known = w.standIns.indexOf(value as InDocument);
        if (known === -1) {
          w.standIns.push(value as InDocument);
          w.html.push(stored);
        }
        w.out.push(`h${known === -1 ? w.html.length - 1 : known}`);
        return true;
      }
      if (value instanceof Date) {
        const time = value.getTime();
        w.out.push(`d${Number.isNaN(time) ? "NaN" : time}`);
        return true;
      }
      if (Array.isArray(value)) {
        w.out.push("[");
        for (const item of value) {
          if (!walk(item, w)) return false;
          w.out.push(",");
        }
        w.out.push("]");
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      // Promises (deferred data), Maps, class instances: not compared safely here.
      if (proto !== Object.prototype && proto !== null) return false;
      w.out.push("{");
      for (const [k, v] of Object.entries(value)) {
        w.out.push(JSON.stringify(k), ":");
        if (!walk(v, w)) return false;
        w.out.push(",");
      }
      w.out.push("}");
      return true;
    }
    default:
      return false;
  }
}

/**
 * The shareable description of a document request, or null when its data holds something the
 * walk cannot compare (then the document is rendered for this request alone).
 */
export function describeDocument(inputs: {
  url: string;
  status: number;
  loaderData: unknown;
  documentHtml: DocumentHtml;
  perRequest: PerRequestTokens;
}): DescribedDocument | null {
  const w: Walk = { out: [], tokens: [], html: [], standIns: [], documentHtml: inputs.documentHtml, perRequest: inputs.perRequest };
  if (!walk(inputs.loaderData, w)) return null;
  const key = crypto.createHash("sha256").update(`${inputs.status} ${inputs.url}\n`).update(w.out.join("")).digest("base64url");
  // Each marker is random: nothing else in a document can contain it.
  const salt = crypto.randomBytes(12).toString("base64url");
  const markerTexts = w.standIns.map((_, i) => `\u2060stored-html-${salt}-${i}\u2060`);
  const markers: DocumentHtml = new Map(w.standIns.map((s, i) => [s, markerTexts[i]]));
  return { key, tokens: w.tokens, html: w.html, markers, markerTexts };
}

/** A rendered document, cut at its slots. */
export type StoredDocument = { parts: Buffer[]; slots: Slot[]; bytes: number; storedAt: number };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Cuts `rendered` (rendered with `described.markers` and `nonce`) at every slot. */
export function cutDocument(rendered: string, described: DescribedDocument, nonce: string): StoredDocument {
  const needles = new Map<string, Slot>();
  if (nonce) needles.set(nonce, { kind: "nonce" });
  described.tokens.forEach((t, index) => needles.set(t, { kind: "token", index }));
  described.markerTexts.forEach((m, index) => needles.set(m, { kind: "html", index }));
  const parts: string[] = [];
  const slots: Slot[] = [];
  if (needles.size === 0) return stored([rendered], slots);
  const pattern = new RegExp([...needles.keys()].map(escapeRegExp).join("|"), "g");
  let from = 0;
  for (const match of rendered.matchAll(pattern)) {
    parts.push(rendered.slice(from, match.index));
    slots.push(needles.get(match[0])!);
    from = match.index + match[0].length;
  }
  parts.push(rendered.slice(from));
  return stored(parts, slots);
}

function stored(parts: string[], slots: Slot[]): StoredDocument {
  const encoded = parts.map((p) => Buffer.from(p, "utf8"));
  return { parts: encoded, slots, bytes: encoded.reduce((n, p) => n + p.length, 0), storedAt: Date.now() };
}

/** The document for this response: the stored pieces joined with its nonce, tokens and stored HTML. */
export function fillDocument(doc: StoredDocument, described: DescribedDocument, nonce: string): Buffer {
  const pieces: Buffer[] = [doc.parts[0]];
  for (let i = 0; i < doc.slots.length; i++) {
    const slot = doc.slots[i];
    const value =
      slot.kind === "nonce"
        ? Buffer.from(nonce, "latin1")
        : slot.kind === "token"
          ? Buffer.from(described.tokens[slot.index], "utf8")
          : encodedHtml(described.html[slot.index]);
    pieces.push(value, doc.parts[i + 1]);
  }
  return Buffer.concat(pieces);
}

/**
 * The UTF-8 bytes of stored HTML, kept for the HTML that recent responses filled in: a page of
 * threads or a plan is one shared string until a write, and encoding it anew for every response
 * was the part of a signed-in page's cost that grew with its comments. Looking a string up costs
 * little: V8 compares the same string by identity.
 */
const encoded = new Map<string, Buffer>();
let encodedBytes = 0;
const ENCODED_MAX_BYTES = 8 * 1024 * 1024;
const ENCODED_MIN_LENGTH = 2_048;

function encodedHtml(html: string): Buffer {
  if (html.length < ENCODED_MIN_LENGTH) return Buffer.from(html, "utf8");
  let bytes = encoded.get(html);
  if (bytes) {
    // Most recently used last: the oldest are the ones dropped when full.
    encoded.delete(html);
    encoded.set(html, bytes);
    return bytes;
  }
  bytes = Buffer.from(html, "utf8");
  if (bytes.length > ENCODED_MAX_BYTES / 4) return bytes; // a whole statement: not worth keeping
  encoded.set(html, bytes);
  encodedBytes += bytes.length;
  for (const [oldest, old] of encoded) {
    if (encodedBytes <= ENCODED_MAX_BYTES) break;
    encoded.delete(oldest);
    encodedBytes -= old.length;
  }
  return bytes;
}

/**
 * Least recently used documents, bounded in count and in bytes kept. An entry is also
 * rendered again after `maxAgeMs`, so that a render reading anything but its data (which none
 * should) could not go stale for long.
 */
export class RenderedDocuments {
  private entries = new Map<string, StoredDocument>();
  private size = 0;
  /** Renders in progress: requests for the same document wait for it instead of rendering it too. */
  private inflight = new Map<string, Promise<StoredDocument | null>>();

  constructor(
    private readonly maxEntries = 300,
    private readonly maxBytes = 32 * 1024 * 1024,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(key: string, now = Date.now()): StoredDocument | undefined {
    const found = this.entries.get(key);
    if (found && now - found.storedAt > this.maxAgeMs) {
      this.entries.delete(key);
      this.size -= found.bytes;
      return undefined;
    }
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  /** Forgets the documents past their age, so memory returns once the readers have gone. */
  sweep(now = Date.now()): void {
    for (const [key, doc] of this.entries) {
      if (now - doc.storedAt <= this.maxAgeMs) continue;
      this.entries.delete(key);
      this.size -= doc.bytes;
    }
  }

  set(key: string, doc: StoredDocument): void {
    if (doc.bytes > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.size -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, doc);
    this.size += doc.bytes;
    for (const [k, d] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= d.bytes;
    }
  }

  /** The render of `key` in progress, if any (null when it ends without a document to share). */
  pending(key: string): Promise<StoredDocument | null> | undefined {
    return this.inflight.get(key);
  }

  /**
   * Marks `key` as being rendered; the returned settle() must be called exactly once, with the
   * document (stored and given to the waiting requests) or null (they render it themselves).
   */
  lead(key: string): (doc: StoredDocument | null) => void {
    let resolve!: (doc: StoredDocument | null) => void;
    this.inflight.set(key, new Promise((r) => (resolve = r)));
    let settled = false;
    return (doc) => {
      if (settled) return;
      settled = true;
      this.inflight.delete(key);
      if (doc) this.set(key, doc);
      resolve(doc);
    };
  }
}
