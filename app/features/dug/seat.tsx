import { UtcTime } from "~/components/time";

// Pieces of the DUG roster shared by the public roster (/dug) and its administration.

type SeatTerm = { termStart: Date; termEnd: Date | null; endedAt: Date | null };
type SeatPerson = { user: { displayName: string | null; email: string } };
type PastSeat = SeatTerm & SeatPerson & { id: string; organisation: { name: string } | null; liaisonFrom: string | null };

export const seatHolderName = (s: SeatPerson) => s.user.displayName ?? s.user.email;

/** "start – end" of a term; an ended term shows when it ended. */
export function Term({ seat }: { seat: SeatTerm }) {
  return (
    <>
      <UtcTime value={seat.termStart} withTime={false} /> –{" "}
      {seat.endedAt ? <UtcTime value={seat.endedAt} withTime={false} /> : seat.termEnd ? <UtcTime value={seat.termEnd} withTime={false} /> : "open-ended"}
    </>
  );
}

/** Members whose term has ended stay on the record, with their dates. */
export function PastTerms({ title, past }: { title: string; past: PastSeat[] }) {
  if (!past.length) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul>
        {past.map((s) => (
          <li key={s.id}>
            {seatHolderName(s)}
            {s.organisation ? `, ${s.organisation.name}` : s.liaisonFrom ? `, liaison from ${s.liaisonFrom}` : ""} (<Term seat={s} />)
          </li>
        ))}
      </ul>
    </>
  );
}
