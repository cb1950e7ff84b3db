// A consultation's status is derived from its timestamps and the current time, never stored.
export const STATUSES = ["draft", "upcoming", "open", "closed", "concluded", "withdrawn"] as const;
export type ConsultationStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ConsultationStatus, string> = {
  draft: "Draft",
  upcoming: "Upcoming",
  open: "Open for comment",
  closed: "Comment period closed",
  concluded: "Concluded",
  withdrawn: "Withdrawn",
};

export type StatusDates = {
  publishedAt: Date | null;
  opensAt: Date | null;
  closesAt: Date | null;
  withdrawnAt: Date | null;
  concludedAt: Date | null;
};

/**
 * The comment period is the half-open interval [opensAt, closesAt): a comment at exactly the
 * opening instant is accepted, one at exactly the closing instant is not.
 */
export function consultationStatus(c: StatusDates, now: Date = new Date()): ConsultationStatus {
  if (c.withdrawnAt) return "withdrawn";
  if (!c.publishedAt || !c.opensAt || !c.closesAt) return "draft";
  if (c.concludedAt) return "concluded";
  if (now < c.opensAt) return "upcoming";
  if (now < c.closesAt) return "open";
  return "closed";
}
