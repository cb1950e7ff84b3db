import { requestLocale } from "~/i18n/request-locale.server";
import { translate } from "~/i18n/catalogue.server";
import { notFound } from "~/services/http.server";
import { isTranslationLanguage, type TranslationLanguage } from "./languages";
import { languagesOfBoth, translationsToCompare } from "./plan-translation.server";

/** Which texts the diff compares: the English ones, or both versions' translations in one language (`?text=fr`). */
export type DiffTexts = { language: "en" | TranslationLanguage; languages: TranslationLanguage[] };

/**
 * The two texts to compare for a diff request: English unless `?text=` names a language both
 * versions are translated into (a 404 saying so when one is not).
 */
export async function textsToCompare({
  request,
  slug,
  from,
  to,
}: {
  request: Request;
  slug: string;
  from: { number: number; bodyMd: string };
  to: { number: number; bodyMd: string };
}): Promise<{ info: DiffTexts; from: string; to: string }> {
  const requested = new URL(request.url).searchParams.get("text");
  const languages = await languagesOfBoth({ slug, from: from.number, to: to.number });
  if (!isTranslationLanguage(requested)) return { info: { language: "en", languages }, from: from.bodyMd, to: to.bodyMd };
  const translated = await translationsToCompare({ slug, from: from.number, to: to.number, language: requested });
  if (!translated) notFound(translate(await requestLocale(request), "translations.diff.missing"));
  return { info: { language: requested, languages }, ...translated };
}
