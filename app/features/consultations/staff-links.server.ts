import { translate } from "~/i18n/catalogue.server";
import type { Locale } from "~/services/language";

/**
 * The labels of the consultation page's staff links, worded on the server for staff only: kept
 * out of the page's browser code, they are not among the messages every reader's page carries.
 */
export function staffLinkLabels(locale: Locale, { hasStatement }: { hasStatement: boolean }) {
  return {
    manage: translate(locale, "consultation.staff.manage"),
    statement: translate(locale, hasStatement ? "consultation.staff.correctStatement" : "consultation.staff.writeStatement"),
  };
}
