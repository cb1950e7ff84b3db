import { randomBytes } from "node:crypto";

// Row ids for the hot paths written in SQL rather than through Prisma's query builder (each Prisma
// query costs about 0.6 ms of CPU, a raw one a fifth of that; see app/services/sql/): raw SQL must
// store values exactly as Prisma does, so that both read them alike.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A new row id shaped like Prisma's cuid() (a "c", a time part, then randomness; 25 characters of
 * [0-9a-z]), for rows inserted with raw SQL.
 */
export function newId(now = Date.now()): string {
  const time = now.toString(36).padStart(9, "0").slice(-9);
  const bytes = randomBytes(15);
  let random = "";
  for (const b of bytes) random += ALPHABET[b % 36];
  return `c${time}${random}`;
}
