import { Link } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcAndLocalTime, UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { OUTCOME_LABELS, POSITION_LABELS, isPosition, type Outcome } from "~/features/dug/rule";
import { plural } from "~/models/plural";
import { PositionForm, AdviceForm, CertifyForm } from "./round-forms";
import type { Page, Round } from "./route";

export const positionLabel = (p: string) => (isPosition(p) ? POSITION_LABELS[p] : p);
export const POSITION_BADGE: Record<string, string> = {
  agree: "badge-ok",
  agree_with_conditions: "badge-ok",
  object: "badge-bad",
  abstain: "badge-muted",
  recuse: "badge-muted",
};
export const OUTCOME_BADGE: Record<Outcome, string> = { agreed: "badge-ok", not_agreed: "badge-bad", lapsed: "badge-warn", superseded: "badge-muted" };

export function RoundSection({ round: r, page: d }: { round: Round; page: Page }) {
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
            {r.rule.recorded} of {plural(r.rule.seated, { one: "# voting member", other: "# voting members" })}{" "}
            {plural(r.rule.recorded, { one: "has", other: "have" })} recorded a position (quorum: {r.rule.quorumNeeded});{" "}
            {plural(r.rule.agreeing, { one: "# agrees", other: "# agree" })} of {r.rule.deciding} not recused (needed: {r.rule.agreeNeeded});{" "}
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
        <DataTable label={`Positions in round ${r.round}`} columns={["Member", "Position", "Rationale and conditions", "Recorded"]} className="dug-positions">
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
                    <summary>{plural(p.earlier.length, { one: "# earlier position", other: "# earlier positions" })}</summary>
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
        </DataTable>
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
