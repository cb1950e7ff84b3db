// What a delivery status notification (RFC 3464) says about an address, and when an address gets
// no more notifications: after HARD_BOUNCE_LIMIT permanent failures, or at once when the server
// says the mailbox does not exist (5.1.1). Delays (4.x.x) and reports of success count for nothing.

export const HARD_BOUNCE_LIMIT = 3;

export type DeliveryReport = { action: string; status: string; diagnostic: string };
export type BounceKind = "no-such-user" | "hard" | "soft" | "none";

/** Reads the per-recipient fields of a message/delivery-status part (the first recipient block). */
export function readDeliveryStatus(text: string): DeliveryReport | null {
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "im").exec(unfolded)?.[1].trim() ?? "";
  const status = /([245])\.(\d{1,3})\.(\d{1,3})/.exec(field("Status"))?.[0] ?? "";
  const action = field("Action").toLowerCase();
  if (!status && !action) return null;
  return {
    action,
    status,
    diagnostic: field("Diagnostic-Code")
      .replace(/^[a-z-]+;\s*/i, "")
      .slice(0, 300),
  };
}

export function bounceKind(report: DeliveryReport): BounceKind {
  if (report.action !== "failed" && !report.status.startsWith("5.")) return report.action === "delayed" || report.status.startsWith("4.") ? "soft" : "none";
  if (report.status === "5.1.1" || report.status === "5.1.10") return "no-such-user";
  return report.status.startsWith("4.") ? "soft" : "hard";
}

/** Whether the address is to get no more notifications, after this bounce. */
export function shouldSuppress(kind: BounceKind, hardBouncesSoFar: number): boolean {
  return kind === "no-such-user" || (kind === "hard" && hardBouncesSoFar >= HARD_BOUNCE_LIMIT);
}
