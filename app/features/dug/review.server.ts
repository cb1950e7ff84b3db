// DUG reviews (docs/decisions/013): the IFM opens a review round of one plan version;
// seated voting members record positions, liaisons post advice; the chair certifies the outcome
// into an immutable agreement record; the scheduler lapses rounds whose deadline passed without
// agreement and reminds members 48 hours before it.
//
// Who may act is decided by the DugSeat rows (seated now), not by roles: roles follow seats
// (roster.server.ts) and only decide what the navigation shows. The rules themselves are in
// app/models/permissions.ts ("dug.*"); this module reads the seats they need. The scheduler's jobs
// are in review-jobs.server.ts, the pages' reads in dug-page.server.ts.
import { db, isUniqueViolation, type Db } from "~/services/db.server";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import type { Actor, Resource } from "~/models/permissions";
import type { MessageId } from "~/i18n/message-id";
import { renderMarkdown } from "~/services/markdown.server";
import { recordAudit } from "~/models/audit.server";
import { recordEvent } from "~/features/following/events/record.server";
import { CONSULTATION_HEAD_SELECT, consultationStatus } from "~/features/consultations/status";
import { buildAgreementRecord, type RecordPosition } from "./record";
import { activeSeatWhere } from "./seats";
import { DEFAULT_RULE, evaluateRule, isPosition, type Outcome, type Position, type RuleSettings, type RuleStatus } from "./rule";
import { getSettings } from "~/models/settings.server";
import { formatUtcIn } from "~/models/time";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { needsListIn, sayIn } from "./wording.server";

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A review lasts at least this long, so members can read the plan and the reminder makes sense. */
export const MIN_REVIEW_HOURS = 24;
export const MAX_REVIEW_DAYS = 180;
/** Members without a position are reminded this long before the deadline. */
export const REMINDER_HOURS = 48;

// ------------------------------------------------------------------------------ the rule's inputs

