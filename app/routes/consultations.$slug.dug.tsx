import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { describedBy, TextArea, TextField } from "~/components/field";
import { UtcAndLocalTime, UtcTime } from "~/components/time";
import { TableRegion } from "~/components/table-region";
import { findConsultationRef } from "~/features/consultations/consultation.server";
import { certifyReview, getDugPage, openReview, postAdvice, recordPosition } from "~/features/dug/review.server";
import { OUTCOME_LABELS, POSITION_HINTS, POSITION_LABELS, POSITIONS, isPosition, type Outcome } from "~/features/dug/rule";
import { isStaff } from "~/models/roles";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { adviceSchema, certifySchema, openReviewSchema, positionSchema } from "~/features/dug/validation";
import type { FormReply } from "~/validation/form";
import { plural } from "~/models/plural";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const page = await getDugPage({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) } });
  if (!page) notFound("There is no consultation at this address.");
  return { ...page, viewerId: user?.id ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const staff = isStaff(user);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: staff } });
  if (!consultation) notFound("There is no consultation at this address.");
  const here = `/consultations/${consultation.slug}/dug`;

  return handleForm(request, {
    "open-review": form(openReviewSchema, async (input) => {
      if (!staff) return { ok: false, status: 403, message: "Only IFM staff can open a DUG review." };
      const result = await openReview({ actor: user, consultationId: consultation.id, deadline: input.deadline });
      if (!result.ok) return result;
      const superseded = result.superseded ? ` Round ${result.superseded} is closed as superseded.` : "";
      return redirectWithFlash(`${here}#round-${result.round}`, `DUG review round ${result.round} is open. Voting members and liaisons are notified.${superseded}`);
    }),
    position: form(positionSchema, async ({ reviewId, ...input }) => {
      const result = await recordPosition({ actor: user, reviewId, consultationId: consultation.id, input });
      if (!result.ok) return result;
      return redirectWithFlash(`${here}#review-${reviewId}`, result.changed ? "Your position is recorded." : "Your position was already recorded; nothing changed.");
    }),
    advice: form(adviceSchema, async (input) => {
      const result = await postAdvice({ actor: user, reviewId: input.reviewId, consultationId: consultation.id, bodyMd: input.bodyMd });
      return result.ok ? redirectWithFlash(`${here}#review-${input.reviewId}`, "Your advice is posted.") : result;
    }),
    certify: form(certifySchema, async (input) => {
      const result = await certifyReview({ actor: user, reviewId: input.reviewId, consultationId: consultation.id, outcome: input.outcome });
      if (!result.ok) return result;
      return redirectWithFlash(`${here}#review-${input.reviewId}`, input.outcome === "agreed" ? "The agreement is certified and recorded." : "The outcome “not agreed” is certified and recorded.");
    }),
  });
}

const positionLabel = (p: string) => (isPosition(p) ? POSITION_LABELS[p] : p);
const POSITION_BADGE: Record<string, string> = {
  agree: "badge-ok",
  agree_with_conditions: "badge-ok",
  object: "badge-bad",
  abstain: "badge-muted",
  recuse: "badge-muted",
};
const OUTCOME_BADGE: Record<Outcome, string> = { agreed: "badge-ok", not_agreed: "badge-bad", lapsed: "badge-warn", superseded: "badge-muted" };

const toInput = (d: Date) => d.toISOString().slice(0, 16);

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type Round = Page["rounds"][number];

