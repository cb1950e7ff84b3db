import { Link } from "@remix-run/react";
import type { ConsultationStatus } from "~/features/consultations/status";
import { UtcTime } from "~/components/time";
import { useEnglishContent, useT, type MessageId } from "~/i18n/t";
import { NOUNS, plural } from "~/models/plural";

type Card = {
  slug: string;
  number: number;
  title: string;
  summary: string;
  status: ConsultationStatus;
  opensAt: string | Date | null;
  closesAt: string | Date | null;
  concludedAt: string | Date | null;
  commentCount: number;
};

const BADGE: Record<ConsultationStatus, string> = {
  draft: "badge-muted",
  upcoming: "badge-info",
  open: "badge-ok",
  closed: "badge-warn",
  concluded: "badge-muted",
  withdrawn: "badge-bad",
};

export function StatusBadge({ status }: { status: ConsultationStatus }) {
  const t = useT();
  return <span className={`badge ${BADGE[status]}`}>{t(`consultations.status.${status}`)}</span>;
}

type TimeLeft = { kind: "closed" | "lessThanAnHour"; count: 0 } | { kind: "hours" | "days"; count: number };

/** Whole days (rounded down) or hours left until `closesAt`. */
function timeLeftOf(closesAt: Date, now: Date): TimeLeft {
  const ms = closesAt.getTime() - now.getTime();
  if (ms <= 0) return { kind: "closed", count: 0 };
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return { kind: "lessThanAnHour", count: 0 };
  return hours < 48 ? { kind: "hours", count: hours } : { kind: "days", count: Math.floor(hours / 24) };
}

/** The time left until `closesAt`, in English words. */
export function timeLeft(closesAt: Date, now: Date): string {
  const left = timeLeftOf(closesAt, now);
  if (left.kind === "closed") return "closed";
  if (left.kind === "lessThanAnHour") return "less than an hour left";
  return `${plural(left.count, left.kind === "hours" ? NOUNS.hour : NOUNS.day)} left`;
}

const TIME_LEFT: Record<TimeLeft["kind"], MessageId> = {
  closed: "consultations.card.closed",
  lessThanAnHour: "consultations.card.lessThanAnHour",
  hours: "consultations.card.hoursLeft",
  days: "consultations.card.daysLeft",
};

/** `timeLeft` in the page's language. */
export function useTimeLeft(): (closesAt: Date, now: Date) => string {
  const t = useT();
  return (closesAt, now) => {
    const left = timeLeftOf(closesAt, now);
    return t(TIME_LEFT[left.kind], { count: left.count });
  };
}

export function ConsultationCard({ c, now }: { c: Card; now: Date }) {
  const t = useT();
  const english = useEnglishContent();
  const timeLeftIn = useTimeLeft();
  return (
    <li className="card">
      <p className="eyebrow">
        {t("consultations.card.number", { number: c.number })} · <StatusBadge status={c.status} />
      </p>
      <h3 {...english}>
        <Link to={`/consultations/${c.slug}`}>{c.title}</Link>
      </h3>
      <p {...english}>{c.summary}</p>
      <p className="small muted">
        {c.status === "open" && c.closesAt ? (
          <>
            {t("consultations.card.closes")} <UtcTime value={c.closesAt} /> ({timeLeftIn(new Date(c.closesAt), now)})
          </>
        ) : c.status === "upcoming" && c.opensAt ? (
          <>
            {t("consultations.card.opens")} <UtcTime value={c.opensAt} />
          </>
        ) : c.concludedAt ? (
          <>
            {t("consultations.card.concluded")} <UtcTime value={c.concludedAt} withTime={false} />
          </>
        ) : null}
        {" · "}
        {t("consultations.card.comments", { count: c.commentCount })}
      </p>
    </li>
  );
}
