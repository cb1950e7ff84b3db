import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { MessagesProvider, readPageMessages } from "~/i18n/messages-context";

// The page's catalogue, as the server wrote it into the page: the same text on hydration.
const pageMessages = readPageMessages(document);

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <MessagesProvider value={pageMessages}>
          <RemixBrowser />
        </MessagesProvider>
      </StrictMode>,
    );
  });
}

// Hydrate once the page's data has been decoded (patches/@remix-run+react: the decoding starts
// when Remix loads). Hydrating earlier, the app waits for it, and a key pressed or a click in that
// time makes React hydrate at once and give up ("Root did not complete"); the page then stays
// without its scripts. Until hydration, links and forms work as plain HTML.
const stateDecoded = (window as unknown as { __remixStateDecoded?: Promise<void> }).__remixStateDecoded;
if (stateDecoded) void stateDecoded.then(hydrate);
else hydrate();
