import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextField } from "~/components/field";
import { findConsultationRef } from "~/features/consultations/consultation.server";
import { certifyReview, openReview, postAdvice, recordPosition } from "~/features/dug/review.server";
import { getDugPage } from "~/features/dug/dug-page.server";
import { POSITION_HINTS, POSITION_LABELS, POSITIONS } from "~/features/dug/rule";
import { isStaff } from "~/models/roles";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { adviceSchema, certifySchema, openReviewSchema, positionSchema } from "~/features/dug/validation";
import { RoundSection } from "./round";
import { HistoryList } from "~/components/history-list";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const page = await getDugPage({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) } });
  if (!page) notFound("There is no consultation at this address.");
  // The form's suggested deadline: noon UTC two weeks from now (decided here, so the server's and
  // the browser's render agree).
  const defaultDeadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 11) + "12:00";
  return { ...page, viewerId: user?.id ?? null, defaultDeadline };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: isStaff(user) } });
  if (!consultation) notFound("There is no consultation at this address.");
  const here = `/consultations/${consultation.slug}/dug`;

  return handleForm(request, {
    "open-review": form(openReviewSchema, async (input) => {
      const result = await openReview({ actor: user, consultationId: consultation.id, deadline: input.deadline });
      if (!result.ok) return result;
      const superseded = result.superseded ? ` Round ${result.superseded} is closed as superseded.` : "";
      return redirectWithFlash(
        `${here}#round-${result.round}`,
        `DUG review round ${result.round} is open. Voting members and liaisons are notified.${superseded}`,
      );
    }),
    position: form(positionSchema, async ({ reviewId, ...input }) => {
      const result = await recordPosition({ actor: user, reviewId, consultationId: consultation.id, input });
      if (!result.ok) return result;
      return redirectWithFlash(
        `${here}#review-${reviewId}`,
        result.changed ? "Your position is recorded." : "Your position was already recorded; nothing changed.",
      );
    }),
    advice: form(adviceSchema, async (input) => {
      const result = await postAdvice({ actor: user, reviewId: input.reviewId, consultationId: consultation.id, bodyMd: input.bodyMd });
      return result.ok ? redirectWithFlash(`${here}#review-${input.reviewId}`, "Your advice is posted.") : result;
    }),
    certify: form(certifySchema, async (input) => {
      const result = await certifyReview({ actor: user, reviewId: input.reviewId, consultationId: consultation.id, outcome: input.outcome });
      if (!result.ok) return result;
      return redirectWithFlash(
        `${here}#review-${input.reviewId}`,
        input.outcome === "agreed" ? "The agreement is certified and recorded." : "The outcome “not agreed” is certified and recorded.",
      );
    }),
  });
}

export type Page = ReturnType<typeof useLoaderData<typeof loader>>;
export type Round = Page["rounds"][number];

export default function DugReviewPage() {
  const d = useLoaderData<typeof loader>();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const openResult = useFormReply("open-review");
  return (
    <div className="page dug-page">
      <p className="eyebrow">
        <Link to={base}>Consultation {c.number}</Link> · DUG agreement
      </p>
      <h1>DUG agreement: {c.title}</h1>
      <p className="lead">
        The Direct User Group agrees the implementation plan with the IFM on behalf of the TLD registry operators. Each round reviews one plan version; every
        position, every change of position and the certified record stay public.
      </p>

      {d.viewer.canOpen ? null : <ErrorSummary reply={openResult} idPrefix="open-refused-" />}

      {!c.dugRequired ? (
        <div className="notice" role="note">
          This plan does not need DUG agreement.
        </div>
      ) : null}

      {d.viewer.canOpen ? (
        <section className="staff-panel" aria-labelledby="open-review-heading">
          <h2 id="open-review-heading">Open a DUG review of plan version {d.currentVersion}</h2>
          {d.rounds[0] && !d.rounds[0].outcome ? (
            <p>
              Round {d.rounds[0].round} is still open on plan version {d.rounds[0].planVersion}. Opening a new round closes it as superseded; its positions stay
              on the record.
            </p>
          ) : null}
          <p>Voting members and liaisons are mailed now, and again 48 hours before the deadline if they have not responded.</p>
          <Form method="post" className="form" noValidate>
            <ErrorSummary reply={openResult} />
            <input type="hidden" name="intent" value="open-review" />
            <TextField
              label="Deadline (UTC)"
              name="deadline"
              type="datetime-local"
              defaultValue={openResult?.values.deadline ?? d.defaultDeadline}
              error={openResult?.errors.deadline}
              hint="At least 24 hours from now. If the rule is not met by then, the round lapses."
            />
            <div className="actions">
              <button type="submit">Open review round {(d.rounds[0]?.round ?? 0) + 1}</button>
            </div>
          </Form>
        </section>
      ) : d.viewer.openRefusal && c.dugRequired ? (
        <p className="muted">{d.viewer.openRefusal}</p>
      ) : null}

      <section className="dug-rule" aria-labelledby="rule-heading">
        <h2 id="rule-heading">How the DUG decides</h2>
        <ul>
          {d.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <p className="muted small">
          Positions: {POSITIONS.map((p) => `${POSITION_LABELS[p]} — ${POSITION_HINTS[p]}`).join(" ")} See <Link to="/dug">the roster</Link>.
        </p>
      </section>

      {d.rounds.length === 0 ? <p>{c.dugRequired ? "No DUG review has been opened yet." : null}</p> : null}
      {d.rounds.map((r) => (
        <RoundSection key={r.id} round={r} page={d} />
      ))}

      <HistoryList entries={d.history} heading="History" headingId="dug-history-heading" className="dug-history" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `DUG agreement · ${d.consultation.title} · IANA Naming Functions Consultations` : "DUG agreement · IANA Naming Functions Consultations" },
];
