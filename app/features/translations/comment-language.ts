import { franc } from "franc-min";
import type { Locale } from "~/services/language";

// The language a comment is written in, when its author did not say. franc's trigram models tell
// Latin-script languages apart only with enough text; the other scripts of the six languages are
// each used by one of them, so a few letters of Arabic, Cyrillic or Han are enough.

/** Below this many letters a Latin-script text is too short to tell English from French or Spanish. */
export const MIN_LETTERS_TO_DETECT = 20;

const FRANC_CODES = { arb: "ar", cmn: "zh", eng: "en", fra: "fr", rus: "ru", spa: "es" } as const satisfies Record<string, Locale>;
const ONLY = Object.keys(FRANC_CODES);

const SCRIPTS: [RegExp, Locale][] = [
  [/\p{Script=Arabic}/gu, "ar"],
  [/\p{Script=Cyrillic}/gu, "ru"],
  [/\p{Script=Han}/gu, "zh"],
];

/** The prose of a comment's markdown: without code, link targets, addresses and markup. */
function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```|`[^`\n]*`/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/\b(?:https?:\/\/|mailto:|www\.)\S+/gi, " ")
    .replace(/\S+@\S+\.\S+/g, " ")
    .replace(/[#>*_~[\]|-]+/g, " ");
}

/**
 * The language of `markdown` among the six, or `fallback` (the page's language) when the text
 * is too short or unclear.
 */
export function detectCommentLanguage(markdown: string, fallback: Locale): Locale {
  const text = proseOf(markdown);
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return fallback;
  // A script only one of the six languages uses, making up most of the letters, decides.
  for (const [script, locale] of SCRIPTS) {
    if ((text.match(script) ?? []).length * 2 > letters) return locale;
  }
  if (letters < MIN_LETTERS_TO_DETECT) return fallback;
  const code = franc(text, { only: ONLY, minLength: MIN_LETTERS_TO_DETECT });
  return code in FRANC_CODES ? FRANC_CODES[code as keyof typeof FRANC_CODES] : fallback;
}
