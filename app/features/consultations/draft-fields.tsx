import { AFFECTED, AFFECTED_LABELS, BASES, BASIS_LABELS, CATEGORIES, CATEGORY_LABELS, type Milestone } from "~/features/consultations/fields";
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
  return (
    <Form method="post" className="form wide" noValidate>
      <ErrorSummary reply={reply} />
      <DraftFields values={reply?.values ?? initial} errors={reply?.errors} preview={reply?.preview} />
      <div className="actions">
        <button type="submit" name="intent" value={intents.save}>
          Save draft
        </button>
        <button type="submit" name="intent" value={intents.preview} className="secondary">
          Preview
        </button>
      </div>
    </Form>
  );
}

/** The fields of a draft plan, inside DraftForm. */
function DraftFields({ values, errors, preview }: { values: DraftValues; errors?: Record<string, string>; preview?: string | null }) {
  const opts = <T extends string>(list: readonly T[], labels: Record<T, string>) => [
    { value: "", label: "Choose…" },
    ...list.map((v) => ({ value: v, label: labels[v] })),
  ];
  return (
    <>
      <TextField label="Title" name="title" required defaultValue={values.title ?? ""} error={errors?.title} />
      <TextArea
        label="Short summary"
        name="summary"
        rows={3}
        required
        defaultValue={values.summary ?? ""}
        error={errors?.summary}
        hint="Two or three sentences: shown in lists, feeds and mails."
      />
      <MarkdownEditor
        label="Implementation plan"
        name="bodyMd"
        kind="plan"
        rows={20}
        required
        defaultValue={values.bodyMd ?? ""}
        error={errors?.bodyMd}
        serverPreview={preview}
        hint="Use ## headings for sections: each becomes an anchor readers can comment on."
      />
      <div className="field-row">
        <SelectField
          label="Category"
          name="category"
          defaultValue={values.category ?? ""}
          error={errors?.category}
          options={opts(CATEGORIES, CATEGORY_LABELS)}
        />
        <SelectField
          label="Who is affected"
          name="affected"
          defaultValue={values.affected ?? ""}
          error={errors?.affected}
          options={opts(AFFECTED, AFFECTED_LABELS)}
        />
      </div>
      <SelectField
        label="Basis of the change"
        name="basis"
        defaultValue={values.basis ?? "technical"}
        error={errors?.basis}
        options={BASES.map((b) => ({ value: b, label: BASIS_LABELS[b] }))}
        hint="Changes that result from ICANN policy processes follow the bylaws and are not consulted on here."
      />
      <div className="checkbox">
        <input type="checkbox" id="dugRequired" name="dugRequired" defaultChecked={values.dugRequired === "on"} />
        <label htmlFor="dugRequired">The DUG must agree this plan on behalf of the TLD registry operators</label>
      </div>
      <TextArea
        label="Proposed implementation timeline"
        name="timeline"
        rows={5}
        defaultValue={values.timeline ?? ""}
        error={errors?.timeline}
        hint="One milestone per line: a date, then what happens. For example “2027-03-01 New key published”."
      />
      <div className="field-row">
        <TextField label="Contact name" name="contactName" required defaultValue={values.contactName ?? ""} error={errors?.contactName} />
        <TextField label="Contact email" name="contactEmail" type="email" required defaultValue={values.contactEmail ?? ""} error={errors?.contactEmail} />
      </div>
      <TextField
        label="Address (optional)"
        name="slug"
        defaultValue={values.slug ?? ""}
        error={errors?.slug}
        hint="The last part of the page's address, e.g. ksk-algorithm-rollover. Made from the title when empty."
      />
    </>
  );
}
