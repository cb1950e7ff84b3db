// consultation.published (by the IFM) and consultation.opened (by the scheduler, for a period
// published ahead of its opening): the announcement of a consultation open, or about to open, for comment.
import type { Locale } from "~/services/language";
import { categoryLabelIn } from "./category-label.server";
import { consultationPublishedEmail } from "../../../../emails/consultation-published";
import { mailConsultation, sameMailFor, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation, followersOfNewConsultations } from "./recipients.server";

export const consultationAnnounced: EventHandler<"consultation.published" | "consultation.opened"> = async (event, c) => {
  if (c.withdrawnAt || !c.opensAt || !c.closesAt) return null;
  const kind = event.type === "consultation.published" ? "published" : "opened";
  const { opensAt, closesAt } = c;
  const consultation = (locale: Locale) => ({
    ...mailConsultation(c, locale),
    summary: c.summary,
    categoryLabel: categoryLabelIn(c.category, locale),
    opensAt,
    closesAt,
  });
  return sameMailFor(
    // Nobody can follow a draft, so a publication goes to "every new consultation" only; by the
    // opening, people may follow the consultation itself as well.
    kind === "published" ? [followersOfNewConsultations(c.category)] : [followersOfConsultation(c), followersOfNewConsultations(c.category)],
    threadOf(c, { isFirst: kind === "published" }),
    (footer, locale) => consultationPublishedEmail({ kind, consultation: consultation(locale), now: event.createdAt, footer }),
  );
};
