import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { requestLocale } from "~/i18n/request-locale.server";
import { can, type Action } from "~/models/permissions";
import { pageRefusal } from "~/models/page-refusals.server";
import { requireUser, type CurrentUser } from "~/services/auth.server";
import { redirectWithFlash, type Flash } from "~/services/flash.server";
import { forbidden, notFound } from "~/services/http.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

// The staff pages in the reader's language: the 403 of a page someone may not open, the
// refusals and flash messages of their forms, and their titles. The reasons are the permission
// table's (app/models/permissions.ts), worded by the catalogue.

/** The person who may open this staff page, and the page's language; others get a 403 in it. */
export async function requireStaffPage(request: Request, action: Action): Promise<{ user: CurrentUser; locale: Locale }> {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  if (!can(user, action)) forbidden(pageRefusal(action, locale));
  return { user, locale };
}

/** The 404 of a staff page whose record does not exist, in `locale`. */
export function staffNotFound(locale: Locale, id: MessageId): never {
  return notFound(translate(locale, id));
}

/** A staff page's document title: "Audit log · Staff", in `locale`. */
export function staffTitle(locale: Locale, page: MessageId): string {
  return translate(locale, "admin.page.title", { page: translate(locale, page) });
}

/**
 * Redirects with a flash message of the catalogue: it keeps its English text and its id, and is
 * worded in the language of the page it lands on.
 */
export function redirectWithStaffFlash(to: string, messageId: MessageId, values?: Record<string, string | number>, kind: Flash["kind"] = "success") {
  return redirectWithFlash(to, { kind, message: translate(DEFAULT_LOCALE, messageId, values), messageId, ...(values ? { values } : {}) });
}
