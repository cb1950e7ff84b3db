import type { AppLoadContext } from "@remix-run/node";
import type { DocumentHtml, InDocument, PageHtml } from "~/components/server-html";
import { randomToken } from "./crypto.server";
import type { PerRequestTokens } from "./rendered-documents.server";

// Stored HTML (a plan, a comment) is most of a page's bytes. In a document request it is rendered
// into the HTML, so the hydration data gets a stand-in instead and the browser reads the HTML back
// from the element it is in (<ServerHtml>): each byte is sent once. Data requests (client-side
// navigations, revalidations) have no document around them and carry the strings themselves.

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The per-request Content-Security-Policy nonce (server.ts). */
    cspNonce?: string;
    /** Present on document requests: the HTML behind each stand-in of the loaders' data. */
    documentHtml?: DocumentHtml;
    /** Present on document requests: the values drawn for this response alone (perRequestToken). */
    perRequestTokens?: PerRequestTokens;
  }
}

/** The load context of a request to the app: a document request gets a place for its HTML. */
export function loadContextFor(pathname: string, cspNonce: string): AppLoadContext {
  // Remix answers paths ending in ".data" with loader data alone (single fetch).
  return pathname.endsWith(".data") ? { cspNonce } : { cspNonce, documentHtml: new Map(), perRequestTokens: new Set() };
}

/**
 * What a loader returns for a piece of stored HTML it renders with <ServerHtml>: a stand-in on a
 * document request, the string itself otherwise (data requests, direct calls in tests).
 */
export function htmlOnce(context: AppLoadContext | undefined): (html: string) => PageHtml {
  const documentHtml = context?.documentHtml;
  if (!documentHtml) return (html) => html;
  return (html) => {
    const standIn: InDocument = { inDocument: true };
    documentHtml.set(standIn, html);
    return standIn;
  };
}

/**
 * A random token for this response alone (a form's idempotency key). Drawn here so that a shared
 * rendered document (rendered-documents.server.ts) gets a fresh one for every response.
 */
export function perRequestToken(context: AppLoadContext | undefined): string {
  const token = randomToken(16);
  context?.perRequestTokens?.add(token);
  return token;
}
