// Which handler expands which event type. The mapped type makes a type without a handler (or a
// handler for a type the union does not know) a compile error; a test checks the same at run time.
import type { EventType } from "./payloads";
import type { EventHandler } from "./handler.server";
import { consultationAnnounced } from "./consultation-published.server";
import { consultationRevised } from "./consultation-revised.server";
import { closingChanged } from "./closing-changed.server";
import { consultationWithdrawn } from "./consultation-withdrawn.server";
import { closingSoon } from "./closing-soon.server";
import { periodClosed } from "./period-closed.server";
import { commentCreated } from "./comment-created.server";
import { dugRecorded } from "./dug-recorded.server";
import { dugReminder, dugReviewOpened, dugRuleMet } from "./dug-duties.server";
import { statementPublished } from "./statement-published.server";

export const EVENT_HANDLERS: { readonly [T in EventType]: EventHandler<T> } = {
  "consultation.published": consultationAnnounced,
  "consultation.opened": consultationAnnounced,
  "consultation.revised": consultationRevised,
  "consultation.extended": closingChanged,
  "consultation.shortened": closingChanged,
  "consultation.withdrawn": consultationWithdrawn,
  "consultation.closing-soon": closingSoon,
  "consultation.closed": periodClosed,
  "comment.created": commentCreated,
  "dug.recorded": dugRecorded,
  "dug.review-opened": dugReviewOpened,
  "dug.reminder": dugReminder,
  "dug.rule-met": dugRuleMet,
  "statement.published": statementPublished,
};

/** The handler of `event`'s type (one lookup, typed for that event). */
export function handlerFor<T extends EventType>(type: T): EventHandler<T> {
  return EVENT_HANDLERS[type];
}
