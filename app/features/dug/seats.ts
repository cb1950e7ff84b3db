// Limits of the Direct User Group's composition (seed 002: about 8 voting members, two or three
// non-voting liaisons). Shared by the server and the pages.
export const MAX_VOTING_MEMBERS = 8;
export const MAX_LIAISONS = 3;

export const SEAT_KINDS = ["voting", "liaison"] as const;
export type SeatKind = (typeof SEAT_KINDS)[number];

type SeatDates = { termStart: Date; termEnd: Date | null; endedAt: Date | null };

/** A term is over once it was ended early (endedAt) or its planned end (termEnd) has passed. */
export function hasSeatEnded(seat: SeatDates, now: Date): boolean {
  return (!!seat.endedAt && seat.endedAt <= now) || (!!seat.termEnd && seat.termEnd <= now);
}

/** The same test as a Prisma filter on DugSeat. */
export function activeSeatWhere(now: Date) {
  return {
    termStart: { lte: now },
    AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: now } }] }, { OR: [{ termEnd: null }, { termEnd: { gt: now } }] }],
  };
}

/** Seats not over yet (including terms that start later): what the limits count. */
export function unendedSeatWhere(now: Date) {
  return { AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: now } }] }, { OR: [{ termEnd: null }, { termEnd: { gt: now } }] }] };
}
