import { SelectField } from "~/components/field";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { useT } from "~/i18n/t";
import { LOCALES } from "~/services/language";

/**
 * "Language of the comment": one of the six (each named in itself), or detected from the text
 * when left as it is (a text too short to tell is taken to be in the page's language).
 */
export function CommentLanguageField({ formId, value, error }: { formId: string; value: string | undefined; error: string | undefined }) {
  const t = useT();
  return (
    <SelectField
      label={t("translations.commentLanguage.label")}
      hint={t("translations.commentLanguage.hint")}
      name="language"
      id={`${formId}-language`}
      defaultValue={value ?? ""}
      error={error}
      options={[{ value: "", label: t("translations.commentLanguage.detect") }, ...LOCALES.map((l) => ({ value: l, label: NATIVE_NAMES[l] }))]}
    />
  );
}
