// The states of a received message, in the order the inbound log shows them (no server imports).
export const INBOUND_STATUSES = ["received", "processing", "posted", "duplicate", "refused", "ignored", "bounce", "failed"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export const isInboundStatus = (value: unknown): value is InboundStatus => INBOUND_STATUSES.includes(value as InboundStatus);

export const INBOUND_STATUS_LABELS: Record<InboundStatus, string> = {
  received: "Waiting",
  processing: "Processing",
  posted: "Posted",
  duplicate: "Duplicate",
  refused: "Refused",
  ignored: "Ignored (automatic)",
  bounce: "Bounce",
  failed: "Failed",
};
