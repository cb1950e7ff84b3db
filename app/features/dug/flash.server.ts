import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { redirectWithFlash } from "~/services/flash.server";
import { DEFAULT_LOCALE } from "~/services/language";

/**
 * Redirects with a DUG flash message: it keeps its English text and its id, so it is shown in the
 * language of the page it lands on (the root loader words it; flash.server.ts).
 */
export function redirectWithDugFlash(to: string, messageId: MessageId, values?: Record<string, string | number>) {
  return redirectWithFlash(to, { kind: "success", message: translate(DEFAULT_LOCALE, messageId, values), messageId, ...(values ? { values } : {}) });
}
