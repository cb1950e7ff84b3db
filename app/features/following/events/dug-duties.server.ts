// The DUG seat holders' duties (docs/decisions/013): dug.review-opened (voting members and
// liaisons), dug.reminder (those of them without a position or advice, 48 hours before the
// deadline) and dug.rule-met (the chair, who may now certify). Who holds which seat is read when
// the event is expanded, so a term that ended meanwhile gets no mail.
import { absoluteUrlIn } from "~/services/local-url.server";
import { dugEventRecipients } from "~/features/dug/review-jobs.server";
import { dugReviewOpenedEmail } from "../../../../emails/dug-review-opened";
import { dugReminderEmail } from "../../../../emails/dug-reminder";
import { dugRuleMetEmail } from "../../../../emails/dug-rule-met";
import type { MailConsultation, NotificationFooter, RenderedMail } from "../../../../emails/notification";
import type { StoredEvent } from "./payloads";
import { consultationPath, mailConsultation, threadOf, type EventConsultation, type EventHandler, type EventPlan } from "./handler.server";
import { usersAsRecipients } from "./recipients.server";

type SeatMail = { consultation: MailConsultation; url: string; role: "voting member" | "liaison"; footer: NotificationFooter };

/** The seat holders the event concerns, each told in their role; null when there are none. */
async function seatHolderPlan(
  event: StoredEvent<"dug.review-opened" | "dug.reminder" | "dug.rule-met">,
  c: EventConsultation,
  now: Date,
  render: (mail: SeatMail) => RenderedMail,
): Promise<EventPlan | null> {
  const holders = await dugEventRecipients({ type: event.type, reviewId: event.subjectId, now });
  if (holders.length === 0) return null;
  const thread = threadOf(c);
  return {
    recipients: [
      usersAsRecipients(
        holders.map((h) => ({ id: h.userId, reason: { kind: "dug", role: h.role } })),
        now,
      ),
    ],
    mail: (recipient, footer) => {
      const role = recipient.reason.kind === "dug" && recipient.reason.role === "liaison" ? "liaison" : "voting member";
      const { locale } = recipient;
      const url = absoluteUrlIn(`${consultationPath(c.slug)}/dug`, locale);
      return { thread, content: render({ consultation: mailConsultation(c, locale), url, role, footer }) };
    },
  };
}

export const dugReviewOpened: EventHandler<"dug.review-opened"> = (event, c, now) => {
  const { round, planVersion, deadline, superseded } = event.payload;
  return seatHolderPlan(event, c, now, (mail) => dugReviewOpenedEmail({ ...mail, round, planVersion, deadline, superseded }));
};

export const dugReminder: EventHandler<"dug.reminder"> = (event, c, now) => {
  const { round, deadline } = event.payload;
  return seatHolderPlan(event, c, now, (mail) => dugReminderEmail({ ...mail, round, deadline }));
};

export const dugRuleMet: EventHandler<"dug.rule-met"> = (event, c, now) => {
  const { round, planVersion } = event.payload;
  return seatHolderPlan(event, c, now, ({ role: _chairOnly, ...mail }) => dugRuleMetEmail({ ...mail, round, planVersion }));
};
