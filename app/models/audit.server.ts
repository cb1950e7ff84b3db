import { db, type Db } from "~/services/db.server";

export type AuditInput = {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  consultationId?: string | null;
  /** Public events form a consultation's public history. */
  isPublic?: boolean;
  data?: Record<string, unknown>;
};

/** Writes one audit event; call it with the transaction client of the change it records. */
export async function recordAudit(tx: Db, input: AuditInput) {
  await tx.auditEvent.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      consultationId: input.consultationId ?? null,
      isPublic: input.isPublic ?? false,
      dataJson: JSON.stringify(input.data ?? {}),
    },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents({ page = 1, action }: { page?: number; action?: string }) {
  const where = action ? { action: { startsWith: action } } : {};
  const [events, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        action: true,
        subjectType: true,
        subjectId: true,
        dataJson: true,
        createdAt: true,
        actor: { select: { email: true, displayName: true } },
      },
    }),
    db().auditEvent.count({ where }),
  ]);
  return {
    events: events.map(({ dataJson, ...e }) => ({ ...e, data: JSON.parse(dataJson) as Record<string, unknown> })),
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
}
