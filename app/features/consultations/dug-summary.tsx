import { UtcTime } from "~/components/time";
import { isOutcome } from "~/features/dug/rule";
import { useRich, useT } from "~/i18n/t";

type LatestReview = { round: number; outcome: string | null; decidedAt: string | Date | null; deadline: string | Date; version: number };

/** Where the DUG's agreement stands, in one sentence, for the consultation page's facts. */
export function DugSummary({ required, dug }: { required: boolean; dug: LatestReview | null }) {
  const t = useT();
  const rich = useRich();
  if (!required) return <>{t("consultation.dug.notRequired")}</>;
  if (!dug) return <>{t("consultation.dug.pending")}</>;
  if (dug.outcome === "agreed") {
    return <>{rich("consultation.dug.agreed", { date: <UtcTime value={dug.decidedAt!} withTime={false} />, version: dug.version })}</>;
  }
  if (!dug.outcome) return <>{rich("consultation.dug.inProgress", { round: dug.round, version: dug.version, deadline: <UtcTime value={dug.deadline} /> })}</>;
  const outcome = isOutcome(dug.outcome) ? t(`consultation.outcome.${dug.outcome}`) : dug.outcome.replace("_", " ");
  return <>{t("consultation.dug.ended", { round: dug.round, outcome })}</>;
}
