// The addresses mail is received at, all under MAIL_DOMAIN (docs/decisions/033):
//   reply+<commentId>-<followerId>-<expiry>-<signature>   a reply to one comment, for one recipient
//   comments-<number>                                      a consultation's public comment address
//   bounce+<signature>-<local>=<domain>                    the VERP return path of outgoing mail
// Local parts are lower-case only (some servers fold case), and signed addresses are keyed with
// SESSION_SECRET, so none can be forged or altered.
import crypto from "node:crypto";
import { env, mailDomain } from "./env.server";

const DAY_MS = 86_400_000;
/** A reply address works this long after the notification that carried it. */
export const REPLY_ADDRESS_DAYS = 90;
const ID = /^[a-z0-9]{1,40}$/;

function signature(payload: string, length: number): string {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(`mail:${payload}`).digest("hex").slice(0, length);
}

function sameSignature(expected: string, given: string): boolean {
  return expected.length === given.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** Splits `local@domain`; null unless the domain is ours. */
function ourLocalPart(address: string): string | null {
  const at = address.lastIndexOf("@");
  if (at < 1) return null;
  if (address.slice(at + 1).toLowerCase() !== mailDomain()) return null;
  return address.slice(0, at).toLowerCase();
}

export function isOurDomain(address: string): boolean {
  return ourLocalPart(address) !== null;
}

/** The Reply-To of one recipient's notification about one comment. */
export function replyAddress({ commentId, followerId, now = new Date() }: { commentId: string; followerId: string; now?: Date }): string {
  if (!ID.test(commentId) || !ID.test(followerId)) throw new Error("Reply addresses need lower-case alphanumeric ids");
  const expiry = Math.floor(now.getTime() / DAY_MS + REPLY_ADDRESS_DAYS).toString(36);
  return `reply+${commentId}-${followerId}-${expiry}-${signature(`reply:${commentId}:${followerId}:${expiry}`, 20)}@${mailDomain()}`;
}

export type Destination =
  | { kind: "reply"; commentId: string; followerId: string }
  | { kind: "reply-expired" }
  | { kind: "comments"; consultationNumber: number }
  | { kind: "bounce"; recipient: string }
  | { kind: "unknown" };

/** What a recipient address of ours stands for (a bad signature is "unknown"). */
export function readDestination(address: string, now = new Date()): Destination {
  const local = ourLocalPart(address);
  if (local === null) return { kind: "unknown" };
  const reply = /^reply\+([a-z0-9]+)-([a-z0-9]+)-([a-z0-9]{1,8})-([a-f0-9]{20})$/.exec(local);
  if (reply) {
    const [, commentId, followerId, expiry, sig] = reply;
    if (!sameSignature(signature(`reply:${commentId}:${followerId}:${expiry}`, 20), sig)) return { kind: "unknown" };
    if (parseInt(expiry, 36) * DAY_MS < now.getTime()) return { kind: "reply-expired" };
    return { kind: "reply", commentId, followerId };
  }
  const comments = /^comments-([1-9][0-9]{0,8})$/.exec(local);
  if (comments) return { kind: "comments", consultationNumber: Number(comments[1]) };
  const bounce = /^bounce\+([a-f0-9]{16})-(.+)=([a-z0-9.-]+)$/.exec(local);
  if (bounce) {
    const [, sig, user, domain] = bounce;
    const recipient = `${user}@${domain}`;
    return sameSignature(signature(`bounce:${recipient}`, 16), sig) ? { kind: "bounce", recipient } : { kind: "unknown" };
  }
  return { kind: "unknown" };
}

/** A consultation's public comment address. */
export const commentsAddress = (consultationNumber: number) => `comments-${Math.trunc(consultationNumber)}@${mailDomain()}`;

/**
 * The VERP return path of a mail to `recipient`: a delivery status notification comes back to an
 * address that names the recipient, whatever the notification's format.
 */
export function bounceAddress(recipient: string): string {
  const lower = (/<([^<>]+)>\s*$/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  return `bounce+${signature(`bounce:${lower}`, 16)}-${lower.slice(0, at)}=${lower.slice(at + 1)}@${mailDomain()}`;
}
