import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { MessagesProvider, readPageMessages } from "~/i18n/messages-context";

// The page's catalogue, as the server wrote it into the page: the same text on hydration.
const pageMessages = readPageMessages(document);

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
