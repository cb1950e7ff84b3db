// statement.published (docs/decisions/014): the final statement, or a correction of it. Each
// commenter's mail names the disposition of their own comments in this revision. The summary and
// the dispositions are worded in each recipient's language (the payload keeps the English summary).
import { absoluteUrlIn } from "~/services/local-url.server";
import { publishedForMail } from "~/features/statement/published.server";
import { DISPOSITION_IDS } from "~/features/statement/content";
import { translate } from "~/i18n/catalogue.server";
import { statementPublishedEmail } from "../../../../emails/statement-published";
import { mailConsultation, threadOf, type EventHandler } from "./handler.server";
import { commentersOf, followersOfConsultation } from "./recipients.server";

export const statementPublished: EventHandler<"statement.published"> = async (event, c, now) => {
  const { revision, erratum, summary, path } = event.payload;
  const { byAuthor: own, summaryIn } = await publishedForMail({ revisionId: event.subjectId });
  const thread = threadOf(c);
  return {
    recipients: [followersOfConsultation(c), commentersOf(c, now)],
    mail: (recipient, footer) => {
      const { locale } = recipient;
      return {
        thread,
        content: statementPublishedEmail({
          consultation: mailConsultation(c, locale),
          revision,
          erratum,
          summary: summaryIn ? summaryIn(locale) : summary,
          url: absoluteUrlIn(path, locale),
          yourComments: (recipient.userId ? own.get(recipient.userId) : undefined)?.map((m) => ({
            ref: m.ref,
            disposition: translate(locale, DISPOSITION_IDS[m.disposition].short),
            url: absoluteUrlIn(m.path, locale),
          })),
          footer,
        }),
      };
    },
  };
};
