/**
 * The only writers of NotificationEvent rows: one for Prisma transactions, one for the direct
 * connection (the comment-posting path, docs/decisions/016). Both take the same typed value and
 * encode it with the union, so an event cannot be stored in a shape the worker would refuse.
 */
import type { Db } from "~/services/db.server";
import { newId, sqliteDateTime } from "~/services/sql.server";
import type { DirectConnection } from "~/services/sqlite-isolation.server";
import { storedColumns, type EventBody } from "./payloads";

/** An event to store: its body, the consultation it concerns, who caused it (never mailed about it) and when. */
export type NewEvent = EventBody & { consultationId: string; actorId?: string | null; createdAt: Date };

function columnsOf(event: NewEvent) {
  return {
    id: newId(event.createdAt.getTime()),
    ...storedColumns(event),
    consultationId: event.consultationId,
    actorId: event.actorId ?? null,
    createdAt: event.createdAt,
  };
}

/** Writes one event; call it with the transaction client of the change it tells of. */
export async function recordEvent(tx: Db, event: NewEvent): Promise<void> {
  await tx.notificationEvent.create({ data: columnsOf(event), select: { id: true } });
}

const INSERT_SQL = `INSERT INTO "NotificationEvent" ("id", "type", "consultationId", "subjectId", "actorId", "payloadJson", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** The same, inside a transaction on the direct connection (see db.server.ts). */
export function recordEventDirect(sql: DirectConnection, event: NewEvent): void {
  const row = columnsOf(event);
  sql.statement(INSERT_SQL).run(row.id, row.type, row.consultationId, row.subjectId, row.actorId, row.payloadJson, sqliteDateTime(row.createdAt));
}
