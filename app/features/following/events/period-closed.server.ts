// consultation.closed (by the scheduler): the comment period closed, with the number of comments.
import { periodClosedEmail } from "../../../../emails/period-closed";
import { mailConsultation, sameMailFor, stillTheClosing, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation } from "./recipients.server";

export const periodClosed: EventHandler<"consultation.closed"> = async (event, c) => {
  const closedAt = event.payload.closesAt;
  if (!stillTheClosing(c, closedAt)) return null;
  return sameMailFor([followersOfConsultation(c)], threadOf(c), (footer, locale) =>
    periodClosedEmail({ consultation: mailConsultation(c, locale), closedAt, commentCount: c.commentCount, footer }),
  );
};
