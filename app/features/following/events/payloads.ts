/**
 * Every notification event's shape, in one union (docs/decisions/028): its type, the row it is
 * about (`subjectId`, for the types that have one) and its payload. Events are stored only through
 * recordEvent / recordEventDirect, which encode them here (storedColumns); the worker decodes each
 * stored row here once (parseStoredEvent). Nothing else reads or writes `payloadJson`.
 */
import { z } from "zod";

/** A point in time: a Date in the code, ISO 8601 text in the stored JSON. */
const instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});
/** A round, a plan version, a statement revision: counted from 1. */
const ordinal = z.number().int().positive();
/** A link target on this site, never another origin ("//host" is one). */
const sitePath = z.string().regex(/^\/(?!\/)[^\s\\]*$/, "must be a path on this site");
/** The id of the row the event is about (comment, DUG review, statement revision). */
const subject = z.string().min(1);
/** Types without a subject: nothing is written, and the column reads back as null. */
const noSubject = z.null().optional();

const roundOfPlan = { round: ordinal, planVersion: ordinal };

const notificationEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("consultation.published"), subjectId: noSubject, payload: z.object({}) }),
  z.object({ type: z.literal("consultation.opened"), subjectId: noSubject, payload: z.object({ opensAt: instant }) }),
  z.object({ type: z.literal("consultation.revised"), subjectId: noSubject, payload: z.object({ version: ordinal }) }),
  z.object({
    type: z.literal("consultation.extended"),
    subjectId: noSubject,
    payload: z.object({ reason: z.string(), previousClosesAt: instant, closesAt: instant }),
  }),
  z.object({
    type: z.literal("consultation.shortened"),
    subjectId: noSubject,
    payload: z.object({ reason: z.string(), previousClosesAt: instant, closesAt: instant }),
  }),
  z.object({ type: z.literal("consultation.withdrawn"), subjectId: noSubject, payload: z.object({}) }),
  z.object({
    type: z.literal("consultation.closing-soon"),
    subjectId: noSubject,
    payload: z.object({
      reminder: z.enum(["week", "day"]),
      /** The closing the reminder speaks of: it is dropped if the closing has moved since. */
      closesAt: instant,
      /** The next reminder by the scheduler's rule, null for the last one. */
      nextReminderAt: instant.nullable(),
      remindersAfter: z.number().int().nonnegative(),
    }),
  }),
  z.object({ type: z.literal("consultation.closed"), subjectId: noSubject, payload: z.object({ closesAt: instant }) }),
  z.object({
    type: z.literal("comment.created"),
    subjectId: subject,
    payload: z.object({ ref: z.string().min(1), parentId: z.string().min(1).nullable() }),
  }),
  z.object({
    type: z.literal("dug.recorded"),
    subjectId: subject,
    // The conditions of the agreement as the members wrote them, worded in each reader's mail;
    // `summary` is text of its own (empty when the conditions say it all).
    payload: z.object({
      outcome: z.enum(["agreed", "not_agreed", "lapsed"]),
      ...roundOfPlan,
      summary: z.string(),
      conditions: z.array(z.string()).optional(),
      path: sitePath,
    }),
  }),
  z.object({
    type: z.literal("dug.review-opened"),
    subjectId: subject,
    payload: z.object({ ...roundOfPlan, deadline: instant, superseded: ordinal.nullable() }),
  }),
  z.object({ type: z.literal("dug.reminder"), subjectId: subject, payload: z.object({ ...roundOfPlan, deadline: instant }) }),
  z.object({ type: z.literal("dug.rule-met"), subjectId: subject, payload: z.object(roundOfPlan) }),
  z.object({
    type: z.literal("statement.published"),
    subjectId: subject,
    payload: z.object({ revision: ordinal, erratum: z.string().nullable(), summary: z.string(), path: sitePath }),
  }),
]);

/** An event's type, subject and payload as the code handles them (Dates, not text). */
export type EventBody = z.output<typeof notificationEventSchema>;
export type EventType = EventBody["type"];
type EventsByType = { [E in EventBody as E["type"]]: E };
export type EventOfType<T extends EventType> = EventsByType[T];

export const EVENT_TYPES: readonly EventType[] = notificationEventSchema.options.map((option) => option.shape.type.value);

/** The columns an event is stored in, encoded with the union; throws when it is not of its type's shape. */
export function storedColumns(event: EventBody): { type: EventType; subjectId: string | null; payloadJson: string } {
  const { type, subjectId, payload } = notificationEventSchema.encode(event);
  return { type, subjectId: subjectId ?? null, payloadJson: JSON.stringify(payload) };
}

/** A NotificationEvent row as stored. */
export type StoredEventRow = {
  id: string;
  type: string;
  consultationId: string | null;
  subjectId: string | null;
  actorId: string | null;
  payloadJson: string;
  createdAt: Date;
};

/** A stored event that passed the union: what the handlers receive. */
export type StoredEvent<T extends EventType = EventType> = EventOfType<T> & {
  id: string;
  consultationId: string | null;
  actorId: string | null;
  createdAt: Date;
};

/**
 * Decodes a stored row with the union. A row it refuses (unknown type, payload of the wrong
 * shape, not JSON) cannot be sent: the answer says why, for the worker's log.
 */
export function parseStoredEvent(row: StoredEventRow): { ok: true; event: StoredEvent } | { ok: false; problem: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payloadJson);
  } catch {
    return { ok: false, problem: "the payload is not JSON" };
  }
  const parsed = notificationEventSchema.safeParse({ type: row.type, subjectId: row.subjectId, payload });
  if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error).replace(/\n/g, "; ") };
  return { ok: true, event: { ...parsed.data, id: row.id, consultationId: row.consultationId, actorId: row.actorId, createdAt: row.createdAt } };
}
