// Reading DUG reviews: the public page of a consultation's rounds, positions, advice and agreement
// record, and a member's dashboard of the rounds waiting for them.
import { db } from "~/services/db.server";
import { CONSULTATION_HEAD_SELECT, consultationStatus } from "~/features/consultations/status";
import { readAgreementRecord } from "./record";
import { isOutcome, type Outcome, type RuleStatus } from "./rule";
import { activeSeats, getRuleSettings, nameOf, openRefusal, ruleOf, standingOf } from "./review.server";
import { describeRuleIn, dugHistoryIn, needsIn, recordSentence } from "./wording.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

export type DugViewer = { id?: string; isStaff: boolean };

/** The rule's status with what it still needs worded in `locale`. */
const ruleIn = (locale: Locale, rule: RuleStatus) => ({ ...rule, needs: needsIn(locale, rule.needs) });

/** Everything /consultations/:slug/dug shows, worded in `locale`. Null for an unknown consultation or a draft. */
export async function getDugPage({
  slug,
  viewer,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  slug: string;
  viewer: DugViewer;
  now?: Date;
  locale?: Locale;
}) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      ...CONSULTATION_HEAD_SELECT,
      versions: { where: { publishedAt: { not: null } }, orderBy: { number: "desc" }, take: 1, select: { number: true, contentHash: true } },
      dugReviews: {
        orderBy: { round: "desc" },
        select: {
          id: true,
          round: true,
          openedAt: true,
          deadline: true,
          outcome: true,
          decidedAt: true,
          recordJson: true,
          recordHash: true,
          openedBy: { select: { displayName: true, email: true } },
          certifiedBy: { select: { displayName: true, email: true } },
          planVersion: { select: { number: true, contentHash: true } },
          positions: {
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              userId: true,
              position: true,
              rationale: true,
              conditions: true,
              createdAt: true,
              user: { select: { displayName: true, email: true } },
            },
          },
          advice: {
            orderBy: { createdAt: "asc" },
            select: { id: true, userId: true, bodyHtml: true, createdAt: true, user: { select: { displayName: true, email: true } } },
          },
        },
      },
    },
  });
  if (!c || !c.publishedAt) return null;
  const status = consultationStatus(c, now);
  const settings = await getRuleSettings();
  const seats = await activeSeats(db(), now);
  const votingIds = seats.voting.map((s) => s.userId);
  const seatOf = new Map([...seats.voting, ...seats.liaisons].map((s) => [s.userId, s]));
  // Seats of people no longer seated, for their organisation on old rounds.
  const allSeats = await db().dugSeat.findMany({
    select: { userId: true, seat: true, liaisonFrom: true, organisation: { select: { name: true } } },
    orderBy: { termStart: "asc" },
  });
  const anySeat = new Map(allSeats.map((s) => [s.userId, s]));
  const current = c.versions[0] ?? null;

  const rounds = c.dugReviews.map((r) => {
    const standing = standingOf(r.positions);
    const members = [...standing.values()].map((p) => {
      const history = r.positions.filter((h) => h.userId === p.userId);
      const seat = seatOf.get(p.userId) ?? anySeat.get(p.userId);
      return {
        userId: p.userId,
        name: nameOf(p.user),
        organisation: seat?.organisation?.name ?? null,
        seated: votingIds.includes(p.userId),
        position: p.position,
        rationale: p.rationale,
        conditions: p.conditions,
        recordedAt: p.createdAt,
        earlier: history
          .slice(0, -1)
          .reverse()
          .map((h) => ({ id: h.id, position: h.position, rationale: h.rationale, conditions: h.conditions, recordedAt: h.createdAt })),
      };
    });
    const isOpen = !r.outcome;
    const rule = ruleOf(votingIds, standing, settings);
    const { record, hashValid } = readAgreementRecord(r.recordJson, r.recordHash);
    const waiting = isOpen ? seats.voting.filter((s) => !standing.has(s.userId)).map((s) => nameOf(s.user)) : [];
    return {
      id: r.id,
      round: r.round,
      openedAt: r.openedAt,
      openedBy: nameOf(r.openedBy),
      deadline: r.deadline,
      deadlinePassed: r.deadline <= now,
      outcome: r.outcome as Outcome | null,
      decidedAt: r.decidedAt,
      certifiedBy: r.certifiedBy ? nameOf(r.certifiedBy) : null,
      planVersion: r.planVersion.number,
      planHash: r.planVersion.contentHash,
      outdated: !!current && current.number !== r.planVersion.number,
      positions: members,
      waiting,
      advice: r.advice.map((a) => ({
        id: a.id,
        name: nameOf(a.user),
        from: anySeat.get(a.userId)?.liaisonFrom ?? null,
        html: a.bodyHtml,
        createdAt: a.createdAt,
      })),
      // Open rounds show the live rule; decided ones the record's tally.
      rule: isOpen ? ruleIn(locale, rule) : null,
      // The record is English (it is what was hashed); its sentence is shown in the reader's language.
      record: record
        ? {
            json: r.recordJson!,
            hash: r.recordHash!,
            hashValid,
            statement:
              locale !== DEFAULT_LOCALE && isOutcome(record.outcome) && r.decidedAt ? recordSentence(record.outcome, r.decidedAt, locale) : record.statement,
            conditions: record.conditions,
          }
        : null,
    };
  });

  const me = viewer.id ? seatOf.get(viewer.id) : undefined;
  const openRound = rounds.find((r) => !r.outcome) ?? null;
  const refusal = openRefusal(c, now, locale);
  const history = await db().auditEvent.findMany({
    where: { consultationId: c.id, isPublic: true, action: { startsWith: "dug." } },
    orderBy: { createdAt: "asc" },
    select: { id: true, action: true, dataJson: true, createdAt: true },
  });
  return {
    consultation: { number: c.number, slug: c.slug, title: c.title, dugRequired: c.dugRequired, status },
    currentVersion: current?.number ?? null,
    rules: describeRuleIn(locale, settings),
    rounds,
    history: history.map((h) => ({ id: h.id, at: h.createdAt, ...dugHistoryIn(locale, h.action, JSON.parse(h.dataJson) as Record<string, unknown>) })),
    viewer: {
      signedIn: !!viewer.id,
      seat: me ? (me.seat === "voting" ? "voting" : "liaison") : null,
      isChair: !!me && seats.chair?.userId === me.userId,
      // The IFM may open a round when none is open on the current version.
      canOpen: viewer.isStaff && !refusal && !!current && !(openRound && !openRound.outdated),
      openRefusal: viewer.isStaff ? refusal : null,
    },
  };
}

