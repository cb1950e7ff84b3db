import { db } from "~/services/db.server";
import { consultationStatus, type ConsultationStatus } from "./consultation-status";

const summarySelect = {
  id: true,
  number: true,
  slug: true,
  title: true,
  summary: true,
  category: true,
  affected: true,
  dugRequired: true,
  publishedAt: true,
  opensAt: true,
  closesAt: true,
  withdrawnAt: true,
  concludedAt: true,
  commentCount: true,
} as const;

export type ConsultationSummary = {
  id: string;
  number: number;
  slug: string;
  title: string;
  summary: string;
  category: string;
  affected: string;
  dugRequired: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  concludedAt: Date | null;
  commentCount: number;
  status: ConsultationStatus;
};

/** The home page: open consultations (closing soonest first), upcoming ones, recently concluded ones. */
export async function homeConsultations(now = new Date()) {
  const [live, concluded] = await Promise.all([
    db().consultation.findMany({
      where: { publishedAt: { not: null }, withdrawnAt: null, concludedAt: null, closesAt: { gt: now } },
      orderBy: { closesAt: "asc" },
      select: summarySelect,
    }),
    db().consultation.findMany({
      where: { concludedAt: { not: null }, withdrawnAt: null },
      orderBy: { concludedAt: "desc" },
      take: 5,
      select: summarySelect,
    }),
  ]);
  const withStatus = (c: (typeof live)[number]): ConsultationSummary => ({ ...c, status: consultationStatus(c, now) });
  const all = live.map(withStatus);
  return {
    open: all.filter((c) => c.status === "open"),
    upcoming: all.filter((c) => c.status === "upcoming"),
    concluded: concluded.map(withStatus),
  };
}
