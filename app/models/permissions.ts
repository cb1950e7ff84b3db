import type { MessageId } from "~/i18n/message-id";
import { STAFF_ROLES, type Role } from "./roles";

// Who may do what, in one table (docs/decisions/027-results-permissions.md). Model commands ask
// `can` (through `denied` in refusal.server.ts) before they change anything, so a rule holds
// whichever route or script calls them; routes only require a signed-in user for their actions.
// Pages that show staff-only records name their action too (`requirePermission` in
// app/services/auth.server.ts), so the same table decides who may open them.

/** A signed-in person and the roles they hold. */
export type Actor = { id: string; roles: readonly string[] };

/**
 * What a rule needs to know about the thing acted on. The model reads it from the database
 * (whose comment it is, which DUG seat the person holds now) and hands it over.
 */
export type Resource = {
  /** The author of the comment acted on. */
  authorId?: string;
  /** The DUG seat the person holds now; null when they hold none. */
  seat?: { kind: "voting" | "liaison"; isChair: boolean } | null;
};

type Rule = {
  /** Any signed-in person, or only holders of one of these roles. */
  who: "signed-in" | readonly Role[];
  /** A further condition on the thing acted on: ownership, a seat held now. */
  when?: (actor: Actor, resource: Resource) => boolean;
  /** What the person is told when refused (403): a message of the catalogues, in their language. */
  refusal: MessageId | ((resource: Resource) => MessageId);
};

const ADMIN_ROLES = ["admin"] as const satisfies readonly Role[];

const staff = (refusal: MessageId): Rule => ({ who: STAFF_ROLES, refusal });
const admins = (refusal: MessageId): Rule => ({ who: ADMIN_ROLES, refusal });
const own = (refusal: MessageId): Rule => ({ who: "signed-in", when: (actor, r) => r.authorId === actor.id, refusal });
const seatKind = (r: Resource) => r.seat?.kind ?? null;

/**
 * Every action a person can take that changes something, and every staff-only page. DUG
 * reviews go by the seat held now, not by the role: roles follow seats and only decide what the
 * navigation shows (docs/decisions/013).
 */
export const PERMISSIONS = {
  "admin.enter": staff("accounts.permission.adminEnter"),

  "consultation.manage": staff("accounts.permission.consultationManage"),
  "consultation.draft": staff("accounts.permission.consultationDraft"),
  "consultation.publish": staff("accounts.permission.consultationPublish"),
  "consultation.revise": staff("accounts.permission.consultationRevise"),
  "consultation.extend": staff("accounts.permission.consultationExtend"),
  "consultation.shorten": staff("accounts.permission.consultationShorten"),
  "consultation.withdraw": staff("accounts.permission.consultationWithdraw"),
  "plan.translate": staff("accounts.permission.planTranslate"),

  "comment.post": { who: "signed-in", refusal: "accounts.permission.commentPost" },
  /** A reply by IFM staff is the IFM's reply: marked as such, and accepted after the period closed. */
  "comment.reply-as-ifm": staff("accounts.permission.commentReplyAsIfm"),
  "comment.edit-own": own("accounts.permission.commentEditOwn"),
  "comment.withdraw-own": own("accounts.permission.commentWithdrawOwn"),
  "comment.flag": { who: "signed-in", when: (actor, r) => r.authorId !== actor.id, refusal: "accounts.permission.commentFlag" },
  "comment.moderate": staff("accounts.permission.commentModerate"),
  "comment.hide": staff("accounts.permission.commentHide"),
  "comment.restore": staff("accounts.permission.commentRestore"),
  "comment.dismiss-flags": staff("accounts.permission.commentDismissFlags"),

  "dug.open-review": staff("accounts.permission.dugOpenReview"),
  "dug.position": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "voting",
    refusal: (r) => (seatKind(r) === "liaison" ? "dug.refusal.liaisonsDoNotVote" : "dug.refusal.onlyVoting"),
  },
  "dug.advice": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "liaison",
    refusal: (r) => (seatKind(r) === "voting" ? "dug.refusal.votingDoNotAdvise" : "dug.refusal.onlyLiaisons"),
  },
  "dug.certify": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "voting" && !!r.seat?.isChair,
    refusal: "dug.refusal.onlyChair",
  },
  "dug.roster": admins("accounts.permission.dugRoster"),

  "statement.write": staff("accounts.permission.statementWrite"),
  "statement.publish": staff("accounts.permission.statementPublish"),

  "users.read": admins("accounts.permission.usersRead"),
  "roles.grant": admins("accounts.permission.rolesGrant"),
  "roles.revoke": admins("accounts.permission.rolesRevoke"),
  "organisation.manage": admins("accounts.permission.organisationManage"),
  "organisation.verify": admins("accounts.permission.organisationVerify"),
  "settings.change": admins("accounts.permission.settingsChange"),
  "audit.read": admins("accounts.permission.auditRead"),

  "mail.read": staff("accounts.permission.mailRead"),
  "mail.retry": staff("accounts.permission.mailRetry"),
  "csp.read": staff("accounts.permission.cspRead"),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether `actor` (null: nobody is signed in) may do `action` on `resource`. */
export function can(actor: Actor | null | undefined, action: Action, resource: Resource = {}): boolean {
  const rule: Rule = PERMISSIONS[action];
  if (!actor) return false;
  if (rule.who !== "signed-in" && !rule.who.some((role) => actor.roles.includes(role))) return false;
  return !rule.when || rule.when(actor, resource);
}

/** The message someone refused `action` is told (translated by refusal.server.ts). */
export function refusalId(action: Action, resource: Resource = {}): MessageId {
  const { refusal }: Rule = PERMISSIONS[action];
  return typeof refusal === "string" ? refusal : refusal(resource);
}
