import fs from "node:fs";
import { expect } from "vitest";
import { CATALOGUES } from "~/i18n/catalogues.server";

// What a page in another language must not show: the catalogues' English phrases (where the
// language's own text differs) and message ids. Every "no English left" test reads these.

/**
 * The English phrases of the catalogues whose translation differs (a literal run of 4+ letters),
 * leaving out those the language itself writes as words of its own ("Comment" in French); mails are not pages.
 */
export function englishPhrases(locale: string): string[] {
  const folders = Object.keys(CATALOGUES);
  const phrases = new Set<string>();
  const read = (folder: string, l: string) => JSON.parse(fs.readFileSync(`${folder}/${l}.json`, "utf8")) as Record<string, unknown>;
  const ownWords = folders.flatMap((folder) => Object.values(read(folder, locale)).filter((v) => typeof v === "string")).join("\n");
  for (const folder of folders) {
    const en = read(folder, "en");
    const other = read(folder, locale);
    for (const [id, text] of Object.entries(en)) {
      if (id === "@metadata" || id.startsWith("mail.") || text === other[id]) continue;
      // The literal runs of the message, without placeholders, plural branches' syntax or tags.
      for (const run of String(text).split(/\{[^{}]*\{|\}\s*\w*\s*\{|[{}#]|<\/?\w+>/)) {
        const phrase = run.replace(/\s+/g, " ").trim();
        if (/[A-Za-z]{4}/.test(phrase) && !String(other[id]).includes(phrase) && !hasPhrase(ownWords, phrase)) phrases.add(phrase);
      }
    }
  }
  return [...phrases];
}

/**
 * Whether `text` holds the English `phrase` as words of its own: "Comment" is in "Comment 4-1"
 * but not in the French "Commentaires".
 */
export function hasPhrase(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, "u").test(text);
}

/** A message id left in a page instead of its message: the first part of any catalogue's ids, then more parts. */
const stems = new Set(
  Object.values(CATALOGUES).flatMap((byLocale) =>
    Object.keys(byLocale.en)
      .filter((id) => id !== "@metadata")
      .map((id) => id.split(".")[0]),
  ),
);
export const MESSAGE_ID = new RegExp(`\\b(?:${[...stems].join("|")})\\.[a-z]+\\.?[A-Za-z]+`);

/** The text a reader sees: the body without scripts, code, tags, stated English content and isolated codes (<bdi>). */
export function visibleText(html: string): string {
  const start = html.indexOf("<body");
  const body = start === -1 ? html : html.slice(start);
  return (
    body
      .replace(/<script[\s\S]*?<\/script>/g, " ")
      // Code (paths, hashes) is the same in every language.
      .replace(/<code[^>]*>[\s\S]*?<\/code>/g, " ")
      .replace(/<(\w+)[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, " ")
      .replace(/<bdi>[\s\S]*?<\/bdi>/g, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
  );
}

/**
 * Asserts that the visible text of `html` has no English phrase of `phrases` and no message id;
 * `where` names the page in the failure. Returns the visible text for further checks.
 */
export function expectNoEnglishLeft(html: string, phrases: string[], where: string): string {
  const text = visibleText(html);
  expect(
    phrases.filter((p) => hasPhrase(text, p)),
    where,
  ).toEqual([]);
  expect(text, where).not.toMatch(MESSAGE_ID);
  return text;
}
