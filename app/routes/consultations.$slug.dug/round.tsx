import { Link } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { UtcAndLocalTime, UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import type { Outcome } from "~/features/dug/rule";
import { usePositionLabel } from "~/features/dug/labels";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { PositionForm, AdviceForm, CertifyForm } from "./round-forms";
import type { Page, Round } from "./route";

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
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const positionLabel = usePositionLabel();
  const shows = { position: canAct && d.viewer.seat === "voting", advice: canAct && d.viewer.seat === "liaison", certify: isOpen && d.viewer.isChair };
  // A refusal whose form is no longer shown (the round closed, the seat ended) is shown at the round's top.
  const orphan = [shows.position ? undefined : positionReply, shows.advice ? undefined : adviceReply, shows.certify ? undefined : certifyReply].find(Boolean);
  const separator = t("dug.list.namesSeparator");
  return (
    <section className="dug-round" id={`review-${r.id}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {rich("dug.round.heading", { round: r.round, version: r.planVersion, anchor: (chunks) => <span id={`round-${r.round}`}>{chunks}</span> })}{" "}
        {r.outcome ? (
          <span className={`badge ${OUTCOME_BADGE[r.outcome]}`}>{t(`dug.outcome.${r.outcome}`)}</span>
        ) : (
          <span className="badge badge-info">{t("dug.round.open")}</span>
        )}
      </h2>
      <ErrorSummary reply={orphan} idPrefix={`round-${r.round}-refused-`} />
      <dl className="facts">
        <dt>{t("dug.round.opened")}</dt>
        <dd>{rich("dug.round.openedBy", { time: <UtcTime value={r.openedAt} />, name: <bdi>{r.openedBy}</bdi> })}</dd>
        <dt>{t("dug.round.deadline")}</dt>
        <dd>
          <UtcAndLocalTime value={r.deadline} />
          {isOpen && r.deadlinePassed ? t("dug.round.deadlinePassed") : null}
        </dd>
        <dt>{t("dug.round.planReviewed")}</dt>
        <dd>
          {rich("dug.round.planVersion", {
            version: r.planVersion,
            link: (chunks) => <Link to={`/consultations/${d.consultation.slug}?version=${r.planVersion}`}>{chunks}</Link>,
            hash: () => <code className="hash">{r.planHash}</code>,
          })}
        </dd>
      </dl>

      {r.outdated ? (
        <div className="notice notice-warn" role="note">
          {t("dug.round.outdated", { version: r.planVersion, current: d.currentVersion })}{" "}
          {isOpen ? t("dug.round.outdatedOpen") : t("dug.round.outdatedClosed")}
        </div>
      ) : null}

      {r.rule ? (
        <div className={`dug-status ${r.rule.agreed ? "dug-status-met" : r.rule.blocked ? "dug-status-blocked" : ""}`} role="status">
          <p className="dug-status-summary">
            {r.rule.agreed
              ? rich("dug.round.ruleMet", { strong: (chunks) => <strong>{chunks}</strong> })
              : rich("dug.round.stillNeeds", { strong: (chunks) => <strong>{chunks}</strong>, needs: r.rule.needs.join(t("dug.list.needsSeparator")) })}
          </p>
          <p className="muted small no-margin">
            {t("dug.round.tally", {
              recorded: r.rule.recorded,
              seated: r.rule.seated,
              quorum: r.rule.quorumNeeded,
              agreeing: r.rule.agreeing,
              deciding: r.rule.deciding,
              needed: r.rule.agreeNeeded,
              objections: r.rule.objections,
            })}
          </p>
        </div>
      ) : null}

      {r.record ? (
        <div className={`dug-record dug-record-${r.outcome}`}>
          <h3>{t("dug.round.record")}</h3>
          <p className="dug-record-statement">{r.record.statement}</p>
          {r.certifiedBy ? <p>{rich("dug.round.certifiedBy", { name: <bdi>{r.certifiedBy}</bdi> })}</p> : null}
          {r.record.conditions.length ? (
            <>
              <h4>{t("dug.round.conditions")}</h4>
              <ol>
                {r.record.conditions.map((cond, i) => (
                  <li key={i} dir="auto">
                    {cond}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <p>
            {rich("dug.round.recordHash", { hash: () => <code className="hash">{r.record!.hash}</code> })}{" "}
            {r.record.hashValid ? (
              <span className="badge badge-ok">{t("dug.round.hashMatches")}</span>
            ) : (
              <span className="badge badge-bad">{t("dug.round.hashDiffers")}</span>
            )}
          </p>
          <details>
            <summary>{t("dug.round.recordJson")}</summary>
            <pre className="dug-record-json" {...english}>
              {r.record.json}
            </pre>
          </details>
        </div>
      ) : null}

      <h3>{t("dug.round.positions")}</h3>
      {r.positions.length ? (
        <DataTable
          label={t("dug.round.positionsTable", { round: r.round })}
          columns={[t("dug.round.columnMember"), t("dug.round.columnPosition"), t("dug.round.columnRationale"), t("dug.round.columnRecorded")]}
          className="dug-positions"
        >
          {r.positions.map((p) => (
            <tr key={p.userId}>
              <th scope="row">
                <bdi>{p.name}</bdi>
                {p.organisation ? (
                  <span className="muted small">
                    {" "}
                    · <bdi>{p.organisation}</bdi>
                  </span>
                ) : null}
                {!p.seated && isOpen ? <span className="muted small">{t("dug.round.notSeated")}</span> : null}
              </th>
              <td>
                <span className={`badge ${POSITION_BADGE[p.position] ?? "badge-muted"}`}>{positionLabel(p.position)}</span>
              </td>
              <td>
                {p.rationale ? (
                  <p className="no-margin" dir="auto">
                    {p.rationale}
                  </p>
                ) : (
                  <span className="muted">{t("dug.round.noRationale")}</span>
                )}
                {p.conditions ? (
                  <p className="dug-conditions">
                    {rich("dug.round.positionConditions", { strong: (chunks) => <strong>{chunks}</strong>, conditions: <bdi>{p.conditions}</bdi> })}
                  </p>
                ) : null}
                {p.earlier.length ? (
                  <details className="dug-earlier">
                    <summary>{t("dug.round.earlier", { count: p.earlier.length })}</summary>
                    <ol>
                      {p.earlier.map((e) => (
                        <li key={e.id}>
                          {rich("dug.round.earlierItem", {
                            time: <UtcTime value={e.recordedAt} />,
                            position: positionLabel(e.position),
                            strong: (chunks) => <strong>{chunks}</strong>,
                          })}
                          {e.rationale ? (
                            <>
                              {" — "}
                              <bdi>{e.rationale}</bdi>
                            </>
                          ) : null}
                          {e.conditions ? rich("dug.round.earlierConditions", { conditions: <bdi>{e.conditions}</bdi> }) : null}
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
        <p className="muted">{t("dug.round.noPositions")}</p>
      )}
      {r.waiting.length ? <p className="muted">{rich("dug.round.waiting", { names: <bdi>{r.waiting.join(separator)}</bdi> })}</p> : null}

      <h3>{t("dug.round.advice")}</h3>
      {r.advice.length ? (
        <ul className="dug-advice">
          {r.advice.map((a) => (
            <li key={a.id}>
              <p className="no-margin">
                <strong>
                  <bdi>{a.name}</bdi>
                </strong>
                {a.from ? <span className="muted">{rich("dug.round.adviceFrom", { from: <bdi>{a.from}</bdi> })}</span> : null} · <UtcTime value={a.createdAt} />
              </p>
              <div className="prose" dir="auto" dangerouslySetInnerHTML={{ __html: a.html }} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("dug.round.noAdvice")}</p>
      )}

      {shows.position ? <PositionForm round={r} mine={mine} result={positionReply} /> : null}
      {shows.advice ? <AdviceForm round={r} result={adviceReply} /> : null}
      {shows.certify ? <CertifyForm round={r} result={certifyReply} /> : null}
      {canAct && !d.viewer.signedIn ? (
        <p className="muted small">
          {rich("dug.round.signIn", {
            link: (chunks) => <Link to={`/login?redirectTo=${encodeURIComponent(`/consultations/${d.consultation.slug}/dug`)}`}>{chunks}</Link>,
          })}
        </p>
      ) : null}
    </section>
  );
}
