import { db, type Db } from "~/services/db.server";
import { newId, sqliteDateTime } from "~/services/sql.server";
import type { DirectConnection } from "~/services/sqlite-isolation.server";
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

const INSERT_SQL = `INSERT INTO "AuditEvent" ("id", "actorId", "action", "subjectType", "subjectId", "consultationId", "isPublic", "dataJson", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function auditRow(input: AuditInput, now: Date) {
  return [
    newId(now.getTime()),
    input.actorId,
    input.action,
    input.subjectType,
    input.subjectId,
    input.consultationId ?? null,
    input.isPublic ? 1 : 0,
    JSON.stringify(input.data ?? {}),
    sqliteDateTime(now),
  ];
}

/** Writes one audit event; call it with the transaction client of the change it records. */
export async function recordAudit(tx: Db, input: AuditInput) {
  // Raw SQL: every change writes one of these, often on a busy path.
  await tx.$executeRawUnsafe(INSERT_SQL, ...auditRow(input, new Date()));
}

/** The same, inside a transaction on the direct connection (see db.server.ts). */
export function auditDirect(sql: DirectConnection, input: AuditInput, now = new Date()) {
  sql.statement(INSERT_SQL).run(...auditRow(input, now));
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
