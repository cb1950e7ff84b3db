import { DEFAULT_RULE, evaluateRule, moreThan, type Position, type RuleInput } from "./rule";
import { describeRuleIn, needsIn, recordSentence } from "./wording.server";

// The rule with what it needs in English words, as the pages say it.
const evaluate = (input: RuleInput) => {
  const status = evaluateRule(input);
  return { ...status, needs: needsIn("en", status.needs) };
};

// Eight seated voting members, m1 … m8, unless a case says otherwise.
const seats = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
/** "A" agree, "C" agree with conditions, "O" object, "B" abstain, "R" recuse, "-" no position. */
const CODES: Record<string, Position> = { A: "agree", C: "agree_with_conditions", O: "object", B: "abstain", R: "recuse" };
const positions = (codes: string) => [...codes].flatMap((code, i) => (code === "-" ? [] : [{ userId: `m${i + 1}`, position: CODES[code] }]));

type Case = { name: string; seated: number; codes: string; agreed: boolean; quorum: boolean; needs: string[] };

const cases: Case[] = [
  {
    name: "nobody has recorded a position",
    seated: 8,
    codes: "--------",
    agreed: false,
    quorum: false,
    needs: ["needs 5 more positions", "needs 5 more members in agreement"],
  },
  {
    name: "exactly half is not a quorum (4 of 8)",
    seated: 8,
    codes: "AAAA----",
    agreed: false,
    quorum: false,
    needs: ["needs 1 more position", "needs 1 more member in agreement"],
  },
  { name: "quorum at a majority (5 of 8), all agree", seated: 8, codes: "AAAAA---", agreed: true, quorum: true, needs: [] },
  { name: "conditions count as agreement", seated: 8, codes: "ACCCC---", agreed: true, quorum: true, needs: [] },
  { name: "one objection blocks whatever the majority", seated: 8, codes: "AAAAAAAO", agreed: false, quorum: true, needs: ["blocked by 1 objection"] },
  { name: "two objections are counted", seated: 8, codes: "AAAAAAOO", agreed: false, quorum: true, needs: ["blocked by 2 objections"] },
  {
    name: "a tie (4 agree, 4 abstain) is not a majority",
    seated: 8,
    codes: "AAAABBBB",
    agreed: false,
    quorum: true,
    needs: ["needs 1 more member in agreement"],
  },
  { name: "with 3 recused, 3 of the 5 others agreeing is a majority", seated: 8, codes: "AAARRRB-", agreed: true, quorum: true, needs: [] },
  {
    name: "with 2 recused, 3 of the 6 others is a tie, not a majority",
    seated: 8,
    codes: "AAARRBB-",
    agreed: false,
    quorum: true,
    needs: ["needs 1 more member in agreement"],
  },
  {
    name: "abstentions reach quorum but not agreement",
    seated: 8,
    codes: "ABBBB---",
    agreed: false,
    quorum: true,
    needs: ["needs 4 more members in agreement"],
  },
  { name: "every member recused", seated: 3, codes: "RRR", agreed: false, quorum: true, needs: ["every voting member has recused"] },
  { name: "a smaller DUG: 2 of 3 is a quorum and a majority", seated: 3, codes: "AA-", agreed: true, quorum: true, needs: [] },
  {
    name: "a smaller DUG: 1 of 2 is not a quorum",
    seated: 2,
    codes: "A-",
    agreed: false,
    quorum: false,
    needs: ["needs 1 more position", "needs 1 more member in agreement"],
  },
  { name: "nobody seated", seated: 0, codes: "", agreed: false, quorum: false, needs: ["needs seated voting members"] },
];

test.each(cases)("the rule: $name", ({ seated, codes, agreed, quorum, needs }) => {
  const status = evaluate({ seated: seats(seated), positions: positions(codes) });
  expect(status.agreed).toBe(agreed);
  expect(status.hasQuorum).toBe(quorum);
  if (needs.length || agreed) expect(status.needs).toEqual(needs);
  expect(status.mayCertifyNotAgreed).toBe(quorum && !agreed);
});

test("with three recused, quorum is reached and agreement needs 3 of the 5 who decide", () => {
  const status = evaluate({ seated: seats(8), positions: positions("AAARRR--") });
  expect(status).toMatchObject({ hasQuorum: true, recused: 3, deciding: 5, agreeing: 3, agreeNeeded: 3, agreed: true, needs: [] });
});

test("an objection withdrawn: only the latest position of a member counts", () => {
  const base = positions("AAAAA---");
  const objected = evaluate({ seated: seats(8), positions: [...base, { userId: "m6", position: "object" }] });
  expect(objected).toMatchObject({ agreed: false, objections: 1, needs: ["blocked by 1 objection"] });
  const withdrawn = evaluate({
    seated: seats(8),
    positions: [...base, { userId: "m6", position: "object" }, { userId: "m6", position: "agree_with_conditions" }],
  });
  expect(withdrawn).toMatchObject({ agreed: true, objections: 0, agreeing: 6, recorded: 6 });
});

test("positions of people who are not seated voting members are ignored", () => {
  const status = evaluate({
    seated: seats(3),
    positions: [
      { userId: "m1", position: "agree" },
      { userId: "former", position: "object" },
      { userId: "liaison", position: "agree" },
    ],
  });
  expect(status).toMatchObject({ recorded: 1, objections: 0, hasQuorum: false, needs: ["needs 1 more position", "needs 1 more member in agreement"] });
});

test("the settings change the rule: a two-thirds quorum, one objection tolerated", () => {
  const settings = { quorumPercent: 66, agreePercent: 50, objectionsTolerated: 1 };
  expect(evaluate({ seated: seats(6), positions: positions("AAO---"), settings })).toMatchObject({
    hasQuorum: false,
    quorumNeeded: 4,
    needs: ["needs 1 more position", "needs 2 more members in agreement"],
  });
  expect(evaluate({ seated: seats(6), positions: positions("AAAAO-"), settings })).toMatchObject({ hasQuorum: true, agreed: true, blocked: false });
  expect(evaluate({ seated: seats(6), positions: positions("AAAOO-"), settings })).toMatchObject({
    agreed: false,
    needs: ["blocked by 2 objections", "needs 1 more member in agreement"],
  });
  expect(evaluate({ seated: seats(4), positions: positions("AAAA"), settings: { ...DEFAULT_RULE, agreePercent: 100 } })).toMatchObject({
    agreed: true,
    agreeNeeded: 4,
  });
});

test("'more than p%' edges", () => {
  expect([moreThan(50, 8), moreThan(50, 7), moreThan(50, 1), moreThan(100, 5), moreThan(0, 5), moreThan(66, 3)]).toEqual([5, 4, 1, 5, 1, 2]);
});

test("the rule and the record's sentence in words", () => {
  expect(describeRuleIn("en", DEFAULT_RULE)[0]).toContain("a majority (more than half) of the seated voting members");
  expect(describeRuleIn("en", DEFAULT_RULE)[1]).toContain("no objection stands");
  expect(recordSentence("agreed", new Date("2026-05-04T12:00:00Z"))).toBe("Agreed by the DUG on behalf of the TLD registry operators on 2026-05-04.");
  expect(recordSentence("lapsed", new Date("2026-05-04T12:00:00Z"))).toContain("deadline passed");
});
