// Bounces: a delivery status notification reaches the signed VERP return path of the mail that
// failed (app/services/mail-addresses.server.ts), which names the recipient; the rule in
// bounce-rule.ts decides whether the address gets notifications any more. The person sees a
// stopped address in their settings (and can clear it); staff see it at Outgoing mail.
import type { ParsedMail } from "mailparser";
import { db } from "~/services/db.server";
import { recordAudit } from "~/models/audit.server";
import { bounceKind, readDeliveryStatus, shouldSuppress } from "./bounce-rule";

/** Records what the report in `mail` says about `recipient`; returns the outcome for the inbound log. */
export async function recordDeliveryReport({ recipient, mail, now }: { recipient: string; mail: ParsedMail; now: Date }): Promise<string> {
  const part = mail.attachments.find((a) => a.contentType === "message/delivery-status");
  const report = part ? readDeliveryStatus(part.content.toString("utf8")) : null;
  if (!report) return `Not a delivery status notification for ${recipient}; nothing recorded.`;
  const kind = bounceKind(report);
  if (kind === "soft" || kind === "none") return `Delivery to ${recipient}: ${report.action || "report"} ${report.status}; nothing recorded.`;

  const email = recipient.toLowerCase();
  return db().$transaction(async (tx) => {
    const before = await tx.mailBounce.findUnique({ where: { email }, select: { hardBounces: true, suppressedAt: true } });
    const hardBounces = (before?.hardBounces ?? 0) + 1;
    const suppress = !before?.suppressedAt && shouldSuppress(kind, hardBounces);
    const data = { hardBounces, lastBounceAt: now, lastStatus: report.status, lastDiagnostic: report.diagnostic, ...(suppress ? { suppressedAt: now } : {}) };
    await tx.mailBounce.upsert({ where: { email }, create: { email, ...data }, update: data });
    const stopped = suppress || before?.suppressedAt ? " Notifications to it are stopped." : "";
    return `Hard bounce ${hardBounces} for ${email} (${report.status}${kind === "no-such-user" ? ", no such user" : ""}).${stopped}`;
  });
}

/** Of `emails`, those that get no notifications because of bounces (lower-case). */
export async function suppressedAddresses(emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db().mailBounce.findMany({
    where: { email: { in: emails.map((e) => e.toLowerCase()) }, suppressedAt: { not: null } },
    select: { email: true },
  });
  return new Set(rows.map((r) => r.email));
}

/** The bounce state of one address, for its owner's settings. */
export function bounceOf(email: string) {
  return db().mailBounce.findUnique({
    where: { email: email.toLowerCase() },
    select: { hardBounces: true, lastBounceAt: true, lastStatus: true, lastDiagnostic: true, suppressedAt: true },
  });
}

/** The owner says the address works again: notifications resume, the count starts over. */
export async function clearBounces({ email, actorId }: { email: string; actorId: string }): Promise<boolean> {
  const { count } = await db().mailBounce.deleteMany({ where: { email: email.toLowerCase() } });
  if (count) {
    await recordAudit(db(), { actorId, action: "mail.bounces-clear", subjectType: "email", subjectId: email.toLowerCase() });
  }
  return count > 0;
}

/** Addresses that get no more notifications, newest first, for Outgoing mail. */
export function listSuppressedAddresses({ take = 100 }: { take?: number } = {}) {
  return db().mailBounce.findMany({
    where: { suppressedAt: { not: null } },
    orderBy: { suppressedAt: "desc" },
    take,
    select: { email: true, hardBounces: true, lastStatus: true, lastDiagnostic: true, suppressedAt: true },
  });
}
