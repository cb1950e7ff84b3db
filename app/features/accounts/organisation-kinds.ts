// Kinds of TLD registry operator (shared by server and pages).
export const ORGANISATION_KINDS = ["cctld", "gtld"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const isOrganisationKind = (value: string): value is OrganisationKind => (ORGANISATION_KINDS as readonly string[]).includes(value);

/** The kind as a badge or a parenthesis says it: "ccTLD", "gTLD" (the same in every language). */
export function shortKindLabel(kind: string): string {
  return kind === "cctld" ? "ccTLD" : kind === "gtld" ? "gTLD" : kind;
}
