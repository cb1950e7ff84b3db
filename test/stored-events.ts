import { parseStoredEvent, type EventType, type StoredEvent } from "~/features/following/events/payloads";
import { db } from "~/services/db.server";

/** The stored events (of `type`, or all), oldest first, read as the worker reads them: a row the union refuses fails the test. */
export async function storedEvents(type?: EventType): Promise<StoredEvent[]> {
  const rows = await db().notificationEvent.findMany({ where: type ? { type } : {}, orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const parsed = parseStoredEvent(row);
    if (!parsed.ok) throw new Error(`stored event ${row.id} (${row.type}) is refused by the union: ${parsed.problem}`);
    return parsed.event;
  });
}
