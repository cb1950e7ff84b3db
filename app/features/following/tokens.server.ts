import { absoluteUrlIn } from "~/services/local-url.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { sign, verifySignature } from "~/services/crypto.server";

// Signed tokens carried in notification mail links (docs/decisions/008). They need no database
// lookup to verify and cannot be forged without SESSION_SECRET.

const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const CONFIRM_TTL_SECONDS = 7 * 24 * 3600;

/** "all" stops every notification; a consultation id stops following that consultation. */
export type UnsubscribeList = "all" | string;

export function manageToken(followerId: string): string {
  return `${followerId}.${sign(`manage:${followerId}`)}`;
}

export function readManageToken(token: string): string | null {
  const [followerId, signature, ...rest] = token.split(".");
  if (rest.length || !followerId || !signature || !ID.test(followerId)) return null;
  return verifySignature(`manage:${followerId}`, signature) ? followerId : null;
}

export function unsubscribeToken(followerId: string, list: UnsubscribeList): string {
  return `${followerId}.${list}.${sign(`unsub:${followerId}:${list}`)}`;
}

export function readUnsubscribeToken(token: string): { followerId: string; list: UnsubscribeList } | null {
  const [followerId, list, signature, ...rest] = token.split(".");
  if (rest.length || !followerId || !list || !signature || !ID.test(followerId) || !ID.test(list)) return null;
  return verifySignature(`unsub:${followerId}:${list}`, signature) ? { followerId, list } : null;
}

export function confirmToken(followerId: string, now = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + CONFIRM_TTL_SECONDS;
  return `${followerId}.${expires}.${sign(`confirm:${followerId}:${expires}`)}`;
}

export type ConfirmTokenResult = { ok: true; followerId: string } | { ok: false; reason: "invalid" | "expired" };

export function readConfirmToken(token: string, now = new Date()): ConfirmTokenResult {
  const [followerId, expires, signature, ...rest] = token.split(".");
  if (rest.length || !followerId || !expires || !signature || !ID.test(followerId) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: "invalid" };
  if (!verifySignature(`confirm:${followerId}:${expires}`, signature)) return { ok: false, reason: "invalid" };
  if (Number(expires) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, followerId };
}

// In the reader's language: the pages these links open speak it (English is unprefixed).
export const manageUrl = (followerId: string, locale: Locale = DEFAULT_LOCALE) => absoluteUrlIn(`/follow/manage/${manageToken(followerId)}`, locale);
export const unsubscribeUrl = (followerId: string, list: UnsubscribeList, locale: Locale = DEFAULT_LOCALE) =>
  absoluteUrlIn(`/unsubscribe/${unsubscribeToken(followerId, list)}`, locale);
export const confirmUrl = (followerId: string, now = new Date(), locale: Locale = DEFAULT_LOCALE) =>
  absoluteUrlIn(`/follow/confirm/${confirmToken(followerId, now)}`, locale);
