import { Form } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField } from "~/components/field";
import { useT } from "~/i18n/t";

/** The representative's confirmation that their comment sent by mail speaks for their organisation. */
export function OnBehalfForm({ commentId, organisations }: { commentId: string; organisations: { organisationId: string; name: string }[] }) {
  const reply = useFormReply("on-behalf");
  const t = useT();
  return (
    <section className="comment-form-panel" id="on-behalf" aria-labelledby="on-behalf-heading">
      <h2 id="on-behalf-heading">{t("email.onBehalf.heading")}</h2>
      <p className="hint">{t("email.onBehalf.hint")}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} idPrefix="on-behalf-" />
        <input type="hidden" name="intent" value="on-behalf" />
        <input type="hidden" name="commentId" value={commentId} />
        <SelectField
          label={t("email.onBehalf.organisation")}
          name="organisationId"
          id="on-behalf-organisationId"
          defaultValue={reply?.values.organisationId ?? organisations[0]?.organisationId}
          error={reply?.errors.organisationId}
          options={organisations.map((o) => ({ value: o.organisationId, label: o.name }))}
        />
        <div className="actions">
          <button type="submit">{t("email.onBehalf.submit")}</button>
        </div>
      </Form>
    </section>
  );
}
