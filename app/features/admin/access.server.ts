import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { requestLocale } from "~/i18n/request-locale.server";
import { can, type Action } from "~/models/permissions";
import { refused, type Refused } from "~/models/refusal.server";
import { requireUser, type CurrentUser } from "~/services/auth.server";
import { redirectWithFlash, type Flash } from "~/services/flash.server";
import { forbidden, notFound } from "~/services/http.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

// The staff pages in the reader's language: the 403 of a page someone may not open, the
// refusals and flash messages of their forms, and their titles. The permission table
// (app/models/permissions.ts) keeps its English reasons for the model commands; these are the
// same reasons, worded in the catalogue.

/** The actions that open a staff page or that its forms check themselves. */
const REFUSALS = {
  "admin.enter": "admin.refusal.enter",
  "users.read": "admin.refusal.usersRead",
  "organisation.manage": "admin.refusal.organisationManage",
  "settings.change": "admin.refusal.settingsChange",
  "audit.read": "admin.refusal.auditRead",
  "mail.read": "admin.refusal.mailRead",
  "mail.retry": "admin.refusal.mailRetry",
  "csp.read": "admin.refusal.cspRead",
  "comment.moderate": "admin.refusal.moderate",
  "roles.grant": "admin.refusal.rolesGrant",
  "roles.revoke": "admin.refusal.rolesRevoke",
  "organisation.verify": "admin.refusal.organisationVerify",
} as const satisfies Partial<Record<Action, MessageId>>;

export type StaffAction = keyof typeof REFUSALS;

/** The person who may open this staff page, and the page's language; others get a 403 in it. */
export async function requireStaffPage(request: Request, action: StaffAction): Promise<{ user: CurrentUser; locale: Locale }> {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  if (!can(user, action)) forbidden(translate(locale, REFUSALS[action]));
  return { user, locale };
}

/** The 403 refusal of a staff form when `user` may not do `action`, in `locale`; otherwise null. */
export function deniedIn(locale: Locale, user: CurrentUser, action: StaffAction): Refused | null {
  return can(user, action) ? null : refused(403, translate(locale, REFUSALS[action]));
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
