// The DUG's decision rule (docs/decisions/013), as a pure function of the seated voting
// members, their standing positions and the rule's settings. Shared by the server (certification,
// notifications) and the pages (the IESG-style "what it still needs" line). Its words are in the
// DUG catalogue (labels `dug.position.*`, `dug.outcome.*`, needs `dug.needs.*`; wording.server.ts).

export const POSITIONS = ["agree", "agree_with_conditions", "object", "abstain", "recuse"] as const;
export type Position = (typeof POSITIONS)[number];

export function isPosition(value: string): value is Position {
  return (POSITIONS as readonly string[]).includes(value);
}

/** A review's outcome once decided. "superseded": closed because the IFM opened a newer round. */
export const OUTCOMES = ["agreed", "not_agreed", "lapsed", "superseded"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

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
  needs: Need[];
};

/** One thing the rule still needs: the message `dug.needs.<need>`, with its count. */
export type Need = { need: "seated" | "positions" | "objections" | "allRecused" | "agreement"; count?: number };

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

  const needs: Need[] = [];
  if (n === 0) needs.push({ need: "seated" });
  else {
    if (!hasQuorum) needs.push({ need: "positions", count: quorumNeeded - recorded });
    if (blocked) needs.push({ need: "objections", count: objections });
    if (deciding === 0) needs.push({ need: "allRecused" });
    else if (!enoughAgreement) needs.push({ need: "agreement", count: agreeNeeded - agreeing });
  }
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
  };
}
