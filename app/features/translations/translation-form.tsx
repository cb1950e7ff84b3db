import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextArea } from "~/components/field";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { TableRegion } from "~/components/table-region";
import { UtcTime } from "~/components/time";
import { useLocale, useT } from "~/i18n/t";
import type { FormReply } from "~/validation/form";
import { TRANSLATION_LANGUAGES } from "./languages";
import { languageName } from "./language-name";

/**
 * IFM staff publish a translation of a published plan version. A plain form (works without
 * JavaScript); a refused text comes back in the field with the message beside it.
 */
export function TranslationForm({
  versions,
  chosenVersion,
  reply,
}: {
  versions: { number: number; bodyMd: string }[];
  chosenVersion: number;
  reply: FormReply | undefined;
}) {
  const t = useT();
  const values = reply?.values ?? {};
  const errors = reply?.errors;
  const english = versions.find((v) => String(v.number) === (values.version ?? String(chosenVersion))) ?? versions[0];
  return (
    <section className="staff-panel" aria-labelledby="translate-heading">
      <h2 id="translate-heading">{t("translations.form.heading")}</h2>
      <Form method="post" className="form wide" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="intent" value="translate" />
        <div className="field-row">
          <SelectField
            label={t("translations.form.version")}
            name="version"
            defaultValue={values.version ?? String(chosenVersion)}
            error={errors?.version}
            options={versions.map((v) => ({ value: String(v.number), label: t("translations.form.versionOption", { number: v.number }) }))}
          />
          <SelectField
            label={t("translations.form.language")}
            name="language"
            defaultValue={values.language ?? ""}
            error={errors?.language}
            options={[{ value: "", label: t("translations.form.languageChoose") }, ...TRANSLATION_LANGUAGES.map((l) => ({ value: l, label: NATIVE_NAMES[l] }))]}
          />
        </div>
        <TextArea
          label={t("translations.form.body")}
          name="bodyMd"
          rows={18}
          hint={t("translations.form.bodyHint")}
          defaultValue={values.bodyMd ?? ""}
          error={errors?.bodyMd}
          dir="auto"
        />
        <div className="actions">
          <button type="submit">{t("translations.form.submit")}</button>
        </div>
      </Form>
      {english ? (
        <details>
          <summary>{t("translations.form.english", { number: english.number })}</summary>
          <pre lang="en" dir="ltr" className="source-text">
            {english.bodyMd}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

type HistoryEntry = {
  language: string;
  revision: number;
  contentHash: string;
  createdAt: Date | string;
  planVersion: { number: number };
  createdBy: { displayName: string | null };
};

/** Every translation revision published, newest version first. */
export function TranslationHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t("translations.history.heading")}</h2>
      {entries.length ? (
        <TableRegion label={t("translations.history.heading")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("translations.history.version")}</th>
                <th scope="col">{t("translations.history.language")}</th>
                <th scope="col">{t("translations.history.revision")}</th>
                <th scope="col">{t("translations.history.hash")}</th>
                <th scope="col">{t("translations.history.published")}</th>
                <th scope="col">{t("translations.history.by")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.planVersion.number}-${e.language}-${e.revision}`}>
                  <td>{e.planVersion.number}</td>
                  <td>{languageName(locale, e.language)}</td>
                  <td>{e.revision}</td>
                  <td>
                    <bdi>
                      <code className="hash">{e.contentHash}</code>
                    </bdi>
                  </td>
                  <td>
                    <UtcTime value={e.createdAt} />
                  </td>
                  <td>
                    <bdi>{e.createdBy.displayName ?? "—"}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        <p>{t("translations.history.empty")}</p>
      )}
    </section>
  );
}
