import { db, type Db } from "~/services/db.server";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import { recordAudit } from "~/models/audit.server";
import type { Actor } from "~/models/permissions";
import { activeSeatWhere, hasSeatEnded, MAX_LIAISONS, MAX_VOTING_MEMBERS, unendedSeatWhere, type SeatKind } from "./seats";
import { formatUtcIn } from "~/models/time";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { sayIn } from "./wording.server";

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
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  input: SeatInput;
  now?: Date;
  /** The language of the refusals. */
  locale?: Locale;
}): Promise<{ ok: true; seatId: string } | Refused> {
  const say = sayIn(locale);
  const notAllowed = denied(actor, "dug.roster", undefined, locale);
  if (notAllowed) return { ...notAllowed, message: say("dug.refusal.roster") };
  const user = await db().user.findUnique({ where: { email: input.email }, select: { id: true, displayName: true, email: true } });
  if (!user) return refused(400, say("dug.refusal.noAccount"), "email");
  if (input.termEnd && input.termEnd <= now) return refused(400, say("dug.refusal.termEndPast"), "termEnd");
  if (input.organisationId && !(await db().organisation.findUnique({ where: { id: input.organisationId }, select: { id: true } }))) {
    return refused(400, say("dug.refusal.chooseRegistry"), "organisationId");
  }
  return inTransaction(async (tx) => {
    const held = await tx.dugSeat.findFirst({ where: { userId: user.id, ...unendedSeatWhere(now) }, select: { seat: true } });
    if (held) throw new Refusal(refused(409, say("dug.refusal.alreadySeated", { name: user.displayName ?? user.email, seat: held.seat }), "email"));
    const taken = await tx.dugSeat.count({ where: { seat: input.seat, ...unendedSeatWhere(now) } });
    if (input.seat === "voting" && taken >= MAX_VOTING_MEMBERS) {
      throw new Refusal(refused(409, say("dug.refusal.votingFull", { max: MAX_VOTING_MEMBERS })));
    }
    if (input.seat === "liaison" && taken >= MAX_LIAISONS) {
      throw new Refusal(refused(409, say("dug.refusal.liaisonsFull", { max: MAX_LIAISONS })));
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

type SeatChange = { actor: Actor; seatId: string; now?: Date; locale?: Locale };

export async function endTerm({ actor, seatId, now = new Date(), locale = DEFAULT_LOCALE }: SeatChange): Promise<{ ok: true } | Refused> {
  const say = sayIn(locale);
  const notAllowed = denied(actor, "dug.roster", undefined, locale);
  if (notAllowed) return { ...notAllowed, message: say("dug.refusal.roster") };
  return inTransaction(async (tx) => {
    const seat = await tx.dugSeat.findUnique({
      where: { id: seatId },
      select: { id: true, userId: true, seat: true, isChair: true, termStart: true, termEnd: true, endedAt: true },
    });
    if (!seat) throw new Refusal(refused(404, say("dug.refusal.noSuchSeat")));
    if (hasSeatEnded(seat, now))
      throw new Refusal(refused(409, say("dug.refusal.termAlreadyEnded", { date: formatUtcIn((seat.endedAt ?? seat.termEnd)!, locale) })));
    const { count } = await tx.dugSeat.updateMany({ where: { id: seatId, endedAt: seat.endedAt }, data: { endedAt: now, isChair: false } });
    if (count !== 1) throw new Refusal(refused(409, say("dug.refusal.termChangedConcurrently")));
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
export async function setChair({ actor, seatId, now = new Date(), locale = DEFAULT_LOCALE }: SeatChange): Promise<{ ok: true } | Refused> {
  const say = sayIn(locale);
  const notAllowed = denied(actor, "dug.roster", undefined, locale);
  if (notAllowed) return { ...notAllowed, message: say("dug.refusal.roster") };
  return inTransaction(async (tx) => {
    const seat = await tx.dugSeat.findFirst({ where: { id: seatId, ...activeSeatWhere(now) }, select: { id: true, userId: true, seat: true, isChair: true } });
    if (!seat) throw new Refusal(refused(409, say("dug.refusal.chairNotCurrent")));
    if (seat.seat !== "voting") throw new Refusal(refused(409, say("dug.refusal.chairNotLiaison")));
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
