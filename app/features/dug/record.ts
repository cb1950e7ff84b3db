// The immutable agreement record of a DUG review (docs/decisions/013): a JSON document
// and its SHA-256. Pure: the same input always gives the same text and hash, so the demo data
// (prisma/seed.ts) and the real reviews (dug-review.server.ts) have one shape, and anyone can
// check a record by hashing its JSON.
import { sha256 } from "~/services/crypto.server";
import type { Outcome, Position, RuleStatus } from "./rule";
import { recordSentence } from "./wording.server";

export const RECORD_FORMAT = "iana-consultations/dug-record/1";

export type RecordPosition = {
  member: string;
  organisation: string | null;
  position: Position;
  rationale: string;
  conditions: string | null;
  recordedAt: Date;
};

export type RecordInput = {
  consultation: { number: number; title: string };
  round: number;
  outcome: Outcome;
  plan: { number: number; contentHash: string };
  /** The standing positions of the seated voting members, in the order they were recorded. */
  positions: RecordPosition[];
  rule: Pick<RuleStatus, "seated" | "recorded" | "agreeing" | "objections" | "recused">;
  certifiedBy: string | null;
  decidedAt: Date;
  /** Why the round ended without a decision (superseded by round N …), if it did. */
  note?: string | null;
};

export type AgreementRecord = {
  format: string;
  statement: string;
  outcome: Outcome;
  consultation: { number: number; title: string };
  round: number;
  planVersion: number;
  planHash: string;
  positions: { member: string; organisation: string | null; position: Position; rationale: string; conditions: string | null; recordedAt: string }[];
  conditions: string[];
  tally: { seated: number; recorded: number; agreeing: number; objections: number; recused: number };
  certifiedBy: string | null;
  certifiedAt: string;
  note: string | null;
};

/** Builds the record: its JSON (fixed key order) and the SHA-256 of that JSON. */
export function buildAgreementRecord(input: RecordInput): { record: AgreementRecord; recordJson: string; recordHash: string } {
  const record: AgreementRecord = {
    format: RECORD_FORMAT,
    statement: recordSentence(input.outcome, input.decidedAt),
    outcome: input.outcome,
    consultation: { number: input.consultation.number, title: input.consultation.title },
    round: input.round,
    planVersion: input.plan.number,
    planHash: input.plan.contentHash,
    positions: input.positions.map((p) => ({
      member: p.member,
      organisation: p.organisation,
      position: p.position,
      rationale: p.rationale,
      conditions: p.conditions,
      recordedAt: p.recordedAt.toISOString(),
    })),
    conditions: input.positions.flatMap((p) => (p.position === "agree_with_conditions" && p.conditions ? [p.conditions] : [])),
    tally: {
      seated: input.rule.seated,
      recorded: input.rule.recorded,
      agreeing: input.rule.agreeing,
      objections: input.rule.objections,
      recused: input.rule.recused,
    },
    certifiedBy: input.certifiedBy,
    certifiedAt: input.decidedAt.toISOString(),
    note: input.note ?? null,
  };
  const recordJson = JSON.stringify(record, null, 2);
  return { record, recordJson, recordHash: sha256(recordJson) };
}

/** A stored record, parsed, with whether its hash still matches its text. */
export function readAgreementRecord(recordJson: string | null, recordHash: string | null): { record: AgreementRecord | null; hashValid: boolean } {
  if (!recordJson) return { record: null, hashValid: false };
  let record: AgreementRecord | null = null;
  try {
    record = JSON.parse(recordJson) as AgreementRecord;
  } catch {
    record = null;
  }
  return { record, hashValid: !!recordHash && sha256(recordJson) === recordHash };
}
