import { EVENT_TYPES, parseStoredEvent, storedColumns, type EventOfType, type EventType, type StoredEventRow } from "./payloads";

const at = new Date("2026-05-04T10:00:00.000Z");
const later = new Date("2026-06-04T10:00:00.000Z");

/** One event of every type, as its writer passes it (the mapped type makes a missing type a compile error). */
const EXAMPLES: { [T in EventType]: EventOfType<T> } = {
  "consultation.published": { type: "consultation.published", payload: {} },
  "consultation.opened": { type: "consultation.opened", payload: { opensAt: at } },
  "consultation.revised": { type: "consultation.revised", payload: { version: 2 } },
  "consultation.extended": { type: "consultation.extended", payload: { reason: "More time.", previousClosesAt: at, closesAt: later } },
  "consultation.shortened": { type: "consultation.shortened", payload: { reason: "A wrong date.", previousClosesAt: later, closesAt: at } },
  "consultation.withdrawn": { type: "consultation.withdrawn", payload: {} },
  "consultation.closing-soon": { type: "consultation.closing-soon", payload: { reminder: "week", closesAt: later, nextReminderAt: at, remindersAfter: 1 } },
  "consultation.closed": { type: "consultation.closed", payload: { closesAt: later } },
  "comment.created": { type: "comment.created", subjectId: "comment-1", payload: { ref: "7-12", parentId: null } },
  "dug.recorded": {
    type: "dug.recorded",
    subjectId: "review-1",
    payload: { outcome: "agreed", round: 1, planVersion: 2, summary: "Agreed.", path: "/consultations/ksk/dug" },
  },
  "dug.review-opened": { type: "dug.review-opened", subjectId: "review-2", payload: { round: 2, planVersion: 3, deadline: later, superseded: 1 } },
  "dug.reminder": { type: "dug.reminder", subjectId: "review-2", payload: { round: 2, planVersion: 3, deadline: later } },
  "dug.rule-met": { type: "dug.rule-met", subjectId: "review-2", payload: { round: 2, planVersion: 3 } },
  "statement.published": {
    type: "statement.published",
    subjectId: "revision-1",
    payload: { revision: 1, erratum: null, summary: "5 comments were answered.", path: "/consultations/ksk/statement" },
  },
};

/** For every type, stored payloads (as JSON would hold them) that the union must refuse, and why. */
const WRONG: { [T in EventType]: { why: string; payload: unknown; subjectId?: string | null }[] } = {
  "consultation.published": [{ why: "not an object", payload: [] }],
  "consultation.opened": [
    { why: "no opening", payload: {} },
    { why: "an opening that is not a time", payload: { opensAt: "next Monday" } },
  ],
  "consultation.revised": [
    { why: "no version", payload: {} },
    { why: "version 0", payload: { version: 0 } },
    { why: "a version as text", payload: { version: "2" } },
  ],
  "consultation.extended": [
    { why: "no previous closing (an older shape)", payload: { reason: "More time." } },
    { why: "a closing as a number", payload: { reason: "x", previousClosesAt: at.toISOString(), closesAt: 1780000000000 } },
  ],
  "consultation.shortened": [{ why: "no reason", payload: { previousClosesAt: later.toISOString(), closesAt: at.toISOString() } }],
  "consultation.withdrawn": [{ why: "not an object", payload: "withdrawn" }],
  "consultation.closing-soon": [
    { why: "the shape before reminders said what follows", payload: { days: 7, closesAt: later.toISOString() } },
    { why: "an unknown reminder", payload: { reminder: "hour", closesAt: later.toISOString(), nextReminderAt: null, remindersAfter: 0 } },
    { why: "a negative count", payload: { reminder: "day", closesAt: later.toISOString(), nextReminderAt: null, remindersAfter: -1 } },
  ],
  "consultation.closed": [{ why: "a date without a time", payload: { closesAt: "2026-06-04" } }],
  "comment.created": [
    { why: "no comment id", payload: { ref: "7-12", parentId: null }, subjectId: null },
    { why: "no reference", payload: { parentId: null }, subjectId: "comment-1" },
    { why: "an empty reference", payload: { ref: "", parentId: null }, subjectId: "comment-1" },
  ],
  "dug.recorded": [
    { why: "a superseded round is never announced", payload: { ...EXAMPLES["dug.recorded"].payload, outcome: "superseded" }, subjectId: "review-1" },
    { why: "a link to another site", payload: { ...EXAMPLES["dug.recorded"].payload, path: "//evil.example/x" }, subjectId: "review-1" },
    { why: "no round", payload: { outcome: "agreed", planVersion: 1, summary: "", path: "/x" }, subjectId: "review-1" },
  ],
  "dug.review-opened": [
    { why: "no review id", payload: { round: 1, planVersion: 1, deadline: later.toISOString(), superseded: null }, subjectId: null },
    { why: "superseded left out", payload: { round: 1, planVersion: 1, deadline: later.toISOString() }, subjectId: "review-1" },
  ],
  "dug.reminder": [{ why: "no deadline", payload: { round: 1, planVersion: 1 }, subjectId: "review-1" }],
  "dug.rule-met": [{ why: "a fractional round", payload: { round: 1.5, planVersion: 1 }, subjectId: "review-1" }],
  "statement.published": [
    { why: "an absolute URL instead of a path", payload: { revision: 1, erratum: null, summary: "", path: "https://evil.example/" }, subjectId: "revision-1" },
    { why: "erratum left out", payload: { revision: 2, summary: "", path: "/s" }, subjectId: "revision-1" },
  ],
};

