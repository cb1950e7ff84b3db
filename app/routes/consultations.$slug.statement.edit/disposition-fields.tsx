import { SelectField, TextArea, TextField } from "~/components/field";
import { DISPOSITIONS, DISPOSITION_IDS } from "~/features/statement/content";
import { useEnglishContent, useT } from "~/i18n/t";

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
  const t = useT();
  const english = useEnglishContent();
  const ticked = (name: string) => (checkedThemes ?? (values?.theme ?? "").split(",")).includes(name);
  return (
    <>
      <fieldset className="disposition-choice" aria-describedby={errors?.disposition ? `${idPrefix}-disposition-error` : undefined}>
        <legend>{t("statement.form.disposition")}</legend>
        {errors?.disposition ? (
          <p className="field-error" id={`${idPrefix}-disposition-error`}>
            {errors.disposition}
          </p>
        ) : null}
        {DISPOSITIONS.map((d) => (
          <label key={d} className="inline-choice">
            <input type="radio" name="disposition" id={`${idPrefix}-disposition-${d}`} value={d} defaultChecked={values?.disposition === d} />{" "}
            {t(DISPOSITION_IDS[d].long)}
          </label>
        ))}
      </fieldset>
      <TextArea
        label={t("statement.form.response")}
        name="responseMd"
        id={`${idPrefix}-responseMd`}
        rows={3}
        defaultValue={values?.responseMd ?? ""}
        error={errors?.responseMd}
        hint={t("statement.form.responseHint")}
      />
      <div className="field-row">
        <SelectField
          label={t("statement.form.planVersion")}
          name="planVersion"
          id={`${idPrefix}-planVersion`}
          defaultValue={values?.planVersion ?? ""}
          error={errors?.planVersion}
          options={[{ value: "", label: "—" }, ...versions.map((v) => ({ value: String(v), label: t("statement.form.version", { number: v }) }))]}
        />
        <SelectField
          label={t("statement.form.section")}
          name="sectionId"
          id={`${idPrefix}-sectionId`}
          defaultValue={values?.sectionId ?? ""}
          error={errors?.sectionId}
          options={[{ value: "", label: "—" }, ...sections.map((s) => ({ value: s.id, label: s.text }))]}
        />
      </div>
      <fieldset className="theme-choice">
        <legend>{t("statement.form.themes")}</legend>
        {themes.map((theme) => (
          <label key={theme.id} className="inline-choice">
            <input type="checkbox" name="theme" value={theme.name} defaultChecked={ticked(theme.name)} /> <span {...english}>{theme.name}</span>
          </label>
        ))}
        <TextField
          label={t("statement.form.newThemes")}
          name="newThemes"
          id={`${idPrefix}-newThemes`}
          defaultValue={values?.newThemes ?? ""}
          error={errors?.themes ?? errors?.newThemes}
        />
      </fieldset>
    </>
  );
}
