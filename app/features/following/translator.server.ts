import { translate } from "~/i18n/catalogue.server";
import type { Locale } from "~/services/language";
import type { Translate } from "./notification-settings";

/** `translate` bound to one language, for the helpers that take a formatter (describeNewConsultations). */
export const translatorFor =
  (locale: Locale): Translate =>
  (id, values) =>
    translate(locale, id, values);
