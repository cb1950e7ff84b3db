import crypto from "node:crypto";
import { env } from "./env.server";

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Keyed hash for secrets stored in the database (sign-in links and codes, session tokens). */
export function keyedHash(value: string): string {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(value).digest("hex");
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

/** A signature for tokens carried in URLs (unsubscribe, confirmation links). */
export function sign(payload: string): string {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(`url:${payload}`).digest("base64url");
}

export function verifySignature(payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** A short numeric one-time code. */
export function randomCode(digits = 6): string {
  return crypto
    .randomInt(0, 10 ** digits)
    .toString()
    .padStart(digits, "0");
}
