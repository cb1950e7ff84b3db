import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useLocale, useRich, useT } from "~/i18n/t";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { directionOf, type Locale } from "~/services/language";
import type { TranslationLanguage } from "./languages";
import { languageName } from "./language-name";

/** Which text of a plan version the page shows, and which translations it has. */
export type PlanTextInfo = {
  language: Locale;
  translation: { language: TranslationLanguage; revision: number; contentHash: string } | null;
  available: TranslationLanguage[];
};

/**
 * The plan text in its language: a translation with the notice that English is authoritative,
 * a link to the English text and the translation's own hash; the English text with the
 * translations it has. The text carries its language (and direction) when it differs from the page's.
 */
export function PlanText({ text, version, staffPath, children }: { text: PlanTextInfo; version: number; staffPath: string | null; children: ReactNode }) {
  const t = useT();
  const rich = useRich();
  const locale = useLocale();
  const at = (language: Locale) => `?version=${version}&text=${language}`;
  const marked = text.language === locale ? {} : { lang: text.language, dir: directionOf(text.language) };
  return (
    <>
      {text.translation ? (
        <div className="notice notice-info translation-notice" role="note">
          <p className="no-margin">
            <strong>{t("translations.notice.title")}</strong>
          </p>
          <p className="no-margin">
            {rich("translations.notice.body", {
              language: languageName(locale, text.translation.language),
              version,
              revision: text.translation.revision,
              link: (chunks) => (
                <Link to={at("en")} hrefLang="en">
                  {chunks}
                </Link>
              ),
            })}
          </p>
          <p className="no-margin small">
            {t("translations.notice.hash")}{" "}
            <bdi>
              <code className="hash">{text.translation.contentHash}</code>
            </bdi>
          </p>
        </div>
      ) : text.available.length ? (
        <nav className="translations-offered small" aria-label={t("translations.available.label")}>
          {t("translations.available.label")}{" "}
          <ul className="inline-list">
            {text.available.map((language) => (
              <li key={language}>
                <Link to={at(language)} lang={language} hrefLang={language}>
                  {NATIVE_NAMES[language]}
                </Link>
              </li>
            ))}
          </ul>{" "}
          <span className="muted">{t("translations.available.note")}</span>
        </nav>
      ) : null}
      {staffPath ? (
        <p className="small no-print">
          <Link to={staffPath}>{t("translations.staff.link")}</Link>
        </p>
      ) : null}
      {marked.lang ? <div {...marked}>{children}</div> : children}
    </>
  );
}

/** A search hit in a translation of the plan: which language, and a link to that text. */
export function TranslationHit({ slug, language }: { slug: string; language: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="muted">
      <Link to={`/consultations/${slug}?text=${language}`} hrefLang={language}>
        {t("translations.search.hit", { language: languageName(locale, language) })}
      </Link>{" "}
    </span>
  );
}
