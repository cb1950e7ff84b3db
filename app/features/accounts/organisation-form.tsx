import { Form } from "@remix-run/react";
import type { FormReply } from "~/validation/form";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/field";
import { useT } from "~/i18n/t";

type Values = { name?: string; kind?: string; website?: string | null; tlds?: string };

/** The organisation fields, shared by the create and edit pages. */
export function OrganisationForm({ values, reply, submitLabel }: { values: Values; reply?: FormReply; submitLabel: string }) {
  const t = useT();
  const errors = reply?.errors;
  return (
    <Form method="post" className="form" noValidate>
      <ErrorSummary reply={reply} />
      <TextField label={t("accounts.organisation.name")} name="name" required defaultValue={values.name ?? ""} error={errors?.name} />
      <SelectField
        label={t("accounts.organisation.kind")}
        name="kind"
        defaultValue={values.kind ?? ""}
        error={errors?.kind}
        options={[
          { value: "", label: t("accounts.organisation.choose") },
          { value: "cctld", label: t("accounts.organisation.kindOption.cctld") },
          { value: "gtld", label: t("accounts.organisation.kindOption.gtld") },
        ]}
      />
      <TextField
        label={t("accounts.organisation.tlds")}
        name="tlds"
        defaultValue={values.tlds ?? ""}
        error={errors?.tlds}
        hint={t("accounts.organisation.tldsHint")}
      />
      <TextField label={t("accounts.organisation.website")} name="website" type="url" defaultValue={values.website ?? ""} error={errors?.website} />
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
