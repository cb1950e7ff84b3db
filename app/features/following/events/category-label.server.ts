import { CATEGORIES, CATEGORY_LABELS, labelOf, type Category } from "~/features/consultations/fields";
import { translate } from "~/i18n/catalogue.server";
import type { Locale } from "~/services/language";

/** A consultation category as a mail in `locale` names it (its label as written for unknown ones). */
export function categoryLabelIn(category: string, locale: Locale): string {
  return (CATEGORIES as readonly string[]).includes(category)
    ? translate(locale, `consultations.category.${category as Category}`)
    : labelOf(CATEGORY_LABELS, category);
}
