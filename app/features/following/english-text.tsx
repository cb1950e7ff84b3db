import type { ReactNode } from "react";
import { useEnglishContent } from "~/i18n/t";

/** Text written in English (a consultation's title) inside a sentence in the page's language. */
export function EnglishText({ children }: { children: ReactNode }) {
  const english = useEnglishContent();
  return english.lang ? <span {...english}>{children}</span> : <>{children}</>;
}

/**
 * An address or reference inside a sentence in the page's language, isolated so a right-to-left
 * sentence does not reorder it (English pages are left as they were).
 */
export function Isolated({ children }: { children: ReactNode }) {
  const english = useEnglishContent();
  return english.lang ? <bdi>{children}</bdi> : <>{children}</>;
}
