import type { ReactNode } from "react";
import { IntlProvider, useIntl } from "react-intl";
import { directionOf } from "~/services/language";
import { usePageMessages, type Messages } from "./messages-context";
import type { MessageId } from "./message-id";

export type { MessageId };
type Values = Record<string, string | number | Date | null | undefined>;
type RichValues = Record<string, string | number | Date | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/**
 * Every component below it formats messages in the page's language: those of the root loader's
 * data (the page's routes', route-messages.server.ts), else those the document carries (a page
 * whose root loader failed; see messages-context.tsx).
 */
export function PageIntlProvider({ children, messages: routeMessages }: { children: ReactNode; messages?: Messages }) {
  const page = usePageMessages();
  const { locale } = page;
  const messages = routeMessages ?? page.messages;
  return (
    <IntlProvider locale={locale} messages={messages} defaultLocale="en" onError={reportMissing}>
      {children}
    </IntlProvider>
  );
}

// A missing translation shows its id, which the catalogue tests catch; formatting errors are logged.
function reportMissing(error: { code?: string; message: string }) {
  if (error.code === "MISSING_TRANSLATION") return;
  console.error(error.message);
}

/** `t(id, values)`: the message in the page's language, as a string. */
export function useT(): (id: MessageId, values?: Values) => string {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values) as string;
}

/** `rich(id, { link: (chunks) => <Link …>{chunks}</Link> })`: a message with markup in it. */
export function useRich(): (id: MessageId, values: RichValues) => ReactNode {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values as Record<string, ReactNode>);
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
