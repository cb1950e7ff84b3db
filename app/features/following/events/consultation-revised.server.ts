// consultation.revised: a new plan version, with what changed and a link to the word diff.
import { db } from "~/services/db.server";
import { absoluteUrlIn } from "~/services/local-url.server";
import { planRevisedEmail } from "../../../../emails/plan-revised";
import { consultationPath, mailConsultation, sameMailFor, threadOf, type EventHandler } from "./handler.server";
import { followersOfConsultation } from "./recipients.server";

export const consultationRevised: EventHandler<"consultation.revised"> = async (event, c) => {
  const { version } = event.payload;
  const plan = await db().planVersion.findUnique({
    where: { consultationId_number: { consultationId: c.id, number: version } },
    select: { changeSummary: true },
  });
  const diffPath = `${consultationPath(c.slug)}/diff?from=${Math.max(1, version - 1)}&to=${version}`;
  return sameMailFor([followersOfConsultation(c)], threadOf(c), (footer, locale) =>
    planRevisedEmail({
      consultation: mailConsultation(c, locale),
      version,
      changeSummary: plan?.changeSummary ?? "",
      diffUrl: absoluteUrlIn(diffPath, locale),
      footer,
    }),
  );
};
