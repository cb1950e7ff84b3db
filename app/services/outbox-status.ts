import type { MessageId } from "~/i18n/message-id";

// The states of an outgoing mail, shared by the outbox (server) and the staff's mail page, whose
// status tabs render in the browser too: so this module has no `.server` suffix and only a type import.

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "retrying", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function isOutboxStatus(value: string | null | undefined): value is OutboxStatus {
  return (OUTBOX_STATUSES as readonly (string | null | undefined)[]).includes(value);
}

/** What the staff's mail page calls each state (app/features/admin/messages). */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, MessageId> = {
  queued: "admin.mail.status.queued",
  sending: "admin.mail.status.sending",
  sent: "admin.mail.status.sent",
  retrying: "admin.mail.status.retrying",
  dead: "admin.mail.status.dead",
};
