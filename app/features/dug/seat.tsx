import { UtcTime } from "~/components/time";
import { useRich, useT } from "~/i18n/t";

// Pieces of the DUG roster shared by the public roster (/dug) and its administration.

type SeatTerm = { termStart: Date | string; termEnd: Date | string | null; endedAt: Date | string | null };
type SeatPerson = { user: { displayName: string | null; email: string } };
type PastSeat = SeatTerm & SeatPerson & { id: string; organisation: { name: string } | null; liaisonFrom: string | null };

export const seatHolderName = (s: SeatPerson) => s.user.displayName ?? s.user.email;

/** "start – end" of a term; an ended term shows when it ended. */
export function Term({ seat }: { seat: SeatTerm }) {
  const t = useT();
  const end = seat.endedAt ?? seat.termEnd;
  return (
    <>
      <UtcTime value={seat.termStart} withTime={false} /> – {end ? <UtcTime value={end} withTime={false} /> : t("dug.seat.openEnded")}
    </>
  );
}

/** Members whose term has ended stay on the record, with their dates. */
export function PastTerms({ title, past }: { title: string; past: PastSeat[] }) {
  const rich = useRich();
  if (!past.length) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul>
        {past.map((s) => {
          const values = { name: <bdi>{seatHolderName(s)}</bdi>, term: <Term seat={s} /> };
          return (
            <li key={s.id}>
              {s.organisation
                ? rich("dug.seat.pastOrganisation", { ...values, organisation: <bdi>{s.organisation.name}</bdi> })
                : s.liaisonFrom
                  ? rich("dug.seat.pastLiaison", { ...values, from: <bdi>{s.liaisonFrom}</bdi> })
                  : rich("dug.seat.past", values)}
            </li>
          );
        })}
      </ul>
    </>
  );
}
