// The states of an outgoing mail, shared by the outbox (server) and the staff's mail page, whose
// status tabs render in the browser too: so this module has no `.server` suffix and no imports.

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "retrying", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function isOutboxStatus(value: string | null | undefined): value is OutboxStatus {
  return (OUTBOX_STATUSES as readonly (string | null | undefined)[]).includes(value);
}
