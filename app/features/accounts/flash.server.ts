import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import type { Flash } from "~/services/flash.server";
import { DEFAULT_LOCALE } from "~/services/language";

/**
 * A flash message of the accounts pages: its English text and its id, so the root loader words
 * it in the language of the page it lands on.
 */
export function accountFlash(messageId: MessageId, values?: Record<string, string | number>, kind: Flash["kind"] = "success"): Flash {
  return { kind, message: translate(DEFAULT_LOCALE, messageId, values), messageId, ...(values ? { values } : {}) };
}