function row(type: string, payload: unknown, subjectId: string | null = null): StoredEventRow {
  return { id: "event-1", type, consultationId: "consultation-1", subjectId, actorId: null, payloadJson: JSON.stringify(payload), createdAt: at };
}

/** The row a writer stores for `event`: the columns recordEvent and recordEventDirect write. */
function storedRow(event: EventOfType<EventType>): StoredEventRow {
  return { id: "event-1", consultationId: "consultation-1", actorId: null, createdAt: at, ...storedColumns(event) };
}

test.each(EVENT_TYPES)("%s: what its writer stores reads back as the same event, with Dates", (type) => {
  const parsed = parseStoredEvent(storedRow(EXAMPLES[type]));
  expect(parsed).toEqual({
    ok: true,
    event: { ...EXAMPLES[type], subjectId: EXAMPLES[type].subjectId ?? null, id: "event-1", consultationId: "consultation-1", actorId: null, createdAt: at },
  });
});

test.each(EVENT_TYPES)("%s: a payload of the wrong shape is refused, saying where", (type) => {
  for (const wrong of WRONG[type]) {
    const subjectId = "subjectId" in wrong ? (wrong.subjectId ?? null) : (EXAMPLES[type].subjectId ?? null);
    const parsed = parseStoredEvent(row(type, wrong.payload, subjectId));
    expect(parsed.ok, `${type} with ${wrong.why}`).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/→ at (payload|subjectId)/);
  }
});

test("the payload of one type is refused under another", () => {
  expect(parseStoredEvent(row("consultation.closed", { version: 2 })).ok).toBe(false);
  expect(parseStoredEvent(row("dug.rule-met", EXAMPLES["comment.created"].payload, "review-1")).ok).toBe(false);
});

test("an unknown type and a payload that is not JSON are refused", () => {
  expect(parseStoredEvent(row("consultation.renamed", {}))).toEqual({ ok: false, problem: expect.stringContaining("consultation.published") });
  expect(parseStoredEvent({ ...row("consultation.published", {}), payloadJson: "{oops" })).toEqual({ ok: false, problem: "the payload is not JSON" });
});

test("a writer cannot encode a wrong payload: a missing field, an invalid Date, an off-site link", () => {
  const encode = (value: unknown) => () => storedColumns(value as EventOfType<EventType>);
  expect(encode({ type: "consultation.revised", payload: {} })).toThrow(/version/);
  expect(encode({ type: "consultation.closed", payload: { closesAt: new Date(Number.NaN) } })).toThrow(/closesAt/);
  expect(encode({ ...EXAMPLES["statement.published"], payload: { ...EXAMPLES["statement.published"].payload, path: "//evil.example/x" } })).toThrow(
    /must be a path on this site/,
  );
  expect(encode({ type: "comment.created", payload: { ref: "7-1", parentId: null } })).toThrow(/subjectId/);
});

test("every type in the union is listed once", () => {
  expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  expect([...EVENT_TYPES].sort()).toEqual(Object.keys(EXAMPLES).sort());
});
