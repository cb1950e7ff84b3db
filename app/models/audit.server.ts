import { db, type Db } from "~/services/db.server";
import { newId } from "~/services/sql.server";
import type { SqlSession } from "~/services/sql/session";
import { statement } from "~/services/sql/statement";
import { pageCountOf, pageWindow } from "./paging";

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

type AuditRow = [
  id: string,
  actorId: string | null,
  action: string,
  subjectType: string,
  subjectId: string,
  consultationId: string | null,
  isPublic: boolean,
  dataJson: string,
  createdAt: Date,
];

const insertAudit = statement<AuditRow>()(
  `INSERT INTO "AuditEvent" ("id", "actorId", "action", "subjectType", "subjectId", "consultationId", "isPublic", "dataJson", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

function auditRow(input: AuditInput, now: Date): AuditRow {
  return [
    newId(now.getTime()),
    input.actorId,
    input.action,
    input.subjectType,
    input.subjectId,
    input.consultationId ?? null,
    !!input.isPublic,
    JSON.stringify(input.data ?? {}),
    now,
  ];
}

/** Writes one audit event; call it with the transaction client of the change it records. */
export async function recordAudit(tx: Db, input: AuditInput) {
  // Raw SQL: every change writes one of these, often on a busy path. Prisma's tagged template
  // gives each database its own placeholders and writes the Date and the boolean as it stores them.
  const [id, actorId, action, subjectType, subjectId, consultationId, isPublic, dataJson, createdAt] = auditRow(input, new Date());
  await tx.$executeRaw`INSERT INTO "AuditEvent" ("id", "actorId", "action", "subjectType", "subjectId", "consultationId", "isPublic", "dataJson", "createdAt")
    VALUES (${id}, ${actorId}, ${action}, ${subjectType}, ${subjectId}, ${consultationId}, ${isPublic}, ${dataJson}, ${createdAt})`;
}

/** The same, inside a transaction of the typed SQL layer (sqlTransaction, see db.server.ts). */
export async function auditDirect(sql: SqlSession, input: AuditInput, now = new Date()): Promise<void> {
  await sql.run(insertAudit, auditRow(input, now));
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents({ page = 1, action }: { page?: number; action?: string }) {
  const where = action ? { action: { startsWith: action } } : {};
  const [events, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: { createdAt: "desc" },
      ...pageWindow(page, AUDIT_PAGE_SIZE),
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
    pageCount: pageCountOf(total, AUDIT_PAGE_SIZE),
  };
}
