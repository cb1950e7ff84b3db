import { createContext, useContext } from "react";
import type { MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import type { Locale } from "~/services/language";

/**
 * The language of this page and its catalogue (id → ICU message). The server's entry gives it
 * from the catalogues (catalogue.server.ts); the browser's entry reads it back from the page
 * (MessagesScript), so the browser bundle carries no catalogue and hydration renders the same text.
 */
export type PageMessages = { locale: Locale; messages: Messages };

/** Messages by id, each as its ICU MessageFormat syntax tree (parsed once, on the server). */
export type Messages = Record<string, MessageFormatElement[]>;

const MessagesContext = createContext<PageMessages>({ locale: "en", messages: {} });
export const MessagesProvider = MessagesContext.Provider;
export const usePageMessages = () => useContext(MessagesContext);

/** The id of the element holding the page's catalogue. */
export const MESSAGES_ELEMENT_ID = "page-messages";

/** Reads back the catalogue the server wrote into the page (entry.client.tsx). */
export function readPageMessages(doc: Document): PageMessages {
  const text = doc.getElementById(MESSAGES_ELEMENT_ID)?.textContent;
  if (!text) return { locale: "en", messages: {} };
  return JSON.parse(text) as PageMessages;
}

/** JSON safe inside a <script> element: no "</script>", no HTML comment openers. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The page's language and, when the root loader's data does not bring them, its messages, as data
 * (type application/json: never executed, so the CSP needs no nonce for it).
 */
export function MessagesScript({ withMessages }: { withMessages: boolean }) {
  const page = usePageMessages();
  const value: PageMessages = withMessages ? page : { locale: page.locale, messages: {} };
  return <script id={MESSAGES_ELEMENT_ID} type="application/json" dangerouslySetInnerHTML={{ __html: scriptSafeJson(value) }} />;
}
