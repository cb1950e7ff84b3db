/** What a person without a display name is called on the public record, in mails and feeds. */
export const UNNAMED_PARTICIPANT = "Unnamed participant";

/** The name shown for a person: their display name, or UNNAMED_PARTICIPANT. */
export function shownName(displayName: string | null | undefined): string {
  return displayName?.trim() || UNNAMED_PARTICIPANT;
}
