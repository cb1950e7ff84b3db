// The DUG's time-based work: reminders 48 hours before a round's deadline and lapsing rounds whose
// deadline passed without agreement (run by the scheduler), and the recipients of DUG mails.
import { db, isUniqueViolation } from "~/services/db.server";
import { Refusal } from "~/models/refusal.server";
import { recordEvent } from "~/features/following/events/record.server";
import { HOUR_MS, REMINDER_HOURS, activeSeats, decide, getRuleSettings, positionRows, reviewSelect, ruleOf, standingOf } from "./review.server";

const TX = { maxWait: 15_000, timeout: 30_000 };

/**
 * Time-based DUG jobs, each once (ScheduledJob keys, as in scheduler.server.ts):
 *   dug-48h:<reviewId>:<deadline ISO>   reminder to members and liaisons without a position/advice
 *   dug-lapsed:<reviewId>               the deadline passed without agreement: a "lapsed" record
 * A review whose rule is met at its deadline does not lapse: it waits for the chair.
 */
export async function runDugJobs({ now = new Date() }: { now?: Date } = {}): Promise<{ reminders: number; lapsed: number }> {
  const open = await db().dugReview.findMany({
    where: { outcome: null, deadline: { lte: new Date(now.getTime() + REMINDER_HOURS * HOUR_MS) } },
    select: reviewSelect,
  });
  if (open.length === 0) return { reminders: 0, lapsed: 0 };
  const settings = await getRuleSettings();
  let reminders = 0;
  let lapsed = 0;
  for (const review of open) {
    const due = review.deadline <= now;
    const key = due ? `dug-lapsed:${review.id}` : `dug-48h:${review.id}:${review.deadline.toISOString()}`;
    if (await db().scheduledJob.findUnique({ where: { key }, select: { key: true } })) continue;
    if (due) {
      const seats = await activeSeats(db(), now);
      const rule = ruleOf(
        seats.voting.map((s) => s.userId),
        standingOf(await positionRows(db(), review.id)),
        settings,
      );
      if (rule.agreed) continue; // agreed at the deadline: the chair certifies it
    }
    try {
      const done = await db().$transaction(async (tx) => {
        if (await tx.scheduledJob.findUnique({ where: { key }, select: { key: true } })) return false;
        await tx.scheduledJob.create({ data: { key, consultationId: review.consultationId, doneAt: now } });
        if (due) {
          await decide(tx, { review, outcome: "lapsed", actorId: null, now, settings, mail: true });
        } else {
          await recordEvent(tx, {
            type: "dug.reminder",
            subjectId: review.id,
            payload: { round: review.round, planVersion: review.planVersion.number, deadline: review.deadline },
            consultationId: review.consultationId,
            createdAt: now,
          });
        }
        return true;
      }, TX);
      if (done && due) lapsed++;
      else if (done) reminders++;
    } catch (error) {
      if (isUniqueViolation(error) || error instanceof Refusal) continue; // another worker, or the chair, was first
      throw error;
    }
  }
  return { reminders, lapsed };
}

// ------------------------------------------------------------------------------ notification recipients

export type DugRecipient = { userId: string; email: string; role: "voting member" | "liaison" | "chair" };

/**
 * Who hears about a DUG event (read by the notification worker when it expands the event):
 * the opening → seated voting members and liaisons; the reminder → those of them without a
 * position (members) or advice (liaisons); the rule met → the chair.
 */
export async function dugEventRecipients({ type, reviewId, now = new Date() }: { type: string; reviewId: string; now?: Date }): Promise<DugRecipient[]> {
  const review = await db().dugReview.findUnique({ where: { id: reviewId }, select: { id: true, outcome: true, deadline: true } });
  if (!review) return [];
  const seats = await activeSeats(db(), now);
  const asRecipient = (s: (typeof seats.voting)[number], role: DugRecipient["role"]): DugRecipient => ({ userId: s.userId, email: s.user.email, role });
  if (type === "dug.review-opened") {
    if (review.outcome) return [];
    return [...seats.voting.map((s) => asRecipient(s, "voting member")), ...seats.liaisons.map((s) => asRecipient(s, "liaison"))];
  }
  if (type === "dug.reminder") {
    if (review.outcome || review.deadline <= now) return [];
    const positioned = new Set((await db().dugPosition.findMany({ where: { reviewId }, distinct: ["userId"], select: { userId: true } })).map((p) => p.userId));
    const advised = new Set((await db().dugAdvice.findMany({ where: { reviewId }, distinct: ["userId"], select: { userId: true } })).map((p) => p.userId));
    return [
      ...seats.voting.filter((s) => !positioned.has(s.userId)).map((s) => asRecipient(s, "voting member")),
      ...seats.liaisons.filter((s) => !advised.has(s.userId)).map((s) => asRecipient(s, "liaison")),
    ];
  }
  if (type === "dug.rule-met") {
    if (review.outcome || !seats.chair) return [];
    return [asRecipient(seats.chair, "chair")];
  }
  return [];
}
