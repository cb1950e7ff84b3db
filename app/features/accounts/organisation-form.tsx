import { Form } from "@remix-run/react";
import type { FormReply } from "~/validation/form";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/field";
import { useT } from "~/i18n/t";

type Values = { name?: string; kind?: string; website?: string | null; tlds?: string };

/** The organisation fields, shared by the create and edit pages. */
export function OrganisationForm({ values, reply, submitLabel }: { values: Values; reply?: FormReply; submitLabel: string }) {
  const errors = reply?.errors;
  const t = useT();
  return (
    <Form method="post" className="form" noValidate>
      <ErrorSummary reply={reply} />
      <TextField label={t("admin.organisationForm.name")} name="name" required defaultValue={values.name ?? ""} error={errors?.name} />
      <SelectField
        label={t("admin.organisationForm.kind")}
        name="kind"
        defaultValue={values.kind ?? ""}
        error={errors?.kind}
        options={[
          { value: "", label: t("admin.organisationForm.choose") },
          { value: "cctld", label: t("admin.organisationForm.cctld") },
          { value: "gtld", label: t("admin.organisationForm.gtld") },
        ]}
      />
      <TextField
        label={t("admin.organisationForm.tlds")}
        name="tlds"
        defaultValue={values.tlds ?? ""}
        error={errors?.tlds}
        hint={t("admin.organisationForm.tldsHint")}
      />
      <TextField label={t("admin.organisationForm.website")} name="website" type="url" defaultValue={values.website ?? ""} error={errors?.website} />
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
