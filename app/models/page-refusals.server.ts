import { translate } from "~/i18n/catalogue.server";
import type { Locale } from "~/services/language";
import { refusalId, type Action } from "./permissions";

/** Why a reader may not open the page of `action` (the 403 page's reason), in `locale`. */
export function pageRefusal(action: Action, locale: Locale): string {
  return translate(locale, refusalId(action));
}
