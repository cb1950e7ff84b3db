import { Form } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcTime } from "~/components/time";
import { useRich, useT } from "~/i18n/t";

export type BounceState = { hardBounces: number; lastBounceAt: Date | string; lastStatus: string; lastDiagnostic: string; suppressedAt: Date | string | null };

/** Tells the person that mail to their address bounces (and, when stopped, lets them resume it). */
export function BounceNotice({ email, bounce }: { email: string; bounce: BounceState | null }) {
  const reply = useFormReply("clear-bounces");
  const t = useT();
  const rich = useRich();
  if (!bounce) return null;
  return (
    <section className={bounce.suppressedAt ? "notice notice-error" : "notice notice-info"} aria-labelledby="bounce-heading">
      <h2 id="bounce-heading">{t(bounce.suppressedAt ? "email.bounce.stoppedHeading" : "email.bounce.bouncedHeading")}</h2>
      <ErrorSummary reply={reply} idPrefix="bounce-" />
      <p>
        {rich(bounce.lastDiagnostic ? "email.bounce.refusedWithDiagnostic" : "email.bounce.refused", {
          email: (
            <strong>
              <bdi>{email}</bdi>
            </strong>
          ),
          count: bounce.hardBounces,
          time: <UtcTime value={bounce.lastBounceAt} />,
          status: <bdi>{bounce.lastStatus}</bdi>,
          diagnostic: <bdi>{bounce.lastDiagnostic}</bdi>,
        })}{" "}
        {t(bounce.suppressedAt ? "email.bounce.stoppedUntil" : "email.bounce.stopAfter")}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="clear-bounces" />
        <button type="submit" className="secondary">
          {t("email.bounce.resume")}
        </button>
      </Form>
    </section>
  );
}
