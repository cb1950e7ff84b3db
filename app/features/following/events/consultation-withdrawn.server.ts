// consultation.withdrawn: the IFM withdrew the consultation, with its public reason.
import { consultationWithdrawnEmail } from "../../../../emails/consultation-withdrawn";
import { mailConsultation, sameMailFor, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation } from "./recipients.server";

export const consultationWithdrawn: EventHandler<"consultation.withdrawn"> = async (_event, c) =>
  sameMailFor([followersOfConsultation(c)], threadOf(c), (footer, locale) =>
    consultationWithdrawnEmail({ consultation: mailConsultation(c, locale), reason: c.withdrawnReason ?? "", footer }),
  );