export default function DugReviewPage() {
  const d = useLoaderData<typeof loader>();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const openResult = useFormReply("open-review");
  const defaultDeadline = toInput(new Date(Date.now() + 14 * 86_400_000)).slice(0, 11) + "12:00";
  return (
    <div className="page dug-page">
      <p className="eyebrow">
        <Link to={base}>Consultation {c.number}</Link> · DUG agreement
      </p>
      <h1>DUG agreement: {c.title}</h1>
      <p className="lead">
        The Direct User Group agrees the implementation plan with the IFM on behalf of the TLD registry operators. Each round
        reviews one plan version; every position, every change of position and the certified record stay public.
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
              Round {d.rounds[0].round} is still open on plan version {d.rounds[0].planVersion}. Opening a new round closes it as
              superseded; its positions stay on the record.
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
              defaultValue={openResult?.values.deadline ?? defaultDeadline}
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

      {d.history.length ? (
        <section aria-labelledby="dug-history-heading">
          <h2 id="dug-history-heading">History</h2>
          <ol className="dug-history">
            {d.history.map((h) => (
              <li key={h.id}>
                <UtcTime value={h.at} /> — {h.text}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function RoundSection({ round: r, page: d }: { round: Round; page: Page }) {
  // Each round's forms show their own refusals (not a member, already decided, rule not met …).
  const ofThisRound = (values: Record<string, string>) => values.reviewId === r.id;
  const positionReply = useFormReply("position", ofThisRound);
  const adviceReply = useFormReply("advice", ofThisRound);
  const certifyReply = useFormReply("certify", ofThisRound);
  const isOpen = !r.outcome;
  const canAct = isOpen && !r.deadlinePassed;
  const mine = d.viewerId ? r.positions.find((p) => p.userId === d.viewerId) : undefined;
  const headingId = `round-${r.round}-heading`;
  const shows = { position: canAct && d.viewer.seat === "voting", advice: canAct && d.viewer.seat === "liaison", certify: isOpen && d.viewer.isChair };
  // A refusal whose form is no longer shown (the round closed, the seat ended) is shown at the round's top.
  const orphan = [shows.position ? undefined : positionReply, shows.advice ? undefined : adviceReply, shows.certify ? undefined : certifyReply].find(Boolean);
  return (
    <section className="dug-round" id={`review-${r.id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span id={`round-${r.round}`}>Round {r.round}</span> · plan version {r.planVersion}{" "}
        {r.outcome ? <span className={`badge ${OUTCOME_BADGE[r.outcome]}`}>{OUTCOME_LABELS[r.outcome]}</span> : <span className="badge badge-info">Open</span>}
      </h2>
      <ErrorSummary reply={orphan} idPrefix={`round-${r.round}-refused-`} />
      <dl className="facts">
        <dt>Opened</dt>
        <dd>
          <UtcTime value={r.openedAt} /> by {r.openedBy} (IFM)
        </dd>
        <dt>Deadline</dt>
        <dd>
          <UtcAndLocalTime value={r.deadline} />
          {isOpen && r.deadlinePassed ? " — passed; waiting for the chair or the scheduler" : null}
        </dd>
        <dt>Plan reviewed</dt>
        <dd>
          <Link to={`/consultations/${d.consultation.slug}?version=${r.planVersion}`}>Version {r.planVersion}</Link>, SHA-256{" "}
          <code className="hash">{r.planHash}</code>
        </dd>
      </dl>

      {r.outdated ? (
        <div className="notice notice-warn" role="note">
          This round reviews plan version {r.planVersion}; the current plan is version {d.currentVersion}.{" "}
          {isOpen ? "It cannot be certified as agreed: the IFM must open a new round for the current version." : "Its outcome applies to that version only."}
        </div>
      ) : null}

      {r.rule ? (
        <div className={`dug-status ${r.rule.agreed ? "dug-status-met" : r.rule.blocked ? "dug-status-blocked" : ""}`} role="status">
          <p className="dug-status-summary">
            <strong>{r.rule.agreed ? "Rule met" : "Still needs"}:</strong> {r.rule.agreed ? "the chair can certify the agreement." : r.rule.needs.join("; ")}
          </p>
          <p className="muted small no-margin">
            {r.rule.recorded} of {plural(r.rule.seated, { one: "# voting member", other: "# voting members" })} {plural(r.rule.recorded, { one: "has", other: "have" })} recorded a position (quorum:{" "}
            {r.rule.quorumNeeded}); {plural(r.rule.agreeing, { one: "# agrees", other: "# agree" })} of {r.rule.deciding} not recused (needed: {r.rule.agreeNeeded});{" "}
            {plural(r.rule.objections, { one: "# objection", other: "# objections" })}.
          </p>
        </div>
      ) : null}

      {r.record ? (
        <div className={`dug-record dug-record-${r.outcome}`}>
          <h3>Agreement record</h3>
          <p className="dug-record-statement">{r.record.statement}</p>
          {r.certifiedBy ? <p>Certified by {r.certifiedBy}, DUG chair.</p> : null}
          {r.record.conditions.length ? (
            <>
              <h4>Conditions</h4>
              <ol>
                {r.record.conditions.map((cond, i) => (
                  <li key={i}>{cond}</li>
                ))}
              </ol>
            </>
          ) : null}
          <p>
            Record SHA-256: <code className="hash">{r.record.hash}</code>{" "}
            {r.record.hashValid ? <span className="badge badge-ok">matches the record</span> : <span className="badge badge-bad">does not match</span>}
          </p>
          <details>
            <summary>The record as JSON (hash it to check)</summary>
            <pre className="dug-record-json">{r.record.json}</pre>
          </details>
        </div>
      ) : null}

      <h3>Positions</h3>
      {r.positions.length ? (
        <TableRegion label={`Positions in round ${r.round}`}>
          <table className="data-table dug-positions">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Position</th>
                <th scope="col">Rationale and conditions</th>
                <th scope="col">Recorded</th>
              </tr>
            </thead>
            <tbody>
              {r.positions.map((p) => (
                <tr key={p.userId}>
                  <th scope="row">
                    {p.name}
                    {p.organisation ? <span className="muted small"> · {p.organisation}</span> : null}
                    {!p.seated && isOpen ? <span className="muted small"> (no longer seated: not counted)</span> : null}
                  </th>
                  <td>
                    <span className={`badge ${POSITION_BADGE[p.position] ?? "badge-muted"}`}>{positionLabel(p.position)}</span>
                  </td>
                  <td>
                    {p.rationale ? <p className="no-margin">{p.rationale}</p> : <span className="muted">No rationale given.</span>}
                    {p.conditions ? (
                      <p className="dug-conditions">
                        <strong>Conditions:</strong> {p.conditions}
                      </p>
                    ) : null}
                    {p.earlier.length ? (
                      <details className="dug-earlier">
                        <summary>
                          {plural(p.earlier.length, { one: "# earlier position", other: "# earlier positions" })}
                        </summary>
                        <ol>
                          {p.earlier.map((e) => (
                            <li key={e.id}>
                              <UtcTime value={e.recordedAt} />: <strong>{positionLabel(e.position)}</strong>
                              {e.rationale ? ` — ${e.rationale}` : null}
                              {e.conditions ? ` Conditions: ${e.conditions}` : null}
                            </li>
                          ))}
                        </ol>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    <UtcTime value={p.recordedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        <p className="muted">No position recorded yet.</p>
      )}
      {r.waiting.length ? <p className="muted">Waiting for: {r.waiting.join(", ")}.</p> : null}

      <h3>Liaison advice (non-voting)</h3>
      {r.advice.length ? (
        <ul className="dug-advice">
          {r.advice.map((a) => (
            <li key={a.id}>
              <p className="no-margin">
                <strong>{a.name}</strong>
                {a.from ? <span className="muted"> · liaison from {a.from}</span> : null} · <UtcTime value={a.createdAt} />
              </p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: a.html }} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No advice posted.</p>
      )}

      {shows.position ? <PositionForm round={r} mine={mine} result={positionReply} /> : null}
      {shows.advice ? <AdviceForm round={r} result={adviceReply} /> : null}
      {shows.certify ? <CertifyForm round={r} result={certifyReply} /> : null}
      {canAct && !d.viewer.signedIn ? (
        <p className="muted small">
          DUG members: <Link to={`/login?redirectTo=${encodeURIComponent(`/consultations/${d.consultation.slug}/dug`)}`}>sign in</Link> to record your position.
        </p>
      ) : null}
    </section>
  );
}

function PositionForm({ round: r, mine, result }: { round: Round; mine?: Round["positions"][number]; result?: FormReply }) {
  const id = (name: string) => `${name}-${r.round}`;
  const chosen = result?.values.position ?? mine?.position ?? "";
  const errors = result?.errors ?? {};
  return (
    <section className="dug-form" aria-labelledby={id("position-heading")}>
      <h3 id={id("position-heading")}>{mine ? "Change your position" : "Record your position"}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`round-${r.round}-`} fieldIds={{ position: `position-${r.round}-${POSITIONS[0]}`, rationale: id("rationale"), conditions: id("conditions") }} />
        <input type="hidden" name="intent" value="position" />
        <input type="hidden" name="reviewId" value={r.id} />
        <fieldset className="field" aria-describedby={describedBy(id("position"), errors.position)}>
          <legend>Your position</legend>
          {errors.position ? (
            <p className="field-error" id={`${id("position")}-error`}>
              <span className="visually-hidden">Error: </span>
              {errors.position}
            </p>
          ) : null}
          <div className="dug-choices">
            {POSITIONS.map((p) => (
              <label key={p} className="dug-choice">
                <input type="radio" name="position" id={`position-${r.round}-${p}`} value={p} defaultChecked={chosen === p} />
                <span>
                  <strong>{POSITION_LABELS[p]}</strong>
                  <span className="hint"> {POSITION_HINTS[p]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea
          label="Rationale (public)"
          name="rationale"
          id={id("rationale")}
          rows={4}
          defaultValue={result?.values.rationale ?? mine?.rationale ?? ""}
          error={errors.rationale}
          hint="Required for an objection."
        />
        <TextArea
          label="Conditions (for “Agree with conditions”)"
          name="conditions"
          id={id("conditions")}
          rows={3}
          defaultValue={result?.values.conditions ?? mine?.conditions ?? ""}
          error={errors.conditions}
          hint="Collected into the agreement record."
        />
        <div className="actions">
          <button type="submit">{mine ? "Change my position" : "Record my position"}</button>
        </div>
      </Form>
    </section>
  );
}

function AdviceForm({ round: r, result }: { round: Round; result?: FormReply }) {
  const errors = result?.errors ?? {};
  return (
    <section className="dug-form" aria-labelledby={`advice-heading-${r.round}`}>
      <h3 id={`advice-heading-${r.round}`}>Post advice (non-voting)</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`round-${r.round}-`} fieldIds={{ bodyMd: `advice-${r.round}` }} />
        <input type="hidden" name="intent" value="advice" />
        <input type="hidden" name="reviewId" value={r.id} />
        <TextArea label="Your advice" name="bodyMd" id={`advice-${r.round}`} rows={5} defaultValue={result?.values.bodyMd ?? ""} error={errors.bodyMd} hint="Markdown. Public, shown apart from the members' positions." />
        <div className="actions">
          <button type="submit">Post advice</button>
        </div>
      </Form>
    </section>
  );
}

function CertifyForm({ round: r, result }: { round: Round; result?: FormReply }) {
  return (
    <section className="dug-form staff-panel" aria-labelledby={`certify-heading-${r.round}`}>
      <h3 id={`certify-heading-${r.round}`}>Certify the outcome (chair)</h3>
      <p>
        Certifying writes the permanent agreement record of round {r.round}: the plan version and its hash, every standing position and
        the conditions. It cannot be changed afterwards.
        {r.rule && !r.rule.agreed ? ` The rule is not met yet (${r.rule.needs.join("; ")}).` : null}
      </p>
      <ErrorSummary reply={result} idPrefix={`certify-${r.round}-`} />
      <Form method="post" noValidate className="actions">
        <input type="hidden" name="intent" value="certify" />
        <input type="hidden" name="reviewId" value={r.id} />
        <button type="submit" name="outcome" value="agreed">
          Certify: agreed
        </button>
        <button type="submit" name="outcome" value="not_agreed" className="secondary">
          Certify: not agreed
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `DUG agreement · ${d.consultation.title} · IANA Naming Functions Consultations` : "DUG agreement · IANA Naming Functions Consultations" },
];

export function ErrorBoundary() {
  return <ErrorPage />;
}
