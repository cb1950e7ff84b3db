/**
 * The only writers of NotificationEvent rows: one for Prisma transactions, one for the typed SQL
 * layer (the comment-posting path, docs/decisions/016 and 055). Both take the same typed value and
 * encode it with the union, so an event cannot be stored in a shape the worker would refuse.
 */
import type { Db } from "~/services/db.server";
import { newId } from "~/services/sql.server";
import type { SqlSession } from "~/services/sql/session";
import { statement } from "~/services/sql/statement";
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

const insertEvent = statement<
  [id: string, type: string, consultationId: string, subjectId: string | null, actorId: string | null, payloadJson: string, createdAt: Date]
>()(`INSERT INTO "NotificationEvent" ("id", "type", "consultationId", "subjectId", "actorId", "payloadJson", "createdAt")
  VALUES (?, ?, ?, ?, ?, ?, ?)`);

/** The same, inside a transaction of the typed SQL layer (sqlTransaction, see db.server.ts). */
export async function recordEventDirect(sql: SqlSession, event: NewEvent): Promise<void> {
  const row = columnsOf(event);
  await sql.run(insertEvent, [row.id, row.type, row.consultationId, row.subjectId, row.actorId, row.payloadJson, row.createdAt]);
}
