// consultation.extended and consultation.shortened: the closing moved, with the IFM's reason and
// the reminders that will follow.
import { closingChangeKind } from "~/features/consultations/closing-change";
import { plannedReminders } from "~/features/consultations/closing-reminders";
import { closingChangedEmail } from "../../../../emails/closing-changed";
import { mailConsultation, sameMailFor, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation } from "./recipients.server";

export const closingChanged: EventHandler<"consultation.extended" | "consultation.shortened"> = async (event, c) => {
  const { reason, previousClosesAt, closesAt } = event.payload;
  const kind = closingChangeKind({ previousClosesAt, newClosesAt: closesAt });
  // What reminders follow, by the scheduler's own rule, while this is still the closing.
  const current = !c.withdrawnAt && c.opensAt && c.closesAt?.getTime() === closesAt.getTime();
  const planned = current ? plannedReminders({ opensAt: c.opensAt!, closesAt, noticesAt: [event.createdAt], sent: [] }) : [];
  const reminders = current ? (planned[0] ? { at: planned[0].at, count: planned.length } : null) : undefined;
  return sameMailFor([followersOfConsultation(c)], threadOf(c), (footer, locale) =>
    closingChangedEmail({ consultation: mailConsultation(c, locale), kind, previousClosesAt, closesAt, reason, reminders, footer }),
  );
};
