import type { MessageId } from "~/i18n/message-id";

// The states of a received message, in the order the inbound log shows them (no server imports).
export const INBOUND_STATUSES = ["received", "processing", "posted", "duplicate", "refused", "ignored", "bounce", "failed"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export const isInboundStatus = (value: unknown): value is InboundStatus => INBOUND_STATUSES.includes(value as InboundStatus);

/** What the staff's inbound log calls each state (app/features/admin/messages). */
export const INBOUND_STATUS_LABELS: Record<InboundStatus, MessageId> = {
  received: "admin.inbound.status.received",
  processing: "admin.inbound.status.processing",
  posted: "admin.inbound.status.posted",
  duplicate: "admin.inbound.status.duplicate",
  refused: "admin.inbound.status.refused",
  ignored: "admin.inbound.status.ignored",
  bounce: "admin.inbound.status.bounce",
  failed: "admin.inbound.status.failed",
};
