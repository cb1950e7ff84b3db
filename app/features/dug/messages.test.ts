import { expect, test } from "vitest";
import { translate } from "~/i18n/catalogue.server";
import { LOCALES } from "~/services/language";
import { dugSchemas, positionSchema } from "./validation";
import { describeRuleIn, dugHistoryIn, needsIn, recordSentence } from "./wording.server";
import { dugRecordedEmail } from "../../../emails/dug-recorded";
import type { NotificationFooter } from "../../../emails/notification";

// The DUG's counted messages in every language: the number is formatted in each, and Russian and
// Arabic take the plural form each count needs (the catalogue tests check every message parses).

const COUNTS = [0, 1, 2, 3, 11, 100];

test("'{count} of {total} seats' gives both numbers in every language, with the words of each count", () => {
  for (const locale of LOCALES) {
    const one = translate(locale, "dug.roster.votingCount", { count: 1, max: 1 });
    const eight = translate(locale, "dug.roster.votingCount", { count: 3, max: 8 });
    expect(eight, locale).toMatch(/3/);
    expect(eight, locale).toMatch(/8/);
    expect(eight, locale).not.toMatch(/[{}#]/);
    // Chinese has one form for every count; the others say one seat differently from eight.
    if (locale !== "zh") expect(one.replace(/1/g, "#"), locale).not.toBe(eight.replace(/3|8/g, "#"));
  }
  expect(translate("en", "dug.roster.votingCount", { count: 3, max: 8 })).toBe("3 of at most 8 seats filled.");
  expect(translate("en", "dug.roster.votingCount", { count: 1, max: 1 })).toBe("1 of at most 1 seat filled.");
  expect(translate("fr", "dug.roster.votingCount", { count: 3, max: 8 })).toBe("3 sièges pourvus sur 8 au plus.");
});

test("a member's earlier positions take Russian's four forms and Arabic's six for 0, 1, 2, 3, 11 and 100", () => {
  const earlier = (locale: "ru" | "ar") => COUNTS.map((count) => translate(locale, "dug.round.earlier", { count }));
  expect(earlier("ru")).toEqual([
    "0 прежних позиций",
    "1 прежняя позиция",
    "2 прежние позиции",
    "3 прежние позиции",
    "11 прежних позиций",
    "100 прежних позиций",
  ]);
  const n = (count: number) => new Intl.NumberFormat("ar").format(count);
  expect(earlier("ar")).toEqual(["لا مواقف سابقة", "موقف سابق واحد", "موقفان سابقان", `${n(3)} مواقف سابقة`, `${n(11)} موقفًا سابقًا`, `${n(100)} موقف سابق`]);
});

test("what the rule still needs is counted in Russian and Arabic too", () => {
  expect(COUNTS.map((count) => translate("ru", "dug.needs.positions", { count }))).toEqual([
    "нужно ещё 0 позиций",
    "нужна ещё 1 позиция",
    "нужны ещё 2 позиции",
    "нужны ещё 3 позиции",
    "нужно ещё 11 позиций",
    "нужно ещё 100 позиций",
  ]);
  expect(translate("ar", "dug.needs.positions", { count: 2 })).toBe("يلزم موقفان إضافيان");
  expect(translate("ar", "dug.needs.positions", { count: 1 })).toBe("يلزم موقف واحد إضافي");
});

test("the mail of a certified agreement words the outcome and each condition in the reader's language", () => {
  const footer = (locale: "en" | "fr"): NotificationFooter => ({
    reason: { kind: "follows-consultation", consultationNumber: 4 },
    email: "reader@example.org",
    manageUrl: "https://consult.example.org/follow/manage/f1.sig",
    unsubscribeUrl: "https://consult.example.org/unsubscribe/f1.c1.sig",
    unsubscribe: { kind: "consultation", consultationNumber: 4 },
    locale,
  });
  const mail = (locale: "en" | "fr") =>
    dugRecordedEmail({
      consultation: { number: 4, title: "KSK rollover", url: "https://consult.example.org/consultations/ksk" },
      outcome: "agreed",
      planVersion: 2,
      summary: "",
      conditions: ["Publish the rollback runbook."],
      url: "https://consult.example.org/consultations/ksk/dug",
      footer: footer(locale),
    }).text;
  expect(mail("en")).toContain("Condition: Publish the rollback runbook.");
  expect(mail("fr")).toContain("Condition\u00a0: Publish the rollback runbook.");
  expect(mail("fr")).toContain("le groupe des utilisateurs directs (DUG) a approuvé le plan.");
  expect(mail("fr")).not.toContain("Condition: ");
});

test("the rule, its needs, the history and the record's sentence are worded in the reader's language", () => {
  expect(
    needsIn("fr", [
      { need: "positions", count: 2 },
      { need: "objections", count: 1 },
    ]),
  ).toEqual(["il manque 2 positions", "bloqué par 1 objection"]);
  expect(describeRuleIn("fr", { quorumPercent: 60, agreePercent: 50, objectionsTolerated: 1 })[0]).toContain("plus de 60\u00a0% des membres votants");
  expect(describeRuleIn("en", { quorumPercent: 100, agreePercent: 50, objectionsTolerated: 0 })[0]).toContain("Quorum: all of the seated voting members");
  const day = new Date("2026-05-04T12:00:00Z");
  expect(recordSentence("agreed", day)).toBe("Agreed by the DUG on behalf of the TLD registry operators on 2026-05-04.");
  expect(recordSentence("agreed", day, "fr")).toMatch(/^Approuvé par le DUG au nom des opérateurs de registre de TLD le 4 mai 2026/);
  // The note the command writes on a superseded round is English; the French history says it in French.
  const superseded = { round: 1, note: "Superseded by round 2, opened on plan version 3." };
  expect(dugHistoryIn("en", "dug.review.supersede", superseded).text).toBe("Round 1 superseded: Superseded by round 2, opened on plan version 3.");
  expect(dugHistoryIn("fr", "dug.review.supersede", superseded)).toEqual({
    text: "Tour 1 remplacé par le tour 2, ouvert sur la version 3 du projet.",
    isolate: [],
  });
  expect(dugHistoryIn("fr", "dug.review.supersede", { round: 1, note: "Closed by hand." })).toEqual({
    text: "Tour 1 remplacé\u00a0: Closed by hand.",
    isolate: ["Closed by hand."],
  });
});

test("the DUG forms refuse in the reader's language", () => {
  const objection = dugSchemas("fr").position.safeParse({ reviewId: "r1", position: "object", rationale: " ", conditions: "" });
  expect(objection.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
    ["rationale", "Une objection bloque l’accord\u00a0: expliquez-la dans la justification."],
  ]);
  const seat = dugSchemas("es").seat.safeParse({ email: "nina@registry.example", seat: "liaison", termStart: "2027-03-01", termEnd: "2027-02-01" });
  expect(seat.error?.issues.map((i) => i.message)).toEqual([
    "Indique de qué organización procede el enlace (por ejemplo, el IETF).",
    "El mandato debe terminar después de su inicio.",
  ]);
  expect(dugSchemas("en").position).toBe(positionSchema);
});
