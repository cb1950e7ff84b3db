import { db } from "~/services/db.server";


/** The DUG as the public sees it: current seats by kind, and past terms for the record. */
export async function getRoster(now = new Date()) {
  const seats = await db().dugSeat.findMany({
    orderBy: [{ isChair: "desc" }, { termStart: "asc" }],
    select: {
      id: true,
      seat: true,
      isChair: true,
      liaisonFrom: true,
      termStart: true,
      termEnd: true,
      endedAt: true,
      user: { select: { displayName: true, email: true } },
      organisation: { select: { name: true, kind: true, tlds: { select: { name: true }, orderBy: { name: "asc" } } } },
    },
  });
  const isCurrent = (s: (typeof seats)[number]) => !s.endedAt || s.endedAt > now;
  const current = seats.filter(isCurrent);
  return {
    voting: current.filter((s) => s.seat === "voting"),
    liaisons: current.filter((s) => s.seat === "liaison"),
    past: seats.filter((s) => !isCurrent(s)),
  };
}