/** A DUG seat holder's dashboard: open reviews, those waiting for their position first, worded in `locale`. */
export async function getDugDashboard({ userId, now = new Date(), locale = DEFAULT_LOCALE }: { userId: string; now?: Date; locale?: Locale }) {
  const seats = await activeSeats(db(), now);
  const mine = [...seats.voting, ...seats.liaisons].find((s) => s.userId === userId) ?? null;
  const settings = await getRuleSettings();
  const reviews = await db().dugReview.findMany({
    where: { outcome: null },
    orderBy: { deadline: "asc" },
    select: {
      id: true,
      round: true,
      deadline: true,
      planVersion: { select: { number: true } },
      consultation: { select: { number: true, slug: true, title: true } },
      positions: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, userId: true, position: true, rationale: true, conditions: true, createdAt: true },
      },
      advice: { where: { userId }, select: { id: true } },
    },
  });
  const votingIds = seats.voting.map((s) => s.userId);
  const items = reviews.map((r) => {
    const standing = standingOf(r.positions);
    const myPosition = standing.get(userId)?.position ?? null;
    const waitingForMe = !!mine && r.deadline > now && (mine.seat === "voting" ? !myPosition : r.advice.length === 0);
    return {
      id: r.id,
      round: r.round,
      deadline: r.deadline,
      deadlinePassed: r.deadline <= now,
      planVersion: r.planVersion.number,
      consultation: r.consultation,
      myPosition,
      adviceCount: r.advice.length,
      waitingForMe,
      rule: ruleIn(locale, ruleOf(votingIds, standing, settings)),
    };
  });
  return {
    seat: mine
      ? { kind: mine.seat, isChair: seats.chair?.userId === userId, organisation: mine.organisation?.name ?? null, liaisonFrom: mine.liaisonFrom }
      : null,
    waiting: items.filter((i) => i.waitingForMe),
    others: items.filter((i) => !i.waitingForMe),
  };
}
