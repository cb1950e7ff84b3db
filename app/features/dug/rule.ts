// The DUG's decision rule (docs/decisions/013), as a pure function of the seated voting
// members, their standing positions and the rule's settings. Shared by the server (certification,
// notifications) and the pages (the IESG-style "what it still needs" line).
import { plural } from "~/models/plural";

export const POSITIONS = ["agree", "agree_with_conditions", "object", "abstain", "recuse"] as const;
export type Position = (typeof POSITIONS)[number];

export const POSITION_LABELS: Record<Position, string> = {
  agree: "Agree",
  agree_with_conditions: "Agree with conditions",
  object: "Object",
  abstain: "Abstain",
  recuse: "Recuse",
};

export const POSITION_HINTS: Record<Position, string> = {
  agree: "You agree the plan as written.",
  agree_with_conditions: "You agree, on conditions that are collected into the agreement record.",
  object: "Blocking: while an objection stands the plan cannot be agreed. A rationale is required.",
  abstain: "You take part but neither agree nor object (counts towards quorum, not towards agreement).",
  recuse: "You take no part, e.g. because of a conflict of interest (not counted among those who decide).",
};

export function isPosition(value: string): value is Position {
  return (POSITIONS as readonly string[]).includes(value);
}

/** A review's outcome once decided. "superseded": closed because the IFM opened a newer round. */
export const OUTCOMES = ["agreed", "not_agreed", "lapsed", "superseded"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  agreed: "Agreed",
  not_agreed: "Not agreed",
  lapsed: "Lapsed",
  superseded: "Superseded",
};

export type RuleSettings = {
  /** Quorum: more than this percentage of seated voting members have recorded a position. */
  quorumPercent: number;
  /** Agreement: more than this percentage of non-recused seated voting members agree. */
  agreePercent: number;
  /** Standing objections tolerated; one more blocks agreement (default 0: any objection blocks). */
  objectionsTolerated: number;
};

export const DEFAULT_RULE: RuleSettings = { quorumPercent: 50, agreePercent: 50, objectionsTolerated: 0 };

/** "More than p% of n", at least one and at most n (100% means everyone). */
export function moreThan(percent: number, n: number): number {
  if (n <= 0) return 1;
  return Math.min(n, Math.floor((n * percent) / 100) + 1);
}

export type RuleInput = {
  /** User ids of the voting members seated now. */
  seated: readonly string[];
  /** The standing (latest) position of each member who recorded one. */
  positions: readonly { userId: string; position: Position }[];
  settings?: RuleSettings;
};

export type RuleStatus = {
  seated: number;
  recorded: number;
  quorumNeeded: number;
  hasQuorum: boolean;
  recused: number;
  /** Seated voting members who have not recused (whether or not they recorded a position). */
  deciding: number;
  agreeing: number;
  agreeNeeded: number;
  objections: number;
  blocked: boolean;
  /** The agreement rule is met: the chair may certify "agreed". */
  agreed: boolean;
  /** Quorum is reached but agreement is not: the chair may certify "not agreed". */
  mayCertifyNotAgreed: boolean;
  /** What it still needs, one short phrase each ("needs 2 more positions", "blocked by 1 objection"). */
  needs: string[];
  /** One sentence for the page. */
  summary: string;
};

export function evaluateRule({ seated, positions, settings = DEFAULT_RULE }: RuleInput): RuleStatus {
  const seatedSet = new Set(seated);
  // Only seated voting members count, and each once (the latest position is the standing one).
  const standing = new Map<string, Position>();
  for (const p of positions) if (seatedSet.has(p.userId)) standing.set(p.userId, p.position);
  const values = [...standing.values()];
  const count = (...kinds: Position[]) => values.filter((v) => kinds.includes(v)).length;

  const n = seatedSet.size;
  const recorded = standing.size;
  const quorumNeeded = moreThan(settings.quorumPercent, n);
  const hasQuorum = n > 0 && recorded >= quorumNeeded;
  const recused = count("recuse");
  const deciding = n - recused;
  const agreeing = count("agree", "agree_with_conditions");
  const agreeNeeded = moreThan(settings.agreePercent, deciding);
  const objections = count("object");
  const blocked = objections > settings.objectionsTolerated;
  const enoughAgreement = deciding > 0 && agreeing >= agreeNeeded;
  const agreed = hasQuorum && enoughAgreement && !blocked;

  const needs: string[] = [];
  if (n === 0) needs.push("needs seated voting members");
  else {
    if (!hasQuorum) needs.push(`needs ${plural(quorumNeeded - recorded, { one: "# more position", other: "# more positions" })}`);
    if (blocked) needs.push(`blocked by ${plural(objections, { one: "# objection", other: "# objections" })}`);
    if (deciding === 0) needs.push("every voting member has recused");
    else if (!enoughAgreement) needs.push(`needs ${plural(agreeNeeded - agreeing, { one: "# more member", other: "# more members" })} in agreement`);
  }
  const summary = agreed
    ? "The rule is met: the chair can certify the agreement."
    : hasQuorum
      ? `Quorum reached, not agreed: ${needs.join("; ")}.`
      : `Not yet decided: ${needs.join("; ")}.`;
  return {
    seated: n,
    recorded,
    quorumNeeded,
    hasQuorum,
    recused,
    deciding,
    agreeing,
    agreeNeeded,
    objections,
    blocked,
    agreed,
    mayCertifyNotAgreed: hasQuorum && !agreed,
    needs,
    summary,
  };
}

/** The rule in words, for the page. */
export function describeRule(s: RuleSettings): string[] {
  const share = (p: number) => (p === 50 ? "a majority (more than half)" : p >= 100 ? "all" : `more than ${p}%`);
  return [
    `Quorum: ${share(s.quorumPercent)} of the seated voting members have recorded a position (recusing and abstaining count).`,
    `Agreed: ${share(s.agreePercent)} of the seated voting members who have not recused agree (with or without conditions), and ${
      s.objectionsTolerated === 0
        ? "no objection stands"
        : plural(s.objectionsTolerated, { one: "no more than # objection stands", other: "no more than # objections stand" })
    }.`,
    "Each member may change their position until the review is decided; only the latest one counts.",
  ];
}

/** The sentence an agreement record opens with. */
export function recordSentence(outcome: Outcome, date: Date): string {
  const day = date.toISOString().slice(0, 10);
  switch (outcome) {
    case "agreed":
      return `Agreed by the DUG on behalf of the TLD registry operators on ${day}.`;
    case "not_agreed":
      return `Not agreed: the DUG chair certified on ${day} that the DUG did not agree this plan version.`;
    case "lapsed":
      return `Lapsed: the review's deadline passed on ${day} without agreement.`;
    case "superseded":
      return `Superseded on ${day}: the IFM opened a new review round, so this round closed without a decision.`;
  }
}
