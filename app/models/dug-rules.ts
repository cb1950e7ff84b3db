// Limits of the Direct User Group's composition (seed 002: about 8 voting members, two or three
// non-voting liaisons). Shared by the server and the pages.
export const MAX_VOTING_MEMBERS = 8;
export const MAX_LIAISONS = 3;
