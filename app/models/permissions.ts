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
  /** What the person is told when refused (403). */
  refusal: string | ((resource: Resource) => string);
};

const ADMIN_ROLES = ["admin"] as const satisfies readonly Role[];

const staff = (refusal: string): Rule => ({ who: STAFF_ROLES, refusal });
const admins = (refusal: string): Rule => ({ who: ADMIN_ROLES, refusal });
const own = (refusal: string): Rule => ({ who: "signed-in", when: (actor, r) => r.authorId === actor.id, refusal });
const seatKind = (r: Resource) => r.seat?.kind ?? null;

/**
 * Every action a person can take that changes something, and every staff-only page. DUG
 * reviews go by the seat held now, not by the role: roles follow seats and only decide what the
 * navigation shows (docs/decisions/013).
 */
export const PERMISSIONS = {
  "admin.enter": staff("The staff pages are for IFM staff and administrators."),

  "consultation.manage": staff("Only IFM staff can manage a consultation."),
  "consultation.draft": staff("Only IFM staff can draft consultations."),
  "consultation.publish": staff("Only IFM staff can publish a consultation."),
  "consultation.revise": staff("Only IFM staff can revise a plan."),
  "consultation.extend": staff("Only IFM staff can extend a comment period."),
  "consultation.shorten": staff("Only IFM staff can shorten a comment period."),
  "consultation.withdraw": staff("Only IFM staff can withdraw a consultation."),
  "plan.translate": staff("Only IFM staff can publish translations of a plan."),

  "comment.post": { who: "signed-in", refusal: "Sign in to comment." },
  /** A reply by IFM staff is the IFM's reply: marked as such, and accepted after the period closed. */
  "comment.reply-as-ifm": staff("Only IFM staff can reply on behalf of the IFM."),
  "comment.edit-own": own("You can only edit your own comments."),
  "comment.withdraw-own": own("You can only withdraw your own comments."),
  "comment.flag": { who: "signed-in", when: (actor, r) => r.authorId !== actor.id, refusal: "You cannot flag your own comment." },
  "comment.moderate": staff("Only IFM staff can see the flagged comments."),
  "comment.hide": staff("Only IFM staff can hide comments."),
  "comment.restore": staff("Only IFM staff can restore comments."),
  "comment.dismiss-flags": staff("Only IFM staff can dismiss flags."),

  "dug.open-review": staff("Only IFM staff can open a DUG review."),
  "dug.position": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "voting",
    refusal: (r) => (seatKind(r) === "liaison" ? "Liaisons do not vote: post your advice instead." : "Only seated DUG voting members can record a position."),
  },
  "dug.advice": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "liaison",
    refusal: (r) =>
      seatKind(r) === "voting" ? "Voting members record a position; advice is for the non-voting liaisons." : "Only seated DUG liaisons can post advice.",
  },
  "dug.certify": {
    who: "signed-in",
    when: (_, r) => seatKind(r) === "voting" && !!r.seat?.isChair,
    refusal: "Only the DUG chair can certify a review's outcome.",
  },
  "dug.roster": admins("Only administrators can seat DUG members, end their terms and change the chair."),

  "statement.write": staff("Only IFM staff can write the final statement."),
  "statement.publish": staff("Only IFM staff can publish the final statement."),

  "users.read": admins("Only administrators can see the accounts."),
  "roles.grant": admins("Only administrators can grant roles."),
  "roles.revoke": admins("Only administrators can revoke roles."),
  "organisation.manage": admins("Only administrators can add or change organisations."),
  "organisation.verify": admins("Only administrators can verify or revoke representatives."),
  "settings.change": admins("Only administrators can change the settings."),
  "audit.read": admins("Only administrators can read the audit log."),

  "mail.read": staff("Only IFM staff can see outgoing mail."),
  "mail.retry": staff("Only IFM staff can send outgoing mail again."),
  "csp.read": staff("Only IFM staff can read security reports."),
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

/** What someone refused `action` is told. */
export function refusalMessage(action: Action, resource: Resource = {}): string {
  const { refusal }: Rule = PERMISSIONS[action];
  return typeof refusal === "string" ? refusal : refusal(resource);
}
