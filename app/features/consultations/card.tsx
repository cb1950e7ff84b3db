import { Link } from "@remix-run/react";
import { STATUS_LABELS, type ConsultationStatus } from "~/features/consultations/status";
import { UtcTime } from "~/components/time";
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
  return <span className={`badge ${BADGE[status]}`}>{STATUS_LABELS[status]}</span>;
}

/** Whole days (rounded down) and hours left until `closesAt`, in words. */
export function timeLeft(closesAt: Date, now: Date): string {
  const ms = closesAt.getTime() - now.getTime();
  if (ms <= 0) return "closed";
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return "less than an hour left";
  if (hours < 48) return `${plural(hours, NOUNS.hour)} left`;
  return `${plural(Math.floor(hours / 24), NOUNS.day)} left`;
}

export function ConsultationCard({ c, now }: { c: Card; now: Date }) {
  return (
    <li className="card">
      <p className="eyebrow">
        Consultation {c.number} · <StatusBadge status={c.status} />
      </p>
      <h3>
        <Link to={`/consultations/${c.slug}`}>{c.title}</Link>
      </h3>
      <p>{c.summary}</p>
      <p className="small muted">
        {c.status === "open" && c.closesAt ? (
          <>
            Closes <UtcTime value={c.closesAt} /> ({timeLeft(new Date(c.closesAt), now)})
          </>
        ) : c.status === "upcoming" && c.opensAt ? (
          <>
            Opens for comment <UtcTime value={c.opensAt} />
          </>
        ) : c.concludedAt ? (
          <>
            Concluded <UtcTime value={c.concludedAt} withTime={false} />
          </>
        ) : null}
        {" · "}
        {plural(c.commentCount, NOUNS.comment)}
      </p>
    </li>
  );
}
