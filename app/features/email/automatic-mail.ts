// RFC 3834: mail that no person wrote (auto-replies, bounces, list traffic) never gets an answer
// from us, so two robots can never answer each other in a loop.

/** The header fields the rule reads, lower-case names; values as received. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * Why the message was sent by a machine, or null when a person sent it: an empty return path
 * (bounces), Auto-Submitted other than "no", Precedence bulk/junk/list, list headers, the
 * out-of-office markers of common servers, or a delivery or disposition report.
 */
export function automaticReason(header: HeaderLookup, mailFrom: string): string | null {
  if (!mailFrom.trim() || mailFrom.trim() === "<>") return "it has an empty return path (a bounce or other automatic notice)";
  const autoSubmitted = header("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) return `it is marked Auto-Submitted: ${autoSubmitted}`;
  const precedence = header("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `it is marked Precedence: ${precedence}`;
  if (header("list-id") || header("list-unsubscribe")) return "it came through a mailing list";
  if (header("x-autoreply") || header("x-autorespond") || header("x-auto-response-suppress")?.toLowerCase().includes("all")) {
    return "it is an automatic reply";
  }
  const type = header("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("multipart/report")) return "it is a delivery or read report";
  return null;
}
