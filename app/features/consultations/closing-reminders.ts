// When the followers of a consultation are reminded that its comment period is closing, and what
// each reminder says about what comes next (docs/decisions/021). Pure: the scheduler gives it the
// period, the mails that already told the followers the closing time and the reminders already
// sent; it says which reminder is due now, if any.
//
// The reminders are due a week and a day before the closing. A reminder is only worth a mail
// when the followers have not just been told the closing time: by the publication or opening
// mail, by the notice of a change of the closing, or by the previous reminder. Each reminder has
// a quiet time, half its lead, that must have passed since that last notice; when it has not, the
// week reminder is skipped (the notice just before it gave about a week's warning already) and
// the day reminder, the last call, waits until the quiet time is over.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type ReminderKind = "week" | "day";

type ReminderRule = {
  kind: ReminderKind;
  /** How long before the closing the reminder is due. */
  lead: number;
  /** How long after the last notice of the closing time the reminder may go out at the earliest. */
  quiet: number;
  /** What happens when the quiet time is not over at the due time. */
  ifTooSoon: "skip" | "wait";
};

/** In the order they go out. */
export const CLOSING_REMINDERS: readonly ReminderRule[] = [
  { kind: "week", lead: 7 * DAY_MS, quiet: 3.5 * DAY_MS, ifTooSoon: "skip" },
  { kind: "day", lead: DAY_MS, quiet: 12 * HOUR_MS, ifTooSoon: "wait" },
];

/** No reminder with less time left: it would more likely arrive after the closing than help. */
export const MIN_TIME_LEFT_MS = HOUR_MS;

export type ReminderState = {
  opensAt: Date;
  closesAt: Date;
  /**
   * When the followers were told the closing time: the publication or opening mail, each change
   * of the closing, each reminder sent (for any closing time). The opening counts as one too.
   */
  noticesAt: readonly Date[];
  /** The reminders already sent for this closing time. */
  sent: readonly ReminderKind[];
};

export type PlannedReminder = { kind: ReminderKind; at: Date };

/** The reminders still to come for this closing time and when each goes out, if nothing changes. */
export function plannedReminders(state: ReminderState): PlannedReminder[] {
  const closes = state.closesAt.getTime();
  // Nothing comes before a reminder that went out already.
  const first = Math.max(-1, ...state.sent.map((kind) => CLOSING_REMINDERS.findIndex((r) => r.kind === kind))) + 1;
  let lastNotice = Math.max(state.opensAt.getTime(), ...state.noticesAt.map((d) => d.getTime()));
  const plan: PlannedReminder[] = [];
  for (let i = first; i < CLOSING_REMINDERS.length; i++) {
    const rule = CLOSING_REMINDERS[i];
    const due = closes - rule.lead;
    const quietUntil = lastNotice + rule.quiet;
    const at = due >= quietUntil ? due : rule.ifTooSoon === "wait" ? quietUntil : null;
    // A reminder waits at most until the next one is due, the last one while enough time is left.
    const next = CLOSING_REMINDERS[i + 1];
    const latest = next ? closes - next.lead - 1 : closes - MIN_TIME_LEFT_MS;
    if (at === null || at > latest) continue;
    plan.push({ kind: rule.kind, at: new Date(at) });
    lastNotice = at;
  }
  return plan;
}

export type DueReminder = {
  kind: ReminderKind;
  closesAt: Date;
  /** The reminders that will follow this one, if nothing changes. */
  then: PlannedReminder[];
};

/**
 * The reminder to send at `now`, or null. After downtime only the latest reminder whose time has
 * come is sent: the ones before it would say less than the truth, and would arrive together.
 */
export function dueReminder(state: ReminderState, now: Date): DueReminder | null {
  const t = now.getTime();
  if (t < state.opensAt.getTime() || state.closesAt.getTime() - t < MIN_TIME_LEFT_MS) return null;
  const due = plannedReminders(state)
    .filter((r) => r.at.getTime() <= t)
    .at(-1);
  if (!due) return null;
  const then = plannedReminders({ ...state, noticesAt: [...state.noticesAt, now], sent: [...state.sent, due.kind] });
  return { kind: due.kind, closesAt: state.closesAt, then };
}
