import { dueReminder, MIN_TIME_LEFT_MS, plannedReminders, type ReminderKind, type ReminderState } from "./closing-reminders";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T = new Date("2026-03-02T09:00:00Z").getTime();
const at = (ms: number) => new Date(T + ms);

type Sent = { kind: ReminderKind; at: number; left: number; predictedNext: number | null };
type Change = { at: number; closesAt: number };

/**
 * Runs the rule the way the scheduler does, every 15 minutes from `from` to the closing, through
 * the given changes of the closing, and returns every reminder it sends (times relative to T).
 * `down` is a stretch of time in which the scheduler did not run.
 */
function simulate({
  opensAt = 0,
  closesAt,
  noticeAt = opensAt,
  changes = [],
  down,
  step = 15 * MINUTE,
}: {
  opensAt?: number;
  closesAt: number;
  noticeAt?: number;
  changes?: Change[];
  down?: [number, number];
  step?: number;
}): Sent[] {
  const notices = [noticeAt];
  let closes = closesAt;
  let sent: ReminderKind[] = [];
  const out: Sent[] = [];
  const pending = [...changes];
  for (let t = opensAt; t < Math.max(closes, ...changes.map((c) => c.closesAt)); t += step) {
    while (pending.length && pending[0].at <= t) {
      const change = pending.shift()!;
      closes = change.closesAt;
      sent = [];
      notices.push(change.at);
    }
    if (t >= closes) break;
    if (down && t >= down[0] && t < down[1]) continue;
    const state: ReminderState = { opensAt: at(opensAt), closesAt: at(closes), noticesAt: notices.map(at), sent };
    const due = dueReminder(state, at(t));
    if (!due) continue;
    out.push({ kind: due.kind, at: t, left: closes - t, predictedNext: due.then[0] ? due.then[0].at.getTime() - T : null });
    sent = [...sent, due.kind];
    notices.push(t);
  }
  return out;
}

/**
 * What the followers experience: every reminder tells the truth about what comes next (unless the
 * closing changed after it: that change's own notice says what follows), and no mail comes
 * within 12 hours of another.
 */
function expectTruthfulAndSpaced(reminders: Sent[], { notices, changedAt = [] }: { notices: number[]; changedAt?: number[] }) {
  reminders.forEach((r, i) => {
    const next = reminders[i + 1];
    if (changedAt.some((c) => c > r.at && (!next || c < next.at))) return;
    expect(r.predictedNext, `reminder ${i + 1} says what comes next`).toBe(next ? next.at : null);
    expect(r.left).toBeGreaterThanOrEqual(MIN_TIME_LEFT_MS);
  });
  const all = [...notices, ...reminders.map((r) => r.at)].sort((a, b) => a - b);
  for (let i = 1; i < all.length; i++) expect(all[i] - all[i - 1], "hours between two mails").toBeGreaterThanOrEqual(12 * HOUR);
}

describe("periods published open at once", () => {
  test("1 day: no reminder at publication; one last call halfway, 12 hours before the closing", () => {
    const sent = simulate({ closesAt: DAY });
    expect(sent).toEqual([{ kind: "day", at: 12 * HOUR, left: 12 * HOUR, predictedNext: null }]);
    expectTruthfulAndSpaced(sent, { notices: [0] });
  });

  test("3 days: only the day reminder, a day before the closing", () => {
    const sent = simulate({ closesAt: 3 * DAY });
    expect(sent).toEqual([{ kind: "day", at: 2 * DAY, left: DAY, predictedNext: null }]);
    expectTruthfulAndSpaced(sent, { notices: [0] });
  });

  test("7 days: the publication gave a week's notice, so only the day reminder", () => {
    const sent = simulate({ closesAt: 7 * DAY });
    expect(sent.map((r) => [r.kind, r.at])).toEqual([["day", 6 * DAY]]);
    expectTruthfulAndSpaced(sent, { notices: [0] });
  });

  test("30 days: a week before, announcing the day reminder; then a day before, the last", () => {
    const sent = simulate({ closesAt: 30 * DAY });
    expect(sent).toEqual([
      { kind: "week", at: 23 * DAY, left: 7 * DAY, predictedNext: 29 * DAY },
      { kind: "day", at: 29 * DAY, left: DAY, predictedNext: null },
    ]);
    expectTruthfulAndSpaced(sent, { notices: [0] });
  });

  test("the week reminder comes only when the last notice is at least half a week before it", () => {
    expect(simulate({ closesAt: 10 * DAY }).map((r) => r.kind)).toEqual(["day"]); // 3 days after the publication
    expect(simulate({ closesAt: 11 * DAY }).map((r) => [r.kind, r.at])).toEqual([
      ["week", 4 * DAY],
      ["day", 10 * DAY],
    ]);
  });

  test("a period shorter than the quiet time plus an hour gets no reminder at all", () => {
    expect(simulate({ closesAt: 12 * HOUR + 30 * MINUTE })).toEqual([]);
    expect(simulate({ closesAt: 13 * HOUR }).map((r) => [r.kind, r.at, r.left])).toEqual([["day", 12 * HOUR, HOUR]]);
  });
});

