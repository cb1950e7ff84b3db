import { SelectField, TextArea, TextField } from "~/components/field";
import { DISPOSITIONS, DISPOSITION_LABELS } from "~/features/statement/content";

export function DispositionFields({
  idPrefix,
  values,
  errors,
  themes,
  checkedThemes,
  versions,
  sections,
}: {
  idPrefix: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  themes: { id: string; name: string }[];
  checkedThemes?: string[];
  versions: number[];
  sections: { id: string; text: string }[];
}) {
  const ticked = (name: string) => (checkedThemes ?? (values?.theme ?? "").split(",")).includes(name);
  return (
    <>
      <fieldset className="disposition-choice" aria-describedby={errors?.disposition ? `${idPrefix}-disposition-error` : undefined}>
        <legend>Disposition</legend>
        {errors?.disposition ? (
          <p className="field-error" id={`${idPrefix}-disposition-error`}>
            {errors.disposition}
          </p>
        ) : null}
        {DISPOSITIONS.map((d) => (
          <label key={d} className="inline-choice">
            <input type="radio" name="disposition" id={`${idPrefix}-disposition-${d}`} value={d} defaultChecked={values?.disposition === d} />{" "}
            {DISPOSITION_LABELS[d]}
          </label>
        ))}
      </fieldset>
      <TextArea
        label="Response (markdown)"
        name="responseMd"
        id={`${idPrefix}-responseMd`}
        rows={3}
        defaultValue={values?.responseMd ?? ""}
        error={errors?.responseMd}
        hint="What was done with the comment, and why. Shown in the statement's table."
      />
      <div className="field-row">
        <SelectField
          label="Changed in plan version"
          name="planVersion"
          id={`${idPrefix}-planVersion`}
          defaultValue={values?.planVersion ?? ""}
          error={errors?.planVersion}
          options={[{ value: "", label: "—" }, ...versions.map((v) => ({ value: String(v), label: `Version ${v}` }))]}
        />
        <SelectField
          label="Section"
          name="sectionId"
          id={`${idPrefix}-sectionId`}
          defaultValue={values?.sectionId ?? ""}
          error={errors?.sectionId}
          options={[{ value: "", label: "—" }, ...sections.map((s) => ({ value: s.id, label: s.text }))]}
        />
      </div>
      <fieldset className="theme-choice">
        <legend>Themes</legend>
        {themes.map((t) => (
          <label key={t.id} className="inline-choice">
            <input type="checkbox" name="theme" value={t.name} defaultChecked={ticked(t.name)} /> {t.name}
          </label>
        ))}
        <TextField
          label="New themes (comma-separated)"
          name="newThemes"
          id={`${idPrefix}-newThemes`}
          defaultValue={values?.newThemes ?? ""}
          error={errors?.themes ?? errors?.newThemes}
        />
      </fieldset>
    </>
  );
}
