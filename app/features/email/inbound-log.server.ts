// The inbound log staff read at Staff → Inbound mail: every received message, newest first, with
// what processing decided, the authenticity checks, and the comment it posted.
import { db } from "~/services/db.server";
import { formatCommentRef } from "~/features/comments/reference";
import { INBOUND_STATUSES, isInboundStatus } from "./inbound-status";

export type InboundLogItem = {
  id: string;
  receivedAt: Date;
  via: string;
  mailFrom: string;
  fromAddress: string | null;
  rcptTo: string;
  subject: string | null;
  size: number;
  status: string;
  attempts: number;
  outcome: string | null;
  auth: string | null;
  comment: { ref: string; href: string } | null;
};

export async function listInboundLog({ status, page = 1, pageSize = 50 }: { status?: string; page?: number; pageSize?: number }) {
  const where = isInboundStatus(status) ? { status } : {};
  const [rows, total, grouped] = await Promise.all([
    db().inboundMessage.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        receivedAt: true,
        via: true,
        mailFrom: true,
        fromAddress: true,
        rcptTo: true,
        subject: true,
        size: true,
        status: true,
        attempts: true,
        outcome: true,
        authJson: true,
        commentId: true,
      },
    }),
    db().inboundMessage.count({ where }),
    db().inboundMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const commentIds = rows.flatMap((r) => (r.commentId ? [r.commentId] : []));
  const comments = commentIds.length
    ? await db().comment.findMany({
        where: { id: { in: commentIds } },
        select: { id: true, seq: true, consultation: { select: { number: true, slug: true } } },
      })
    : [];
  const refs = new Map(
    comments.map((c) => {
      const ref = formatCommentRef(c.consultation.number, c.seq);
      return [c.id, { ref, href: `/consultations/${c.consultation.slug}/comments/${ref}` }];
    }),
  );
  const counts = Object.fromEntries(INBOUND_STATUSES.map((s) => [s, 0])) as Record<(typeof INBOUND_STATUSES)[number], number>;
  for (const g of grouped) if (isInboundStatus(g.status)) counts[g.status] = g._count._all;
  const items: InboundLogItem[] = rows.map(({ authJson, commentId, ...r }) => {
    const auth = JSON.parse(authJson) as { summary?: string };
    return { ...r, auth: auth.summary ?? null, comment: commentId ? (refs.get(commentId) ?? null) : null };
  });
  return { items, total, counts };
}
