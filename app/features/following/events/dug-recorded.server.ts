// dug.recorded (docs/decisions/013): the DUG's agreement, non-agreement or a lapsed review is on
// the record; the consultation's followers and everyone who commented hear of it.
import { absoluteUrlIn } from "~/services/local-url.server";
import { dugRecordedEmail } from "../../../../emails/dug-recorded";
import { mailConsultation, sameMailFor, threadOf, type EventHandler } from "./handler.server";
import { commentersOf, followersOfConsultation } from "./recipients.server";

export const dugRecorded: EventHandler<"dug.recorded"> = async (event, c, now) => {
  const { outcome, round, planVersion, summary, conditions, path } = event.payload;
  return sameMailFor([followersOfConsultation(c), commentersOf(c, now)], threadOf(c), (footer, locale) =>
    dugRecordedEmail({
      consultation: mailConsultation(c, locale),
      outcome,
      round,
      planVersion,
      summary,
      conditions,
      url: absoluteUrlIn(path, locale),
      footer,
    }),
  );
};
