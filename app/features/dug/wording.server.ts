// The DUG's texts worded on the server in the reader's language (the DUG catalogue): what the
// rule still needs, the rule itself, an agreement record's sentence and the page's history.
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { formatUtcIn } from "~/models/time";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { isOutcome, isPosition, type Need, type Outcome, type RuleSettings } from "./rule";

export type Say = (id: MessageId, values?: Record<string, string | number>) => string;

/** `say(id, values)`: a DUG message in `locale`. */
export const sayIn =
  (locale: Locale): Say =>
  (id, values) =>
    translate(locale, id, values);

/** What the rule still needs, one phrase each. */
export function needsIn(locale: Locale, needs: readonly Need[]): string[] {
  return needs.map((n) => translate(locale, `dug.needs.${n.need}`, n.count === undefined ? undefined : { count: n.count }));
}

/** The needs as one list ("needs 1 more position; blocked by 1 objection"). */
export function needsListIn(locale: Locale, needs: readonly Need[]): string {
  return needsIn(locale, needs).join(translate(locale, "dug.list.needsSeparator"));
}

/** The rule in words, for the page. */
export function describeRuleIn(locale: Locale, s: RuleSettings): string[] {
  const share = (p: number) => (p === 50 ? "majority" : p >= 100 ? "all" : "more");
  return [
    translate(locale, "dug.rule.quorum", { share: share(s.quorumPercent), percent: s.quorumPercent }),
    translate(locale, "dug.rule.agreement", { share: share(s.agreePercent), percent: s.agreePercent, tolerated: s.objectionsTolerated }),
    translate(locale, "dug.rule.latestCounts"),
  ];
}

/** The sentence an agreement record opens with (in English, the record's language, by default). */
export function recordSentence(outcome: Outcome, date: Date, locale: Locale = DEFAULT_LOCALE): string {
  return translate(locale, `dug.record.statement.${outcome}`, { day: formatUtcIn(date, locale, false) });
}

const str = (value: unknown) => String(value ?? "");
// The note openReview writes on a superseded round (review.server.ts), worded again in the reader's language.
const SUPERSEDED_NOTE = /^Superseded by round (\d+), opened on plan version (\d+)\.$/;

/** One line of the DUG page's history (a public audit event), and the parts that keep their own direction. */
export function dugHistoryIn(locale: Locale, action: string, d: Record<string, unknown>): { text: string; isolate: string[] } {
  const say = sayIn(locale);
  const position = (value: unknown) => {
    const p = str(value);
    return isPosition(p) ? say(`consultation.position.${p}`) : p.replace(/_/g, " ");
  };
  const outcome = (value: unknown) => {
    const o = str(value);
    return isOutcome(o) ? say(`consultation.outcome.${o}`) : o.replace(/_/g, " ");
  };
  const round = str(d.round);
  switch (action) {
    case "dug.review.open": {
      const values = { round, version: str(d.planVersion ?? d.version) };
      return d.deadline
        ? { text: say("dug.history.open", { ...values, deadline: formatUtcIn(new Date(str(d.deadline)), locale) }), isolate: [] }
        : { text: say("dug.history.openNoDeadline", values), isolate: [] };
    }
    case "dug.position.record":
      return {
        text: d.previous
          ? say("dug.history.positionChanged", { member: str(d.member), previous: position(d.previous), position: position(d.position), round })
          : say("dug.history.position", { member: str(d.member), position: position(d.position), round }),
        isolate: [str(d.member)],
      };
    case "dug.advice.post":
      return { text: say("dug.history.advice", { liaison: str(d.liaison), round }), isolate: [str(d.liaison)] };
    case "dug.review.certify":
      return { text: say("dug.history.certify", { round, outcome: outcome(d.outcome), hash: str(d.recordHash) }), isolate: [str(d.recordHash)] };
    case "dug.review.lapse":
      return { text: say("dug.history.lapse", { round, hash: str(d.recordHash) }), isolate: [str(d.recordHash)] };
    case "dug.review.supersede": {
      if (!d.note) return { text: say("dug.history.supersedeNewRound", { round }), isolate: [] };
      const ours = SUPERSEDED_NOTE.exec(str(d.note));
      return ours
        ? { text: say("dug.history.supersedeByRound", { round, next: ours[1], version: ours[2] }), isolate: [] }
        : { text: say("dug.history.supersede", { round, note: str(d.note) }), isolate: [str(d.note)] };
    }
    default:
      return { text: action, isolate: [] };
  }
}
