import { AFFECTED, BASES, CATEGORIES, type Milestone } from "~/features/consultations/fields";
import { useFieldLabels } from "~/features/consultations/field-labels";
import { useT } from "~/i18n/t";
import { SelectField, TextArea, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { Form } from "@remix-run/react";

export type DraftValues = Record<string, string | undefined>;

export function timelineText(timeline: Milestone[]): string {
  return timeline.map((m) => `${m.date} ${m.label}`).join("\n");
}

/**
 * The form of a draft plan (create and edit): its fields, filled from the refused reply or else
 * from `initial`, and the buttons that post `intents.save` and `intents.preview`.
 */
export function DraftForm({ intents, initial }: { intents: { save: string; preview: string }; initial: DraftValues }) {
  const reply = useFormReply([intents.save, intents.preview]);
  const t = useT();
  return (
    <Form method="post" className="form wide" noValidate>
      <ErrorSummary reply={reply} />
      <DraftFields values={reply?.values ?? initial} errors={reply?.errors} preview={reply?.preview} />
      <div className="actions">
        <button type="submit" name="intent" value={intents.save}>
          {t("consultations.draft.save")}
        </button>
        <button type="submit" name="intent" value={intents.preview} className="secondary">
          {t("consultations.draft.preview")}
        </button>
      </div>
    </Form>
  );
}

/** The fields of a draft plan, inside DraftForm. */
function DraftFields({ values, errors, preview }: { values: DraftValues; errors?: Record<string, string>; preview?: string | null }) {
  const t = useT();
  const labels = useFieldLabels();
  const opts = (list: readonly string[], label: (value: string) => string) => [
    { value: "", label: t("consultations.draft.choose") },
    ...list.map((v) => ({ value: v, label: label(v) })),
  ];
  return (
    <>
      <TextField label={t("consultations.draft.title")} name="title" required defaultValue={values.title ?? ""} error={errors?.title} />
      <TextArea
        label={t("consultations.draft.summary")}
        name="summary"
        rows={3}
        required
        defaultValue={values.summary ?? ""}
        error={errors?.summary}
        hint={t("consultations.draft.summaryHint")}
      />
      <MarkdownEditor
        label={t("consultations.draft.plan")}
        name="bodyMd"
        kind="plan"
        rows={20}
        required
        defaultValue={values.bodyMd ?? ""}
        error={errors?.bodyMd}
        serverPreview={preview}
        hint={t("consultations.draft.planHint")}
      />
      <div className="field-row">
        <SelectField
          label={t("consultations.draft.category")}
          name="category"
          defaultValue={values.category ?? ""}
          error={errors?.category}
          options={opts(CATEGORIES, labels.category)}
        />
        <SelectField
          label={t("consultations.draft.affected")}
          name="affected"
          defaultValue={values.affected ?? ""}
          error={errors?.affected}
          options={opts(AFFECTED, labels.affected)}
        />
      </div>
      <SelectField
        label={t("consultations.draft.basis")}
        name="basis"
        defaultValue={values.basis ?? "technical"}
        error={errors?.basis}
        options={BASES.map((b) => ({ value: b, label: labels.basis(b) }))}
        hint={t("consultations.draft.basisHint")}
      />
      <div className="checkbox">
        <input type="checkbox" id="dugRequired" name="dugRequired" defaultChecked={values.dugRequired === "on"} />
        <label htmlFor="dugRequired">{t("consultations.draft.dugRequired")}</label>
      </div>
      <TextArea
        label={t("consultations.draft.timeline")}
        name="timeline"
        rows={5}
        defaultValue={values.timeline ?? ""}
        error={errors?.timeline}
        hint={t("consultations.draft.timelineHint")}
      />
      <div className="field-row">
        <TextField
          label={t("consultations.draft.contactName")}
          name="contactName"
          required
          defaultValue={values.contactName ?? ""}
          error={errors?.contactName}
        />
        <TextField
          label={t("consultations.draft.contactEmail")}
          name="contactEmail"
          type="email"
          required
          defaultValue={values.contactEmail ?? ""}
          error={errors?.contactEmail}
        />
      </div>
      <TextField
        label={t("consultations.draft.slug")}
        name="slug"
        defaultValue={values.slug ?? ""}
        error={errors?.slug}
        hint={t("consultations.draft.slugHint")}
      />
    </>
  );
}
