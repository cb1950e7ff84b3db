import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { redirectWithFlash } from "~/services/flash.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

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

/**
 * The redirect after a staff command, with its flash message: the English text and the message
 * id, so the message is shown in the language of the page it lands on.
 */
export function staffFlash(to: string, messageId: MessageId, values?: Record<string, string | number>) {
  return redirectWithFlash(to, { kind: "success", message: translate(DEFAULT_LOCALE, messageId, values), messageId, ...(values ? { values } : {}) });
}