const int = (value: string, fallback: number, min: number, max: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

/** The rule's settings (an admin may change them at /admin/settings). */
export async function getRuleSettings(): Promise<RuleSettings> {
  const rule = await getSettings(["DUG_QUORUM_PERCENT", "DUG_AGREE_PERCENT", "DUG_OBJECTIONS_TOLERATED"]);
  const [q, a, o] = [rule.DUG_QUORUM_PERCENT, rule.DUG_AGREE_PERCENT, rule.DUG_OBJECTIONS_TOLERATED];
  return {
    quorumPercent: int(q, DEFAULT_RULE.quorumPercent, 0, 100),
    agreePercent: int(a, DEFAULT_RULE.agreePercent, 0, 100),
    objectionsTolerated: int(o, DEFAULT_RULE.objectionsTolerated, 0, 8),
  };
}

const seatSelect = {
  id: true,
  userId: true,
  seat: true,
  isChair: true,
  liaisonFrom: true,
  user: { select: { displayName: true, email: true } },
  organisation: { select: { name: true, kind: true } },
} as const;

/** The seats held now, by kind. */
export async function activeSeats(tx: Db, now: Date) {
  const seats = await tx.dugSeat.findMany({ where: activeSeatWhere(now), orderBy: { termStart: "asc" }, select: seatSelect });
  return {
    voting: seats.filter((s) => s.seat === "voting"),
    liaisons: seats.filter((s) => s.seat === "liaison"),
    chair: seats.find((s) => s.seat === "voting" && s.isChair) ?? null,
  };
}

/** The seat `userId` holds now, as the permission rules see it (app/models/permissions.ts). */
function seatHeld(seats: Awaited<ReturnType<typeof activeSeats>>, userId: string): Resource["seat"] {
  const seat = [...seats.voting, ...seats.liaisons].find((s) => s.userId === userId);
  return seat ? { kind: seat.seat === "voting" ? "voting" : "liaison", isChair: seat.isChair } : null;
}

export const nameOf = (u: { displayName: string | null; email: string }) => u.displayName?.trim() || u.email;

type PositionRow = { id: string; userId: string; position: string; rationale: string; conditions: string | null; createdAt: Date };

/** Every position row of a review, oldest first; the last one per member is the standing one. */
export async function positionRows(tx: Db, reviewId: string): Promise<PositionRow[]> {
  return tx.dugPosition.findMany({
    where: { reviewId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, position: true, rationale: true, conditions: true, createdAt: true },
  });
}

export function standingOf<R extends PositionRow>(rows: R[]): Map<string, R> {
  const standing = new Map<string, R>();
  for (const r of rows) standing.set(r.userId, r);
  return standing;
}

export function ruleOf(votingUserIds: string[], standing: Map<string, PositionRow>, settings: RuleSettings): RuleStatus {
  return evaluateRule({
    seated: votingUserIds,
    positions: [...standing.values()].filter((p) => isPosition(p.position)).map((p) => ({ userId: p.userId, position: p.position as Position })),
    settings,
  });
}

/** The record's positions: the standing positions of the seated voting members, in recorded order. */
function recordPositions(voting: Awaited<ReturnType<typeof activeSeats>>["voting"], standing: Map<string, PositionRow>): RecordPosition[] {
  const seatOf = new Map(voting.map((s) => [s.userId, s]));
  return [...standing.values()]
    .filter((p) => seatOf.has(p.userId) && isPosition(p.position))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((p) => {
      const seat = seatOf.get(p.userId)!;
      return {
        member: nameOf(seat.user),
        organisation: seat.organisation?.name ?? null,
        position: p.position as Position,
        rationale: p.rationale,
        conditions: p.conditions,
        recordedAt: p.createdAt,
      };
    });
}

export const reviewSelect = {
  id: true,
  round: true,
  deadline: true,
  outcome: true,
  decidedAt: true,
  consultationId: true,
  planVersion: { select: { id: true, number: true, contentHash: true } },
  consultation: { select: { id: true, number: true, slug: true, title: true } },
} as const;

type ReviewRow = {
  id: string;
  round: number;
  deadline: Date;
  outcome: string | null;
  decidedAt: Date | null;
  consultationId: string;
  planVersion: { id: string; number: number; contentHash: string };
  consultation: { id: string; number: number; slug: string; title: string };
};

const dugPath = (slug: string) => `/consultations/${encodeURIComponent(slug)}/dug`;

/**
 * Writes the decision and its record on an open review. A conditional update (outcome still
 * null) makes the record write-once: a decided review is never written again.
 */
export async function decide(
  tx: Db,
  {
    review,
    outcome,
    actorId,
    now,
    settings,
    note,
    mail,
    locale = DEFAULT_LOCALE,
  }: { review: ReviewRow; outcome: Outcome; actorId: string | null; now: Date; settings: RuleSettings; note?: string; mail: boolean; locale?: Locale },
) {
  const seats = await activeSeats(tx, now);
  const standing = standingOf(await positionRows(tx, review.id));
  const rule = ruleOf(
    seats.voting.map((s) => s.userId),
    standing,
    settings,
  );
  const certifier =
    actorId && outcome !== "lapsed" && outcome !== "superseded"
      ? await tx.user.findUnique({ where: { id: actorId }, select: { displayName: true, email: true } })
      : null;
  const { record, recordJson, recordHash } = buildAgreementRecord({
    consultation: { number: review.consultation.number, title: review.consultation.title },
    round: review.round,
    outcome,
    plan: { number: review.planVersion.number, contentHash: review.planVersion.contentHash },
    positions: recordPositions(seats.voting, standing),
    rule,
    certifiedBy: certifier ? nameOf(certifier) : null,
    decidedAt: now,
    note,
  });
  const { count } = await tx.dugReview.updateMany({
    where: { id: review.id, outcome: null },
    data: { outcome, decidedAt: now, certifiedById: certifier ? actorId : null, recordJson, recordHash },
  });
  if (count !== 1) throw new Refusal(refused(409, sayIn(locale)("dug.refusal.alreadyDecided", { round: review.round })));
  const action = outcome === "lapsed" ? "dug.review.lapse" : outcome === "superseded" ? "dug.review.supersede" : "dug.review.certify";
  await recordAudit(tx, {
    actorId: outcome === "lapsed" ? null : actorId,
    action,
    subjectType: "dug_review",
    subjectId: review.id,
    consultationId: review.consultationId,
    isPublic: true,
    data: { round: review.round, planVersion: review.planVersion.number, outcome, recordHash, note: note ?? null },
  });
  if (mail && outcome !== "superseded") {
    await recordEvent(tx, {
      type: "dug.recorded",
      subjectId: review.id,
      // Worded in each reader's language by the mail (emails/dug-recorded.ts): the lead says the outcome.
      payload: {
        outcome,
        round: review.round,
        planVersion: review.planVersion.number,
        summary: "",
        conditions: record.conditions,
        path: dugPath(review.consultation.slug),
      },
      consultationId: review.consultationId,
      actorId: outcome === "lapsed" ? null : actorId,
      createdAt: now,
    });
  }
  return { recordHash, rule };
}

// ------------------------------------------------------------------------------ opening a round

/** Whether the IFM may open a review now, and why not. */
export function openRefusal(
  c: { dugRequired: boolean; publishedAt: Date | null; opensAt: Date | null; closesAt: Date | null; withdrawnAt: Date | null; concludedAt: Date | null },
  now: Date,
  locale: Locale = DEFAULT_LOCALE,
): string | null {
  const say = sayIn(locale);
  if (!c.dugRequired) return say("dug.refusal.notRequired");
  const status = consultationStatus(c, now);
  if (status === "draft") return say("dug.refusal.draft");
  if (status === "upcoming") return say("dug.refusal.upcoming");
  if (status === "withdrawn") return say("dug.refusal.withdrawn");
  if (status === "concluded") return say("dug.refusal.concluded");
  return null;
}

export async function openReview({
  actor,
  consultationId,
  deadline,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  deadline: Date;
  now?: Date;
  /** The language of the refusals. */
  locale?: Locale;
}): Promise<{ ok: true; round: number; reviewId: string; superseded: number | null } | Refused> {
  const say = sayIn(locale);
  const notAllowed = denied(actor, "dug.open-review", undefined, locale);
  if (notAllowed) return { ...notAllowed, message: say("dug.refusal.openReview") };
  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: {
      ...CONSULTATION_HEAD_SELECT,
      versions: { where: { publishedAt: { not: null } }, orderBy: { number: "desc" }, take: 1, select: { id: true, number: true } },
    },
  });
  if (!c) return refused(404, say("dug.refusal.noConsultation"));
  const refusal = openRefusal(c, now, locale);
  if (refusal) return refused(409, refusal);
  const version = c.versions[0];
  if (!version) return refused(409, say("dug.refusal.noPlanVersion"));
  if (deadline.getTime() < now.getTime() + MIN_REVIEW_HOURS * HOUR_MS) {
    const earliest = formatUtcIn(new Date(now.getTime() + MIN_REVIEW_HOURS * HOUR_MS), locale);
    return refused(400, say("dug.refusal.deadlineTooSoon", { hours: MIN_REVIEW_HOURS, earliest }), "deadline");
  }
  if (deadline.getTime() > now.getTime() + MAX_REVIEW_DAYS * DAY_MS)
    return refused(400, say("dug.refusal.deadlineTooLate", { days: MAX_REVIEW_DAYS }), "deadline");
  const settings = await getRuleSettings();

  try {
    return await inTransaction(async (tx) => {
      const latest = await tx.dugReview.findFirst({ where: { consultationId }, orderBy: { round: "desc" }, select: reviewSelect });
      let superseded: number | null = null;
      if (latest && !latest.outcome) {
        if (latest.planVersion.id === version.id) {
          throw new Refusal(refused(409, say("dug.refusal.alreadyOpen", { round: latest.round, version: version.number })));
        }
        // A new plan version: the open round on the old one closes, on the record, as superseded.
        await decide(tx, {
          review: latest,
          outcome: "superseded",
          actorId: actor.id,
          now,
          settings,
          note: `Superseded by round ${latest.round + 1}, opened on plan version ${version.number}.`,
          mail: false,
        });
        superseded = latest.round;
      } else if (latest?.outcome === "agreed" && latest.planVersion.id === version.id) {
        throw new Refusal(refused(409, say("dug.refusal.alreadyAgreed", { version: version.number, round: latest.round })));
      }
      const round = (latest?.round ?? 0) + 1;
      const review = await tx.dugReview.create({
        data: { consultationId, planVersionId: version.id, round, openedById: actor.id, openedAt: now, deadline },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "dug.review.open",
        subjectType: "dug_review",
        subjectId: review.id,
        consultationId,
        isPublic: true,
        data: { round, planVersion: version.number, deadline: deadline.toISOString() },
      });
      await recordEvent(tx, {
        type: "dug.review-opened",
        subjectId: review.id,
        payload: { round, planVersion: version.number, deadline, superseded },
        consultationId,
        actorId: actor.id,
        createdAt: now,
      });
      return { ok: true as const, round, reviewId: review.id, superseded };
    });
  } catch (error) {
    // Two simultaneous submits: the second one's round number is taken.
    if (isUniqueViolation(error)) return refused(409, say("dug.refusal.openedConcurrently"));
    throw error;
  }
}

