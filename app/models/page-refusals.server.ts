import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import type { Locale } from "~/services/language";
import { refusalMessage, type Action } from "./permissions";

// The reasons the 403 page gives a signed-in reader who opens a staff page (requirePermission),
// in the page's language. Their English text is the permission table's (a test compares them);
// the refusals of actions without a page of their own stay the table's English.
export const PAGE_REFUSALS: Partial<Record<Action, MessageId>> = {
  "admin.enter": "accounts.permission.adminEnter",
  "consultation.manage": "accounts.permission.consultationManage",
  "consultation.draft": "accounts.permission.consultationDraft",
  "plan.translate": "accounts.permission.planTranslate",
  "comment.moderate": "accounts.permission.commentModerate",
  "dug.roster": "accounts.permission.dugRoster",
  "statement.write": "accounts.permission.statementWrite",
  "statement.publish": "accounts.permission.statementPublish",
  "users.read": "accounts.permission.usersRead",
  "organisation.manage": "accounts.permission.organisationManage",
  "settings.change": "accounts.permission.settingsChange",
  "audit.read": "accounts.permission.auditRead",
  "mail.read": "accounts.permission.mailRead",
  "csp.read": "accounts.permission.cspRead",
};

/** Why a reader may not open the page of `action`, in `locale`. */
export function pageRefusal(action: Action, locale: Locale): string {
  const id = PAGE_REFUSALS[action];
  return id ? translate(locale, id) : refusalMessage(action);
}
