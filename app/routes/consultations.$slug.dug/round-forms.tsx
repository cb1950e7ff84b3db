import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { describedBy, TextArea } from "~/components/field";
import { POSITIONS } from "~/features/dug/rule";
import { useT } from "~/i18n/t";
import type { FormReply } from "~/validation/form";
import type { Round } from "./route";

export function PositionForm({ round: r, mine, result }: { round: Round; mine?: Round["positions"][number]; result?: FormReply }) {
  const id = (name: string) => `${name}-${r.round}`;
  const chosen = result?.values.position ?? mine?.position ?? "";
  const errors = result?.errors ?? {};
  const t = useT();
  return (
    <section className="dug-form" aria-labelledby={id("position-heading")}>
      <h3 id={id("position-heading")}>{mine ? t("dug.form.changeHeading") : t("dug.form.recordHeading")}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary
          reply={result}
          idPrefix={`round-${r.round}-`}
          fieldIds={{ position: `position-${r.round}-${POSITIONS[0]}`, rationale: id("rationale"), conditions: id("conditions") }}
        />
        <input type="hidden" name="intent" value="position" />
        <input type="hidden" name="reviewId" value={r.id} />
        <fieldset className="field" aria-describedby={describedBy(id("position"), errors.position)}>
          <legend>{t("dug.form.yourPosition")}</legend>
          {errors.position ? (
            <p className="field-error" id={`${id("position")}-error`}>
              <span className="visually-hidden">{t("shell.form.errorPrefix")}</span>
              {errors.position}
            </p>
          ) : null}
          <div className="dug-choices">
            {POSITIONS.map((p) => (
              <label key={p} className="dug-choice">
                <input type="radio" name="position" id={`position-${r.round}-${p}`} value={p} defaultChecked={chosen === p} />
                <span>
                  <strong>{t(`dug.position.${p}`)}</strong>
                  <span className="hint"> {t(`dug.positionHint.${p}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea
          label={t("dug.form.rationale")}
          name="rationale"
          id={id("rationale")}
          rows={4}
          defaultValue={result?.values.rationale ?? mine?.rationale ?? ""}
          error={errors.rationale}
          hint={t("dug.form.rationaleHint")}
        />
        <TextArea
          label={t("dug.form.conditions")}
          name="conditions"
          id={id("conditions")}
          rows={3}
          defaultValue={result?.values.conditions ?? mine?.conditions ?? ""}
          error={errors.conditions}
          hint={t("dug.form.conditionsHint")}
        />
        <div className="actions">
          <button type="submit">{mine ? t("dug.form.change") : t("dug.form.record")}</button>
        </div>
      </Form>
    </section>
  );
}

export function AdviceForm({ round: r, result }: { round: Round; result?: FormReply }) {
  const errors = result?.errors ?? {};
  const t = useT();
  return (
    <section className="dug-form" aria-labelledby={`advice-heading-${r.round}`}>
      <h3 id={`advice-heading-${r.round}`}>{t("dug.form.adviceHeading")}</h3>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`round-${r.round}-`} fieldIds={{ bodyMd: `advice-${r.round}` }} />
        <input type="hidden" name="intent" value="advice" />
        <input type="hidden" name="reviewId" value={r.id} />
        <TextArea
          label={t("dug.form.advice")}
          name="bodyMd"
          id={`advice-${r.round}`}
          rows={5}
          defaultValue={result?.values.bodyMd ?? ""}
          error={errors.bodyMd}
          hint={t("dug.form.adviceHint")}
        />
        <div className="actions">
          <button type="submit">{t("dug.form.postAdvice")}</button>
        </div>
      </Form>
    </section>
  );
}

export function CertifyForm({ round: r, result }: { round: Round; result?: FormReply }) {
  const t = useT();
  return (
    <section className="dug-form staff-panel" aria-labelledby={`certify-heading-${r.round}`}>
      <h3 id={`certify-heading-${r.round}`}>{t("dug.form.certifyHeading")}</h3>
      <p>
        {t("dug.form.certifyExplained", { round: r.round })}
        {r.rule && !r.rule.agreed ? t("dug.form.certifyNotMet", { needs: r.rule.needs.join(t("dug.list.needsSeparator")) }) : null}
      </p>
      <ErrorSummary reply={result} idPrefix={`certify-${r.round}-`} />
      <Form method="post" noValidate className="actions">
        <input type="hidden" name="intent" value="certify" />
        <input type="hidden" name="reviewId" value={r.id} />
        <button type="submit" name="outcome" value="agreed">
          {t("dug.form.certifyAgreed")}
        </button>
        <button type="submit" name="outcome" value="not_agreed" className="secondary">
          {t("dug.form.certifyNotAgreed")}
        </button>
      </Form>
    </section>
  );
}
