import { translate } from "~/i18n/catalogue.server";
import { ACTIONS, can, refusalId, type Action, type Actor, type Resource } from "./permissions";
import { denied } from "./refusal.server";

// The policy, written out by hand: for every action, which of the people below may do it. The
// test compares every action × person with the table in permissions.ts, both ways.

type Person = "anonymous" | "user" | "member" | "liaison" | "chair" | "ifm" | "admin";
const PEOPLE: Person[] = ["anonymous", "user", "member", "liaison", "chair", "ifm", "admin"];

/** Each person as an actor, with the DUG seat they hold now (DUG rules go by the seat). */
const AS: Record<Person, { actor: Actor | null; seat: Resource["seat"] }> = {
  anonymous: { actor: null, seat: null },
  user: { actor: { id: "u-user", roles: [] }, seat: null },
  member: { actor: { id: "u-member", roles: ["dug_member"] }, seat: { kind: "voting", isChair: false } },
  liaison: { actor: { id: "u-liaison", roles: ["dug_liaison"] }, seat: { kind: "liaison", isChair: false } },
  chair: { actor: { id: "u-chair", roles: ["dug_member", "dug_chair"] }, seat: { kind: "voting", isChair: true } },
  ifm: { actor: { id: "u-ifm", roles: ["ifm"] }, seat: null },
  admin: { actor: { id: "u-admin", roles: ["admin"] }, seat: null },
};

const SIGNED_IN: Person[] = ["user", "member", "liaison", "chair", "ifm", "admin"];
const STAFF: Person[] = ["ifm", "admin"];
const ADMIN: Person[] = ["admin"];

/** Who may, on someone else's comment where a comment is concerned. */
const EXPECTED: Record<Action, Person[]> = {
  "admin.enter": STAFF,
  "consultation.manage": STAFF,
  "consultation.draft": STAFF,
  "consultation.publish": STAFF,
  "consultation.revise": STAFF,
  "consultation.extend": STAFF,
  "consultation.shorten": STAFF,
  "consultation.withdraw": STAFF,
  "plan.translate": STAFF,

  "comment.post": SIGNED_IN,
  "comment.reply-as-ifm": STAFF,
  "comment.edit-own": [],
  "comment.withdraw-own": [],
  "comment.flag": SIGNED_IN,
  "comment.moderate": STAFF,
  "comment.hide": STAFF,
  "comment.restore": STAFF,
  "comment.dismiss-flags": STAFF,

  "dug.open-review": STAFF,
  "dug.position": ["member", "chair"],
  "dug.advice": ["liaison"],
  "dug.certify": ["chair"],
  "dug.roster": ADMIN,

  "statement.write": STAFF,
  "statement.publish": STAFF,

  "users.read": ADMIN,
  "roles.grant": ADMIN,
  "roles.revoke": ADMIN,
  "organisation.manage": ADMIN,
  "organisation.verify": ADMIN,
  "settings.change": ADMIN,
  "audit.read": ADMIN,

  "mail.read": STAFF,
  "mail.retry": STAFF,
  "csp.read": STAFF,
};

/** On their own comment: authors may edit and withdraw it but not flag it. */
const EXPECTED_ON_OWN_COMMENT: Partial<Record<Action, Person[]>> = {
  "comment.edit-own": SIGNED_IN,
  "comment.withdraw-own": SIGNED_IN,
  "comment.flag": [],
};

const someoneElses = (person: Person): Resource => ({ authorId: "u-somebody-else", seat: AS[person].seat });
const theirOwn = (person: Person): Resource => ({ authorId: AS[person].actor?.id ?? "u-nobody", seat: AS[person].seat });

test("the expected table names every action of the permissions table, and no other", () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
});

test.each(ACTIONS)("%s: each person is allowed or refused as the policy says", (action) => {
  for (const person of PEOPLE) {
    expect(can(AS[person].actor, action, someoneElses(person)), person).toBe(EXPECTED[action].includes(person));
    const own = EXPECTED_ON_OWN_COMMENT[action] ?? EXPECTED[action];
    expect(can(AS[person].actor, action, theirOwn(person)), `${person}, own comment`).toBe(own.includes(person));
  }
});

test("nobody who is not signed in may do anything", () => {
  for (const action of ACTIONS) expect(can(null, action, { authorId: "u-x", seat: { kind: "voting", isChair: true } }), action).toBe(false);
});

test("DUG roles without a seat held now give no DUG rights: the seat decides, not the role", () => {
  const chairRolesOnly: Actor = { id: "u-former-chair", roles: ["dug_member", "dug_chair", "dug_liaison"] };
  for (const action of ["dug.position", "dug.advice", "dug.certify"] as const) expect(can(chairRolesOnly, action, { seat: null }), action).toBe(false);
  // A voting seat without the chair is no certifying seat, whatever the roles say.
  expect(can(chairRolesOnly, "dug.certify", { seat: { kind: "voting", isChair: false } })).toBe(false);
});

test("IFM staff and administrators hold no DUG vote unless they hold a seat", () => {
  for (const person of ["ifm", "admin"] as const) {
    expect(can(AS[person].actor, "dug.position", { seat: null })).toBe(false);
    expect(can(AS[person].actor, "dug.position", { seat: { kind: "voting", isChair: false } })).toBe(true);
  }
});

const refusalMessage = (action: Action, resource?: Resource) => translate("en", refusalId(action, resource));

test("every refusal has a message for the person, and the DUG ones say what the seat allows instead", () => {
  for (const action of ACTIONS) expect(refusalMessage(action).length, action).toBeGreaterThan(10);
  expect(refusalMessage("comment.hide")).toBe("Only IFM staff can hide comments.");
  expect(refusalMessage("dug.position", { seat: { kind: "liaison", isChair: false } })).toBe("Liaisons do not vote: post your advice instead.");
  expect(refusalMessage("dug.position", { seat: null })).toBe("Only seated DUG voting members can record a position.");
  expect(refusalMessage("dug.advice", { seat: { kind: "voting", isChair: false } })).toBe(
    "Voting members record a position; advice is for the non-voting liaisons.",
  );
  expect(refusalMessage("dug.advice", { seat: null })).toBe("Only seated DUG liaisons can post advice.");
});

test("denied answers the table's refusal as a 403, and nothing when the action is allowed", () => {
  expect(denied(AS.user.actor, "comment.hide")).toEqual({
    ok: false,
    status: 403,
    message: "Only IFM staff can hide comments.",
    messageId: "accounts.permission.commentHide",
  });
  expect(denied(AS.user.actor, "comment.hide", {}, "fr")?.message).toBe("Seul le personnel de l’IFM peut masquer des commentaires.");
  expect(denied(AS.ifm.actor, "comment.hide")).toBeNull();
  expect(denied(AS.chair.actor, "dug.certify", { seat: AS.chair.seat })).toBeNull();
});
