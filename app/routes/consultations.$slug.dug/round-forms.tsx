import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { describedBy, TextArea } from "~/components/field";
import { POSITION_HINTS, POSITION_LABELS, POSITIONS } from "~/features/dug/rule";
import type { FormReply } from "~/validation/form";
import type { Round } from "./route";

export function PositionForm({ round: r, mine, result }: { round: Round; mine?: Round["positions"][number]; result?: FormReply }) {
  const id = (name: string) => `${name}-${r.round}`;
  const chosen = result?.values.position ?? mine?.position ?? "";
  const errors = result?.errors ?? {};
  return (
    <section className="dug-form" aria-labelledby={id("position-heading")}>
      <h3 id={id("position-heading")}>{mine ? "Change your position" : "Record your position"}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary
          reply={result}
          idPrefix={`round-${r.round}-`}
          fieldIds={{ position: `position-${r.round}-${POSITIONS[0]}`, rationale: id("rationale"), conditions: id("conditions") }}
        />
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

export function AdviceForm({ round: r, result }: { round: Round; result?: FormReply }) {
  const errors = result?.errors ?? {};
  return (
    <section className="dug-form" aria-labelledby={`advice-heading-${r.round}`}>
      <h3 id={`advice-heading-${r.round}`}>Post advice (non-voting)</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`round-${r.round}-`} fieldIds={{ bodyMd: `advice-${r.round}` }} />
        <input type="hidden" name="intent" value="advice" />
        <input type="hidden" name="reviewId" value={r.id} />
        <TextArea
          label="Your advice"
          name="bodyMd"
          id={`advice-${r.round}`}
          rows={5}
          defaultValue={result?.values.bodyMd ?? ""}
          error={errors.bodyMd}
          hint="Markdown. Public, shown apart from the members' positions."
        />
        <div className="actions">
          <button type="submit">Post advice</button>
        </div>
      </Form>
    </section>
  );
}

export function CertifyForm({ round: r, result }: { round: Round; result?: FormReply }) {
  return (
    <section className="dug-form staff-panel" aria-labelledby={`certify-heading-${r.round}`}>
      <h3 id={`certify-heading-${r.round}`}>Certify the outcome (chair)</h3>
      <p>
        Certifying writes the permanent agreement record of round {r.round}: the plan version and its hash, every standing position and the conditions. It
        cannot be changed afterwards.
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
