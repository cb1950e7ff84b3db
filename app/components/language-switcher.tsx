import { useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/t";
import { LOCALES, type Locale } from "~/services/language";

/** Each language named in itself, so a reader finds theirs whatever the page's language. */
export const NATIVE_NAMES: Record<Locale, string> = {
  ar: "العربية",
  en: "English",
  es: "Español",
  fr: "Français",
  ru: "Русский",
  zh: "中文",
};

/**
 * The six languages as buttons of one form: a POST (it sets a cookie and, for a signed-in reader,
 * their setting), then back to this page in the chosen language. A plain <form>, so the page is
 * loaded again whole, with its catalogue, and it works without JavaScript.
 */
export function LanguageSwitcher() {
  const t = useT();
  const current = useLocale();
  const { pathname, search } = useLocation();
  return (
    <form method="post" action="/language" className="language-switcher" aria-label={t("shell.language.label")}>
      <input type="hidden" name="intent" value="language" />
      <input type="hidden" name="redirectTo" value={pathname + search} />
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <button type="submit" name="lang" value={locale} lang={locale} className="link-button" aria-current={locale === current ? "true" : undefined}>
              {NATIVE_NAMES[locale]}
            </button>
          </li>
        ))}
      </ul>
    </form>
  );
}
