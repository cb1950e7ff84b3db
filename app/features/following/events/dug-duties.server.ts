// The DUG seat holders' duties (docs/decisions/013): dug.review-opened (voting members and
// liaisons), dug.reminder (those of them without a position or advice, 48 hours before the
// deadline) and dug.rule-met (the chair, who may now certify). Who holds which seat is read when
// the event is expanded, so a term that ended meanwhile gets no mail.
import { absoluteUrl } from "~/services/env.server";
import { dugEventRecipients } from "~/features/dug/review.server";
import { dugReviewOpenedEmail } from "../../../../emails/dug-review-opened";
import { dugReminderEmail } from "../../../../emails/dug-reminder";
import { dugRuleMetEmail } from "../../../../emails/dug-rule-met";
import { consultationPath, mailConsultation, sameMailFor, threadOf, type EventConsultation, type EventHandler } from "./handler.server";
import { usersAsRecipients, type Recipient, type RecipientSource } from "./recipients.server";

/** The seat holders the event concerns, each told in their role; null when there are none. */
async function seatHolders(type: "dug.review-opened" | "dug.reminder" | "dug.rule-met", reviewId: string, now: Date): Promise<RecipientSource | null> {
  const holders = await dugEventRecipients({ type, reviewId, now });
  if (holders.length === 0) return null;
  return usersAsRecipients(
    holders.map((h) => ({ id: h.userId, reason: { kind: "dug", role: h.role } })),
    now,
  );
}

const dugUrl = (c: EventConsultation) => absoluteUrl(`${consultationPath(c.slug)}/dug`);
const memberRole = (r: Recipient) => (r.reason.kind === "dug" && r.reason.role === "liaison" ? "liaison" : "voting member");

export const dugReviewOpened: EventHandler<"dug.review-opened"> = async (event, c, now) => {
  const source = await seatHolders(event.type, event.subjectId, now);
  if (!source) return null;
  const { round, planVersion, deadline, superseded } = event.payload;
  const consultation = mailConsultation(c);
  const thread = threadOf(c);
  return {
    recipients: [source],
    mail: (recipient, footer) => ({
      thread,
      content: dugReviewOpenedEmail({ consultation, round, planVersion, deadline, superseded, role: memberRole(recipient), url: dugUrl(c), footer }),
    }),
  };
};

export const dugReminder: EventHandler<"dug.reminder"> = async (event, c, now) => {
  const source = await seatHolders(event.type, event.subjectId, now);
  if (!source) return null;
  const { round, deadline } = event.payload;
  const consultation = mailConsultation(c);
  const thread = threadOf(c);
  return {
    recipients: [source],
    mail: (recipient, footer) => ({
      thread,
      content: dugReminderEmail({ consultation, round, deadline, role: memberRole(recipient), url: dugUrl(c), footer }),
    }),
  };
};

export const dugRuleMet: EventHandler<"dug.rule-met"> = async (event, c, now) => {
  const source = await seatHolders(event.type, event.subjectId, now);
  if (!source) return null;
  const { round, planVersion } = event.payload;
  return sameMailFor([source], threadOf(c), (footer) => dugRuleMetEmail({ consultation: mailConsultation(c), round, planVersion, url: dugUrl(c), footer }));
};
