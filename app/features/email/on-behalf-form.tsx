import { Form } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField } from "~/components/field";

/** The representative's confirmation that their comment sent by mail speaks for their organisation. */
export function OnBehalfForm({ commentId, organisations }: { commentId: string; organisations: { organisationId: string; name: string }[] }) {
  const reply = useFormReply("on-behalf");
  return (
    <section className="comment-form-panel" id="on-behalf" aria-labelledby="on-behalf-heading">
      <h2 id="on-behalf-heading">Post on behalf of your organisation</h2>
      <p className="hint">
        You sent this comment by email, so it is posted as your own. You may confirm here that it speaks for the organisation you represent.
      </p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} idPrefix="on-behalf-" />
        <input type="hidden" name="intent" value="on-behalf" />
        <input type="hidden" name="commentId" value={commentId} />
        <SelectField
          label="Organisation"
          name="organisationId"
          id="on-behalf-organisationId"
          defaultValue={reply?.values.organisationId ?? organisations[0]?.organisationId}
          error={reply?.errors.organisationId}
          options={organisations.map((o) => ({ value: o.organisationId, label: o.name }))}
        />
        <div className="actions">
          <button type="submit">Post on behalf of this organisation</button>
        </div>
      </Form>
    </section>
  );
}
