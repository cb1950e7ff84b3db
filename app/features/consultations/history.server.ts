import { isOutcome, isPosition } from "~/features/dug/rule";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { formatUtcIn } from "~/models/time";
import { db } from "~/services/db.server";
import type { Locale } from "~/services/language";

// A consultation's public history: its public audit events, each worded in the reader's language.

/** A public audit event as stored: the same for every reader. */
export type PublicEvent = { at: Date; action: string; data: Record<string, unknown> };

/**
 * One line of the history. `isolate` lists the parts of `text` that keep their own direction
 * inside a right-to-left sentence (references, hashes, names, what someone wrote).
 */
export type HistoryEntry = { at: Date; action: string; text: string; isolate: string[] };

type Worded = { id: MessageId; values?: Record<string, string | number>; isolate?: string[] };

const str = (value: unknown) => String(value ?? "");

function wordingOf(action: string, d: Record<string, unknown>, locale: Locale): Worded | null {
  const utc = (value: unknown) => formatUtcIn(new Date(str(value)), locale);
  const position = (value: unknown) => {
    const p = str(value);
    return isPosition(p) ? translate(locale, `consultation.position.${p}`) : p.replace(/_/g, " ");
  };
  const outcome = (value: unknown) => {
    const o = str(value);
    return isOutcome(o) ? translate(locale, `consultation.outcome.${o}`) : o.replace(/_/g, " ");
  };
  switch (action) {
    case "consultation.publish":
      return { id: "consultation.history.publish", values: { opens: utc(d.opensAt), closes: utc(d.closesAt) } };
    case "consultation.revise":
      return { id: "consultation.history.revise", values: { version: str(d.version), summary: str(d.changeSummary) }, isolate: [str(d.changeSummary)] };
    case "consultation.extend":
      return {
        id: "consultation.history.extend",
        values: { from: utc(d.previousClosesAt), to: utc(d.newClosesAt), reason: str(d.reason) },
        isolate: [str(d.reason)],
      };
    case "consultation.shorten":
      return {
        id: "consultation.history.shorten",
        values: { from: utc(d.previousClosesAt), to: utc(d.newClosesAt), reason: str(d.reason) },
        isolate: [str(d.reason)],
      };
    case "consultation.withdraw":
      return { id: "consultation.history.withdraw", values: { reason: str(d.reason) }, isolate: [str(d.reason)] };
    case "comment.hide":
      return { id: "consultation.history.commentHide", values: { ref: str(d.ref), reason: str(d.reason) }, isolate: [str(d.ref), str(d.reason)] };
    case "comment.restore":
      return { id: "consultation.history.commentRestore", values: { ref: str(d.ref) }, isolate: [str(d.ref)] };
    case "comment.withdraw":
      return { id: "consultation.history.commentWithdraw", values: { ref: str(d.ref) }, isolate: [str(d.ref)] };
    case "dug.review.open": {
      const values = { round: str(d.round), version: str(d.planVersion ?? d.version) };
      return d.deadline
        ? { id: "consultation.history.dugOpen", values: { ...values, deadline: utc(d.deadline) } }
        : { id: "consultation.history.dugOpenNoDeadline", values };
    }
    case "dug.position.record":
      return d.previous
        ? {
            id: "consultation.history.dugPositionChanged",
            values: { member: str(d.member), previous: position(d.previous), position: position(d.position), round: str(d.round) },
            isolate: [str(d.member)],
          }
        : {
            id: "consultation.history.dugPosition",
            values: { member: str(d.member), position: position(d.position), round: str(d.round) },
            isolate: [str(d.member)],
          };
    case "dug.advice.post":
      return { id: "consultation.history.dugAdvice", values: { liaison: str(d.liaison), round: str(d.round) }, isolate: [str(d.liaison)] };
    case "dug.review.certify":
      return {
        id: "consultation.history.dugCertify",
        values: { round: str(d.round), outcome: outcome(d.outcome), hash: str(d.recordHash) },
        isolate: [str(d.recordHash)],
      };
    case "dug.review.lapse":
      return { id: "consultation.history.dugLapse", values: { round: str(d.round), hash: str(d.recordHash) }, isolate: [str(d.recordHash)] };
    case "dug.review.supersede":
      return d.note
        ? { id: "consultation.history.dugSupersede", values: { round: str(d.round), note: str(d.note) }, isolate: [str(d.note)] }
        : { id: "consultation.history.dugSupersedeNewRound", values: { round: str(d.round) } };
    case "statement.publish":
      if (typeof d.revision !== "number" || d.revision <= 1) return { id: "consultation.history.statementPublish" };
      return d.erratum
        ? { id: "consultation.history.statementCorrectedErratum", values: { revision: d.revision, erratum: str(d.erratum) }, isolate: [str(d.erratum)] }
        : { id: "consultation.history.statementCorrected", values: { revision: d.revision } };
    default:
      return null;
  }
}

/** The public audit events of a consultation, oldest first. */
export async function publicEvents(consultationId: string): Promise<PublicEvent[]> {
  const events = await db().auditEvent.findMany({
    where: { consultationId, isPublic: true },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, action: true, dataJson: true },
  });
  return events.map((e) => ({ at: e.createdAt, action: e.action, data: JSON.parse(e.dataJson) as Record<string, unknown> }));
}

/** The history in `locale`: an event this page does not word is shown by its action's name. */
export function historyIn(events: readonly PublicEvent[], locale: Locale): HistoryEntry[] {
  return events.map((e) => {
    const worded = wordingOf(e.action, e.data, locale);
    if (!worded) return { at: e.at, action: e.action, text: e.action, isolate: [] };
    return { at: e.at, action: e.action, text: translate(locale, worded.id, worded.values), isolate: (worded.isolate ?? []).filter(Boolean) };
  });
}