// ------------------------------------------------------------------------------ positions and advice

async function findOpenReview(reviewId: string, now: Date, locale: Locale, consultationId?: string): Promise<ReviewRow | Refused> {
  const say = sayIn(locale);
  const review = await db().dugReview.findUnique({ where: { id: reviewId }, select: reviewSelect });
  if (!review || (consultationId && review.consultationId !== consultationId)) return refused(404, say("dug.refusal.noSuchReview"));
  if (review.outcome) return refused(409, say("dug.refusal.decidedOn", { round: review.round, date: formatUtcIn(review.decidedAt!, locale) }));
  if (review.deadline <= now) return refused(409, say("dug.refusal.deadlinePassed", { round: review.round, deadline: formatUtcIn(review.deadline, locale) }));
  return review;
}

/** A seat's refusal (permissions.ts decides), worded in `locale`. */
function seatRefusal(refusal: Refused, locale: Locale, id: MessageId): Refused {
  return { ...refusal, message: sayIn(locale)(id) };
}

const isRefused = (v: unknown): v is Refused => !!v && typeof v === "object" && (v as Refused).ok === false;

/**
 * A position as positionSchema (validation.ts) gave it: a known position, texts trimmed and within
 * their limits, a rationale for an objection and conditions for a conditional agreement.
 */
