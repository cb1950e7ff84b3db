import { Link } from "@remix-run/react";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { useLocale, useRich, useT } from "~/i18n/t";
import type { DiffTexts } from "./diff.server";
import { languageName } from "./language-name";

/** Above a diff: which language's texts are compared, and the translations both versions have. */
export function DiffLanguages({ texts, from, to }: { texts: DiffTexts; from: number; to: number }) {
  const t = useT();
  const rich = useRich();
  const locale = useLocale();
  const at = (language: string) => `?from=${from}&to=${to}${language === "en" ? "" : `&text=${language}`}`;
  if (texts.language !== "en") {
    return (
      <p className="notice notice-info" role="note">
        {rich("translations.diff.comparing", {
          language: languageName(locale, texts.language),
          link: (chunks) => (
            <Link to={at("en")} hrefLang="en">
              {chunks}
            </Link>
          ),
        })}
      </p>
    );
  }
  if (!texts.languages.length) return null;
  return (
    <div className="small">
      {t("translations.diff.offer")}{" "}
      <ul className="inline-list">
        {texts.languages.map((language) => (
          <li key={language}>
            <Link to={at(language)} lang={language} hrefLang={language}>
              {NATIVE_NAMES[language]}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
