// A consultation's status is derived from its timestamps and the current time, never stored.
export const STATUSES = ["draft", "upcoming", "open", "closed", "concluded", "withdrawn"] as const;
export type ConsultationStatus = (typeof STATUSES)[number];

/** The columns the status is derived from, as a Prisma select. */
export const STATUS_SELECT = { publishedAt: true, opensAt: true, closesAt: true, withdrawnAt: true, concludedAt: true } as const;

/** A consultation's identity and status columns, for the pages of its parts (DUG, statement). */
export const CONSULTATION_HEAD_SELECT = { id: true, number: true, slug: true, title: true, dugRequired: true, ...STATUS_SELECT } as const;

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
