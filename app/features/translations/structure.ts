import type { MessageId } from "~/i18n/message-id";

type Heading = { level: number; text: string };

/** Why a translation's sections do not match the English text's, as a message to translate. */
export type StructureMismatch = { id: MessageId; values: Record<string, string | number> };

/**
 * A translation must have the English version's sections: the same headings, at the same levels,
 * in the same order, so each of its headings takes the English heading's id (its anchor) by
 * position. Null when they match.
 */
export function structureMismatch(english: readonly Heading[], translation: readonly Heading[]): StructureMismatch | null {
  const shared = Math.min(english.length, translation.length);
  for (let i = 0; i < shared; i++) {
    if (english[i].level !== translation[i].level) {
      return {
        id: "translations.structure.level",
        values: { position: i + 1, heading: translation[i].text, level: translation[i].level, englishLevel: english[i].level, english: english[i].text },
      };
    }
  }
  if (english.length !== translation.length) {
    return { id: "translations.structure.count", values: { english: english.length, translation: translation.length } };
  }
  return null;
}
