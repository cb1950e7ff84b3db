import { db, type Db } from "~/services/db.server";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import { recordAudit } from "~/models/audit.server";
import type { Actor } from "~/models/permissions";
import { activeSeatWhere, hasSeatEnded, MAX_LIAISONS, MAX_VOTING_MEMBERS, unendedSeatWhere, type SeatKind } from "./seats";
import { formatUtc } from "~/models/time";
import { plural } from "~/models/plural";

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
  const isCurrent = (s: (typeof seats)[number]) => !hasSeatEnded(s, now);
  const current = seats.filter(isCurrent);
  return {
    voting: current.filter((s) => s.seat === "voting"),
    liaisons: current.filter((s) => s.seat === "liaison"),
    past: seats.filter((s) => !isCurrent(s)).sort((a, b) => b.termStart.getTime() - a.termStart.getTime()),
  };
}

// ------------------------------------------------------------------------------ the admin's actions
//
// A seat is the source of truth for who may act in DUG reviews (docs/decisions/013). Roles
// follow seats: seating grants dug_member or dug_liaison (and dug_chair to the chair), ending a
// term revokes them, changing the chair moves dug_chair. Everything in one transaction with its
// audit events. Only administrators change the roster ("dug.roster" in app/models/permissions.ts).

const ROLE_OF: Record<SeatKind, "dug_member" | "dug_liaison"> = { voting: "dug_member", liaison: "dug_liaison" };

async function grant(tx: Db, actorId: string, userId: string, role: string) {
  const existing = await tx.userRole.findUnique({ where: { userId_role: { userId, role } }, select: { id: true } });
  if (existing) return;
  await tx.userRole.create({ data: { userId, role, grantedById: actorId } });
  await recordAudit(tx, { actorId, action: "role.grant", subjectType: "user", subjectId: userId, data: { role, reason: "DUG seat" } });
}

async function revoke(tx: Db, actorId: string, userId: string, role: string) {
  const { count } = await tx.userRole.deleteMany({ where: { userId, role } });
  if (count) await recordAudit(tx, { actorId, action: "role.revoke", subjectType: "user", subjectId: userId, data: { role, reason: "DUG term ended" } });
}

/** A seat as seatSchema (validation.ts) gave it: the address normalised, the term's dates in order. */
export type SeatInput = {
  email: string;
  seat: SeatKind;
  organisationId?: string | null;
  liaisonFrom?: string | null;
  termStart: Date;
  termEnd?: Date | null;
};

export async function seatMember({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: SeatInput;
  now?: Date;
}): Promise<{ ok: true; seatId: string } | Refused> {
  const notAllowed = denied(actor, "dug.roster");
  if (notAllowed) return notAllowed;
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, displayName: true, email: true } });
  if (!user) return refused(400, "Nobody has an account with this address; they must sign in once first.", "email");
  if (input.termEnd && input.termEnd <= now) return refused(400, "The term's end must be in the future.", "termEnd");
  if (input.organisationId && !(await db().organisation.findUnique({ where: { id: input.organisationId }, select: { id: true } }))) {
    return refused(400, "Choose a registry from the list.", "organisationId");
  }
  return inTransaction(async (tx) => {
    const held = await tx.dugSeat.findFirst({ where: { userId: user.id, ...unendedSeatWhere(now) }, select: { seat: true } });
    if (held)
      throw new Refusal(
        refused(409, `${user.displayName ?? user.email} already holds a ${held.seat === "voting" ? "voting" : "liaison"} seat; end that term first.`, "email"),
      );
    const taken = await tx.dugSeat.count({ where: { seat: input.seat, ...unendedSeatWhere(now) } });
    if (input.seat === "voting" && taken >= MAX_VOTING_MEMBERS) {
      throw new Refusal(
        refused(409, `The DUG already has ${MAX_VOTING_MEMBERS} voting members, the most it may have: end a term before seating another member.`),
      );
    }
    if (input.seat === "liaison" && taken >= MAX_LIAISONS) {
      throw new Refusal(
        refused(
          409,
          `The DUG already has ${plural(MAX_LIAISONS, { one: "# liaison", other: "# liaisons" })}, the most it may have: end a term before seating another liaison.`,
        ),
      );
    }
    const seat = await tx.dugSeat.create({
      data: {
        userId: user.id,
        seat: input.seat,
        organisationId: input.seat === "voting" ? input.organisationId : null,
        liaisonFrom: input.seat === "liaison" ? input.liaisonFrom : null,
        termStart: input.termStart,
        termEnd: input.termEnd ?? null,
        createdAt: now,
      },
      select: { id: true },
    });
    await grant(tx, actor.id, user.id, ROLE_OF[input.seat]);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dug.seat.create",
      subjectType: "dug_seat",
      subjectId: seat.id,
      data: {
        userId: user.id,
        seat: input.seat,
        organisationId: input.organisationId ?? null,
        liaisonFrom: input.liaisonFrom ?? null,
        termStart: input.termStart.toISOString(),
        termEnd: input.termEnd?.toISOString() ?? null,
      },
    });
    return { ok: true as const, seatId: seat.id };
  });
}

