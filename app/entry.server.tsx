import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { DocumentHtmlProvider } from "~/components/server-html";

// The server (server.ts) and the standalone worker reach the app's infrastructure through these
// exports, so everything runs in one module graph.
export { startup, startBackground } from "~/background/startup.server";
export { bodyLimit, crossSiteCheck, securityHeaders } from "~/services/http-security.server";
export { env } from "~/services/env.server";
export { pageGenerationWatch } from "~/services/page-generation.server";
export { loadContextFor } from "~/services/document-html.server";

export const streamTimeout = 5_000;

// Pages are rendered completely before sending (no deferred data is used), which keeps every
// page working without JavaScript and lets identical public pages be cached byte for byte.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let errored = false;
    // Bounds the rendering only: once everything is rendered, sending a large page to a slow
    // reader may take longer, and aborting then would cut the page off mid-stream.
    let renderTimer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DocumentHtmlProvider value={loadContext.documentHtml ?? null}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </DocumentHtmlProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(renderTimer);
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: errored ? 500 : responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          errored = true;
          console.error(error);
        },
      },
    );
    renderTimer = setTimeout(abort, streamTimeout + 1000);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
