import { Form } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcTime } from "~/components/time";

export type BounceState = { hardBounces: number; lastBounceAt: Date | string; lastStatus: string; lastDiagnostic: string; suppressedAt: Date | string | null };

/** Tells the person that mail to their address bounces (and, when stopped, lets them resume it). */
export function BounceNotice({ email, bounce }: { email: string; bounce: BounceState | null }) {
  const reply = useFormReply("clear-bounces");
  if (!bounce) return null;
  return (
    <section className={bounce.suppressedAt ? "notice notice-error" : "notice notice-info"} aria-labelledby="bounce-heading">
      <h2 id="bounce-heading">{bounce.suppressedAt ? "We stopped sending notifications to this address" : "Mail to this address has bounced"}</h2>
      <ErrorSummary reply={reply} idPrefix="bounce-" />
      <p>
        The mail server of <strong>{email}</strong> refused our mail {bounce.hardBounces === 1 ? "once" : `${bounce.hardBounces} times`}, last on{" "}
        <UtcTime value={bounce.lastBounceAt} /> ({bounce.lastStatus}
        {bounce.lastDiagnostic ? `: ${bounce.lastDiagnostic}` : ""}).
        {bounce.suppressedAt ? " You get no notifications until you tell us the address works again." : " After three refusals we stop sending notifications."}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="clear-bounces" />
        <button type="submit" className="secondary">
          The address works again: resume notifications
        </button>
      </Form>
    </section>
  );
}