export type PositionInput = { position: Position; rationale: string; conditions?: string | null };

export async function recordPosition({
  actor,
  reviewId,
  consultationId,
  input,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  reviewId: string;
  /** When given, a review of another consultation is "not found" (a forged form). */
  consultationId?: string;
  input: PositionInput;
  now?: Date;
  /** The language of the refusals. */
  locale?: Locale;
}): Promise<{ ok: true; changed: boolean; ruleMet: boolean } | Refused> {
  const review = await findOpenReview(reviewId, now, locale, consultationId);
  if (isRefused(review)) return review;
  const seats = await activeSeats(db(), now);
  const seat = seatHeld(seats, actor.id);
  const notSeated = denied(actor, "dug.position", { seat }, locale);
  if (notSeated) return seatRefusal(notSeated, locale, seat?.kind === "liaison" ? "dug.refusal.liaisonsDoNotVote" : "dug.refusal.onlyVoting");
  const { position, rationale } = input;
  // Conditions belong to a conditional agreement only.
  const conditions = position === "agree_with_conditions" ? input.conditions || null : null;
  const settings = await getRuleSettings();

  return inTransaction(async (tx) => {
    const current = await tx.dugReview.findUnique({ where: { id: reviewId }, select: { outcome: true } });
    if (current?.outcome) throw new Refusal(refused(409, sayIn(locale)("dug.refusal.decided", { round: review.round })));
    const voters = seats.voting.map((s) => s.userId);
    const rows = await positionRows(tx, reviewId);
    const before = standingOf(rows);
    const mine = before.get(actor.id);
    // A double submit (or saving the same position again) records nothing new.
    if (mine && mine.position === position && mine.rationale === rationale && (mine.conditions ?? null) === conditions) {
      return { ok: true as const, changed: false, ruleMet: ruleOf(voters, before, settings).agreed };
    }
    const row = await tx.dugPosition.create({
      data: { reviewId, userId: actor.id, position, rationale, conditions, createdAt: now },
      select: { id: true, userId: true, position: true, rationale: true, conditions: true, createdAt: true },
    });
    const after = standingOf([...rows, row]);
    const wasMet = ruleOf(voters, before, settings).agreed;
    const isMet = ruleOf(voters, after, settings).agreed;
    const member = seats.voting.find((s) => s.userId === actor.id)!;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dug.position.record",
      subjectType: "dug_review",
      subjectId: reviewId,
      consultationId: review.consultationId,
      isPublic: true,
      data: { round: review.round, member: nameOf(member.user), position, previous: mine?.position ?? null },
    });
    if (isMet && !wasMet) {
      await recordEvent(tx, {
        type: "dug.rule-met",
        subjectId: reviewId,
        payload: { round: review.round, planVersion: review.planVersion.number },
        consultationId: review.consultationId,
        actorId: actor.id,
        createdAt: now,
      });
    }
    return { ok: true as const, changed: true, ruleMet: isMet };
  });
}