test("a consultation published ahead is reminded from its opening mail, not from its publication", () => {
  const sent = simulate({ opensAt: 5 * DAY, noticeAt: 5 * DAY, closesAt: 6 * DAY });
  expect(sent.map((r) => [r.kind, r.at])).toEqual([["day", 5 * DAY + 12 * HOUR]]);
  // Before the opening nothing is due, even when the closing is near.
  expect(dueReminder({ opensAt: at(5 * DAY), closesAt: at(6 * DAY), noticesAt: [at(0)], sent: [] }, at(4 * DAY))).toBeNull();
});

describe("after downtime", () => {
  test("a late week reminder still tells the truth and moves the day reminder to 12 hours after it", () => {
    const sent = simulate({ closesAt: 30 * DAY, down: [22 * DAY, 28 * DAY + 18 * HOUR] });
    expect(sent).toEqual([
      { kind: "week", at: 28 * DAY + 18 * HOUR, left: 30 * HOUR, predictedNext: 29 * DAY + 6 * HOUR },
      { kind: "day", at: 29 * DAY + 6 * HOUR, left: 18 * HOUR, predictedNext: null },
    ]);
  });

  test("when both are overdue only the day reminder goes out", () => {
    const sent = simulate({ closesAt: 30 * DAY, down: [22 * DAY, 29 * DAY + 5 * HOUR] });
    expect(sent).toEqual([{ kind: "day", at: 29 * DAY + 5 * HOUR, left: 19 * HOUR, predictedNext: null }]);
  });

  test("nothing is sent in the last hour, nor after the closing", () => {
    expect(simulate({ closesAt: 30 * DAY, down: [22 * DAY, 30 * DAY - 45 * MINUTE] })).toEqual([]);
  });
});

describe("changes of the closing", () => {
  test("an extension after the 1-day reminder starts a new series for the new closing", () => {
    const changes = [{ at: 30 * DAY - 12 * HOUR, closesAt: 44 * DAY }];
    const sent = simulate({ closesAt: 30 * DAY, changes });
    expect(sent.map((r) => [r.kind, r.at])).toEqual([
      ["week", 23 * DAY],
      ["day", 29 * DAY],
      ["week", 37 * DAY],
      ["day", 43 * DAY],
    ]);
    expectTruthfulAndSpaced(sent, { notices: [0, changes[0].at], changedAt: [changes[0].at] });
  });

  test("an extension by one day after the 1-day reminder: one more day reminder, 12 hours after the notice", () => {
    const changes = [{ at: 30 * DAY - 12 * HOUR, closesAt: 31 * DAY }];
    const sent = simulate({ closesAt: 30 * DAY, changes });
    expect(sent.slice(2)).toEqual([{ kind: "day", at: 30 * DAY, left: DAY, predictedNext: null }]);
    expectTruthfulAndSpaced(sent, { notices: [0, changes[0].at], changedAt: [changes[0].at] });
  });

  test("an extension by a few hours just before the closing sends no reminder after its own notice", () => {
    const sent = simulate({ closesAt: 30 * DAY, changes: [{ at: 30 * DAY - 2 * HOUR, closesAt: 30 * DAY + 6 * HOUR }] });
    expect(sent.map((r) => r.kind)).toEqual(["week", "day"]);
  });

  test("a shortening that skips the week reminder: the day reminder a day before the new closing", () => {
    const changes = [{ at: 10 * DAY, closesAt: 12 * DAY }];
    const sent = simulate({ closesAt: 30 * DAY, changes });
    expect(sent).toEqual([{ kind: "day", at: 11 * DAY, left: DAY, predictedNext: null }]);
    expectTruthfulAndSpaced(sent, { notices: [0, changes[0].at], changedAt: [changes[0].at] });
  });

  test("a shortening after the week reminder went out: the day reminder for the new closing still comes", () => {
    const changes = [{ at: 24 * DAY, closesAt: 26 * DAY }];
    const sent = simulate({ closesAt: 30 * DAY, changes });
    expect(sent.map((r) => [r.kind, r.at])).toEqual([
      ["week", 23 * DAY],
      ["day", 25 * DAY],
    ]);
    expectTruthfulAndSpaced(sent, { notices: [0, changes[0].at], changedAt: [changes[0].at] });
  });

  test("a shortening to 24 hours from now: the last call waits 12 hours after the notice", () => {
    const changes = [{ at: 10 * DAY, closesAt: 11 * DAY }];
    expect(simulate({ closesAt: 30 * DAY, changes })).toEqual([{ kind: "day", at: 10 * DAY + 12 * HOUR, left: 12 * HOUR, predictedNext: null }]);
  });
});

test("a reminder already sent for this closing is not planned again, nor any before it", () => {
  const state = { opensAt: at(0), closesAt: at(30 * DAY), noticesAt: [at(0)] };
  expect(plannedReminders({ ...state, sent: [] }).map((r) => r.kind)).toEqual(["week", "day"]);
  expect(plannedReminders({ ...state, sent: ["week"], noticesAt: [at(0), at(23 * DAY)] }).map((r) => r.kind)).toEqual(["day"]);
  expect(plannedReminders({ ...state, sent: ["day"] })).toEqual([]);
  expect(dueReminder({ ...state, sent: ["day"] }, at(29 * DAY + HOUR))).toBeNull();
});
