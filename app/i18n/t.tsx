import { Children, createContext, Fragment, isValidElement, useContext, useMemo, type ReactNode } from "react";
import { IntlMessageFormat } from "intl-messageformat";
import { directionOf, type Locale } from "~/services/language";
import { usePageMessages, type Messages } from "./messages-context";
import type { MessageId } from "./message-id";

export type { MessageId };
type Values = Record<string, string | number | Date | null | undefined>;
type RichValues = Record<string, string | number | Date | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;
type Format = (id: MessageId, values?: RichValues) => ReactNode;

// Pages format their messages with FormatJS's intl-messageformat itself, from the syntax trees
// the server compiled (docs/decisions/044): react-intl's provider and its date, number, list and
// relative-time formatters (a third of the browser's i18n code) are not needed for that.
const FormatContext = createContext<Format>((id) => id);
const PageMessagesContext = createContext<Messages>({});

/**
 * Every component below it formats messages in the page's language: those of the root loader's
 * data (the page's routes', route-messages.server.ts), else those the document carries (a page
 * whose root loader failed; see messages-context.tsx).
 */
export function PageIntlProvider({ children, messages: routeMessages }: { children: ReactNode; messages?: Messages }) {
  const page = usePageMessages();
  const messages = routeMessages ?? page.messages;
  const format = useMemo(() => formatterFor(page.locale, messages), [page.locale, messages]);
  return (
    <PageMessagesContext.Provider value={messages}>
      <FormatContext.Provider value={format}>{children}</FormatContext.Provider>
    </PageMessagesContext.Provider>
  );
}

// One compiled formatter per message and catalogue object (frozen per language and set of routes).
const compiled = new WeakMap<Messages, Map<string, IntlMessageFormat>>();

function formatterFor(locale: Locale, messages: Messages): Format {
  let formats = compiled.get(messages);
  if (!formats) compiled.set(messages, (formats = new Map()));
  const cache = formats;
  return (id, values) => {
    let formatter = cache.get(id);
    if (!formatter) {
      const tree = messages[id];
      // A missing message shows its id, which the catalogue and page tests catch.
      if (!tree) return id;
      formatter = new IntlMessageFormat(tree, locale);
      cache.set(id, formatter);
    }
    try {
      const result = formatter.format<ReactNode>(values && keyedChunks(values));
      return Array.isArray(result) ? keyed(result) : result;
    } catch (error) {
      console.error(`Error formatting message "${id}": ${(error as Error).message}`);
      return id;
    }
  };
}

/** Parts of a message with markup, each element keyed by its position (they never reorder). */
function keyed(parts: ReactNode[]): ReactNode[] {
  return Children.toArray(parts).map((part, index) => (isValidElement(part) ? <Fragment key={index}>{part}</Fragment> : part));
}

/** The values, with each tag's function given keyed chunks. */
function keyedChunks(values: RichValues): RichValues {
  const out: RichValues = {};
  for (const [name, value] of Object.entries(values)) {
    out[name] = typeof value === "function" ? (chunks: ReactNode[]) => value(keyed(chunks)) : value;
  }
  return out;
}

/** `t(id, values)`: the message in the page's language, as a string. */
export function useT(): (id: MessageId, values?: Values) => string {
  const format = useContext(FormatContext);
  return (id, values) => format(id, values as RichValues) as string;
}

/** Whether the page's messages have `id`: for ids made from stored codes (an audit action). */
export function useHasMessage(): (id: string) => id is MessageId {
  const messages = useContext(PageMessagesContext);
  return (id): id is MessageId => id in messages;
}

/** `rich(id, { link: (chunks) => <Link …>{chunks}</Link> })`: a message with markup in it. */
export function useRich(): (id: MessageId, values: RichValues) => ReactNode {
  return useContext(FormatContext);
}

/** The page's language. */
export function useLocale() {
  return usePageMessages().locale;
}

/**
 * The attributes of text written in English (a plan's title and summary, whose English is the
 * authoritative text) on a page in another language: its language for screen readers and
 * hyphenation, and its own direction, so an Arabic page does not move its full stop to the left.
 */
export function useEnglishContent(): { lang?: "en"; dir?: "ltr" } {
  return useLocale() === "en" ? {} : { lang: "en", dir: "ltr" };
}

/**
 * English text as a value of a message (a plan's title, a change summary): bare on an English
 * page, marked as English (useEnglishContent) on the others.
 */
export function useEnglishText(): (text: string) => ReactNode {
  const english = useEnglishContent();
  return (text) => markedEnglish(text, english);
}

function markedEnglish(text: string, english: { lang?: "en"; dir?: "ltr" }): ReactNode {
  return english.lang ? <span {...english}>{text}</span> : text;
}

/** The attributes that give text in the page's language back its own inside English content. */
export function usePageLanguage(): { lang?: string; dir?: "ltr" | "rtl" } {
  const locale = useLocale();
  return locale === "en" ? {} : { lang: locale, dir: directionOf(locale) };
}