export async function postAdvice({
  actor,
  reviewId,
  consultationId,
  bodyMd,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  reviewId: string;
  consultationId?: string;
  /** As the advice form gave it: trimmed and within its limits. */
  bodyMd: string;
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  const review = await findOpenReview(reviewId, now, locale, consultationId);
  if (isRefused(review)) return review;
  const seats = await activeSeats(db(), now);
  const held = seatHeld(seats, actor.id);
  const notSeated = denied(actor, "dug.advice", { seat: held }, locale);
  if (notSeated) return seatRefusal(notSeated, locale, held?.kind === "voting" ? "dug.refusal.votingDoNotAdvise" : "dug.refusal.onlyLiaisons");
  const seat = seats.liaisons.find((s) => s.userId === actor.id)!;
  return inTransaction(async (tx) => {
    const current = await tx.dugReview.findUnique({ where: { id: reviewId }, select: { outcome: true } });
    if (current?.outcome) throw new Refusal(refused(409, sayIn(locale)("dug.refusal.decided", { round: review.round })));
    // A double submit posts once.
    const last = await tx.dugAdvice.findFirst({ where: { reviewId, userId: actor.id }, orderBy: { createdAt: "desc" }, select: { bodyMd: true } });
    if (last?.bodyMd === bodyMd) return { ok: true as const };
    await tx.dugAdvice.create({
      data: { reviewId, userId: actor.id, bodyMd, bodyHtml: renderMarkdown(bodyMd, { headingIds: false }).html, createdAt: now },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "dug.advice.post",
      subjectType: "dug_review",
      subjectId: reviewId,
      consultationId: review.consultationId,
      isPublic: true,
      data: { round: review.round, liaison: nameOf(seat.user), from: seat.liaisonFrom },
    });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------------------ certification

export async function certifyReview({
  actor,
  reviewId,
  consultationId,
  outcome,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  reviewId: string;
  consultationId?: string;
  outcome: "agreed" | "not_agreed";
  now?: Date;
  locale?: Locale;
}): Promise<{ ok: true; recordHash: string } | Refused> {
  const say = sayIn(locale);
  const review = await db().dugReview.findUnique({ where: { id: reviewId }, select: reviewSelect });
  if (!review || (consultationId && review.consultationId !== consultationId)) return refused(404, say("dug.refusal.noSuchReview"));
  if (review.outcome) return refused(409, say("dug.refusal.alreadyDecidedOn", { round: review.round, date: formatUtcIn(review.decidedAt!, locale) }));
  const seats = await activeSeats(db(), now);
  const notChair = denied(actor, "dug.certify", { seat: seatHeld(seats, actor.id) }, locale);
  if (notChair) return seatRefusal(notChair, locale, "dug.refusal.onlyChair");
  const settings = await getRuleSettings();
  const rule = ruleOf(
    seats.voting.map((s) => s.userId),
    standingOf(await positionRows(db(), reviewId)),
    settings,
  );
  if (outcome === "agreed") {
    if (!rule.agreed) return refused(409, say("dug.refusal.ruleNotMet", { needs: needsListIn(locale, rule.needs) }));
    const latest = await db().planVersion.findFirst({
      where: { consultationId: review.consultationId, publishedAt: { not: null } },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    if (latest && latest.number !== review.planVersion.number) {
      return refused(409, say("dug.refusal.outdatedVersion", { round: review.round, version: review.planVersion.number, current: latest.number }));
    }
  } else if (!rule.mayCertifyNotAgreed) {
    return refused(
      409,
      rule.agreed ? say("dug.refusal.certifyAgreedInstead") : say("dug.refusal.notAgreedNeedsQuorum", { needs: needsListIn(locale, rule.needs) }),
    );
  }
  const result = await inTransaction((tx) => decide(tx, { review, outcome, actorId: actor.id, now, settings, mail: true, locale }));
  return isRefused(result) ? result : { ok: true, recordHash: result.recordHash };
}
