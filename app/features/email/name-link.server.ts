// The link in a receipt with which someone whose account was made by their mail gives the name
// shown with their comments. Signed and valid for a week; it needs no sign-in (the mail it came
// in proves the address, as a sign-in link would).
import { sign, verifySignature } from "~/services/crypto.server";
import { absoluteUrl } from "~/services/env.server";

const TTL_SECONDS = 7 * 24 * 3600;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function nameUrl(userId: string, now = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + TTL_SECONDS;
  return absoluteUrl(`/mail/name/${userId}.${expires}.${sign(`mail-name:${userId}:${expires}`)}`);
}

export type NameTokenResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "expired" };

export function readNameToken(token: string, now = new Date()): NameTokenResult {
  const [userId, expires, signature, ...rest] = token.split(".");
  if (rest.length || !userId || !expires || !signature || !ID.test(userId) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: "invalid" };
  if (!verifySignature(`mail-name:${userId}:${expires}`, signature)) return { ok: false, reason: "invalid" };
  if (Number(expires) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, userId };
}
