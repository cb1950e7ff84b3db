import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { DocumentHtmlProvider, type DocumentHtml } from "~/components/server-html";
import { routeMessages } from "~/i18n/route-messages.server";
import { MessagesProvider } from "~/i18n/messages-context";
import { addToVary } from "~/services/http-compression.server";
import { isLocale, negotiateLocale, type Locale } from "~/services/language";
import { withWholeBody } from "~/services/remix-http.server";
import { cutDocument, describeDocument, fillDocument, RenderedDocuments, type DescribedDocument } from "~/services/rendered-documents.server";

// The server (server.ts) and the standalone worker reach the app's infrastructure through these
// exports, so everything runs in one module graph.
export { startup, startBackground } from "~/background/startup.server";
export { bodyLimit, crossSiteCheck, securityHeaderSet, securityHeaders } from "~/services/http-security.server";
export { env } from "~/services/env.server";
export { pageGenerationWatch, pageGenerationWatchReady } from "~/services/page-generation.server";
export { loadContextFor } from "~/services/document-html.server";
export { parseTrustProxy } from "~/services/trust-proxy";

export const streamTimeout = 5_000;

const renderedDocuments = new RenderedDocuments();
setInterval(() => renderedDocuments.sweep(), 30_000).unref();

/**
 * A document request whose rendering may be shared (rendered-documents.server.ts): a page read
 * (GET or HEAD) answered 200 from loaders alone, with data the walk can compare.
 */
function shareable(request: Request, status: number, remixContext: EntryContext, loadContext: AppLoadContext): DescribedDocument | null {
  const handled = remixContext.staticHandlerContext;
  if ((request.method !== "GET" && request.method !== "HEAD") || status !== 200 || handled.actionData || handled.errors) return null;
  if (!loadContext.documentHtml || !loadContext.perRequestTokens) return null;
  return describeDocument({
    url: request.url,
    status,
    loaderData: handled.loaderData,
    documentHtml: loadContext.documentHtml,
    perRequest: loadContext.perRequestTokens,
  });
}

/**
 * The page's language: the root loader's decision (which knows a signed-in reader's setting), or
 * the same negotiation without it when the root loader did not run to the end (an error page).
 */
function pageLocale(request: Request, remixContext: EntryContext): Locale {
  const root = remixContext.staticHandlerContext.loaderData?.root as { locale?: unknown } | undefined;
  if (isLocale(root?.locale)) return root.locale;
  const { headers } = request;
  return negotiateLocale({ pathname: new URL(request.url).pathname, cookie: headers.get("Cookie"), acceptLanguage: headers.get("Accept-Language") });
}

function htmlResponse(body: Buffer, headers: Headers, status: number): Response {
  headers.set("Content-Type", "text/html; charset=utf-8");
  return withWholeBody(new Response(new Uint8Array(body), { headers, status }), body);
}

// Pages are rendered completely before sending (no deferred data is used), which keeps every
// page working without JavaScript and lets identical pages be shared byte for byte.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const locale = pageLocale(request, remixContext);
  // An unprefixed URL's language depends on the Cookie and Accept-Language headers.
  responseHeaders.set("Content-Language", locale);
  responseHeaders.set("Vary", addToVary(responseHeaders.get("Vary") ?? undefined, "Accept-Language"));
  const described = shareable(request, responseStatusCode, remixContext, loadContext);
  const render = () =>
    renderDocument(request, responseStatusCode, responseHeaders, remixContext, { nonce, locale }, described, loadContext.documentHtml ?? null);
  if (!described) return render();
  const stored = renderedDocuments.get(described.key);
  if (stored) return Promise.resolve(htmlResponse(fillDocument(stored, described, nonce), responseHeaders, responseStatusCode));
  // Readers arriving while the same document is rendered (after a change, all of them at once)
  // wait for that one render rather than each rendering it again.
  const pending = renderedDocuments.pending(described.key);
  if (pending) {
    return pending.then((doc) => (doc ? htmlResponse(fillDocument(doc, described, nonce), responseHeaders, responseStatusCode) : render()));
  }
  return render();
}

function renderDocument(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  { nonce, locale }: { nonce: string; locale: Locale },
  described: DescribedDocument | null,
  ownHtml: DocumentHtml | null,
) {
  // Shared documents are rendered with a marker where each stored HTML goes, then cut and filled.
  const documentHtml: DocumentHtml | null = described ? described.markers : ownHtml;
  const share = described ? renderedDocuments.lead(described.key) : () => {};
  return new Promise<Response>((resolve, reject) => {
    let errored = false;
    // Bounds the rendering only: once everything is rendered, sending a large page to a slow
    // reader may take longer, and aborting then would cut the page off mid-stream.
    let renderTimer: ReturnType<typeof setTimeout> | undefined;
    const failed = (error: unknown) => {
      share(null);
      reject(error);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DocumentHtmlProvider value={documentHtml}>
          <MessagesProvider
            value={{
              locale,
              messages: routeMessages(
                locale,
                remixContext.staticHandlerContext.matches.map((m) => m.route.id),
              ),
            }}
          >
            <RemixServer context={remixContext} url={request.url} nonce={nonce} />
          </MessagesProvider>
        </DocumentHtmlProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(renderTimer);
          const body = new PassThrough();
          if (described) {
            const chunks: Buffer[] = [];
            body.on("data", (chunk: Buffer) => chunks.push(chunk));
            body.on("end", () => {
              const stored = cutDocument(Buffer.concat(chunks).toString("utf8"), described, nonce);
              share(errored ? null : stored);
              resolve(htmlResponse(fillDocument(stored, described, nonce), responseHeaders, errored ? 500 : responseStatusCode));
            });
            body.on("error", failed);
            pipe(body);
            return;
          }
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: errored ? 500 : responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError: failed,
        onError(error: unknown) {
          errored = true;
          console.error(error);
        },
      },
    );
    renderTimer = setTimeout(() => {
      share(null);
      abort();
    }, streamTimeout + 1000);
  });
}
