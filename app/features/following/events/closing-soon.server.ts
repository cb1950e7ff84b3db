// consultation.closing-soon (by the scheduler, docs/decisions/021): the time left, and whether
// another reminder follows.
import { closingSoonEmail } from "../../../../emails/closing-soon";
import { mailConsultation, sameMailFor, stillTheClosing, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation } from "./recipients.server";

export const closingSoon: EventHandler<"consultation.closing-soon"> = async (event, c) => {
  const { closesAt, nextReminderAt, remindersAfter } = event.payload;
  // A reminder made stale by a change of the closing or a withdrawal before it went out says nothing true.
  if (!stillTheClosing(c, closesAt)) return null;
  const next = nextReminderAt ? { at: nextReminderAt, count: remindersAfter } : null;
  return sameMailFor([followersOfConsultation(c)], threadOf(c), (footer, locale) =>
    closingSoonEmail({ consultation: mailConsultation(c, locale), closesAt, at: event.createdAt, next, footer }),
  );
};