export async function endTerm({ actor, seatId, now = new Date() }: { actor: Actor; seatId: string; now?: Date }): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "dug.roster");
  if (notAllowed) return notAllowed;
  return inTransaction(async (tx) => {
    const seat = await tx.dugSeat.findUnique({
      where: { id: seatId },
      select: { id: true, userId: true, seat: true, isChair: true, termStart: true, termEnd: true, endedAt: true },
    });
    if (!seat) throw new Refusal(refused(404, "There is no such seat."));
    if (hasSeatEnded(seat, now)) throw new Refusal(refused(409, `This term already ended on ${formatUtc((seat.endedAt ?? seat.termEnd)!)}.`));
    const { count } = await tx.dugSeat.updateMany({ where: { id: seatId, endedAt: seat.endedAt }, data: { endedAt: now, isChair: false } });
    if (count !== 1) throw new Refusal(refused(409, "This term was changed at the same moment; reload the page."));
    const kind = seat.seat === "voting" ? "voting" : "liaison";
    await revoke(tx, actor.id, seat.userId, ROLE_OF[kind]);
    if (seat.isChair) await revoke(tx, actor.id, seat.userId, "dug_chair");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dug.seat.end",
      subjectType: "dug_seat",
      subjectId: seatId,
      data: { userId: seat.userId, wasChair: seat.isChair },
    });
    return { ok: true as const };
  });
}

/** Makes a seated voting member the chair; the previous chair stays a voting member. */
export async function setChair({ actor, seatId, now = new Date() }: { actor: Actor; seatId: string; now?: Date }): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "dug.roster");
  if (notAllowed) return notAllowed;
  return inTransaction(async (tx) => {
    const seat = await tx.dugSeat.findFirst({ where: { id: seatId, ...activeSeatWhere(now) }, select: { id: true, userId: true, seat: true, isChair: true } });
    if (!seat) throw new Refusal(refused(409, "Only a voting member whose term is current can be made chair."));
    if (seat.seat !== "voting") throw new Refusal(refused(409, "The chair is one of the voting members; a liaison cannot chair the DUG."));
    if (seat.isChair) return { ok: true as const };
    const previous = await tx.dugSeat.findMany({ where: { isChair: true }, select: { id: true, userId: true } });
    await tx.dugSeat.updateMany({ where: { isChair: true }, data: { isChair: false } });
    for (const p of previous) if (p.userId !== seat.userId) await revoke(tx, actor.id, p.userId, "dug_chair");
    await tx.dugSeat.update({ where: { id: seat.id }, data: { isChair: true } });
    await grant(tx, actor.id, seat.userId, "dug_chair");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dug.chair.change",
      subjectType: "dug_seat",
      subjectId: seat.id,
      data: { userId: seat.userId, previous: previous.map((p) => p.userId) },
    });
    return { ok: true as const };
  });
}

/** The admin page: every seat (current first) and the registries to choose from. */
export async function getRosterForAdmin(now = new Date()) {
  const [roster, organisations] = await Promise.all([
    getRoster(now),
    db().organisation.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } }),
  ]);
  return { ...roster, organisations };
}
