import { Form } from "@remix-run/react";
import type { FormReply } from "~/validation/form";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/field";

type Values = { name?: string; kind?: string; website?: string | null; tlds?: string };

/** The organisation fields, shared by the create and edit pages. */
export function OrganisationForm({ values, reply, submitLabel }: { values: Values; reply?: FormReply; submitLabel: string }) {
  const errors = reply?.errors;
  return (
    <Form method="post" className="form" noValidate>
      <ErrorSummary reply={reply} />
      <TextField label="Name" name="name" required defaultValue={values.name ?? ""} error={errors?.name} />
      <SelectField
        label="Kind of operator"
        name="kind"
        defaultValue={values.kind ?? ""}
        error={errors?.kind}
        options={[
          { value: "", label: "Choose…" },
          { value: "cctld", label: "ccTLD manager (country code)" },
          { value: "gtld", label: "gTLD registry (generic)" },
        ]}
      />
      <TextField
        label="TLDs it runs"
        name="tlds"
        defaultValue={values.tlds ?? ""}
        error={errors?.tlds}
        hint="Separated by spaces or commas, for example “.nz .kiwi”."
      />
      <TextField label="Website (optional)" name="website" type="url" defaultValue={values.website ?? ""} error={errors?.website} />
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
