import { randomBytes } from "node:crypto";

// Helpers for the few hot paths written in SQL rather than through Prisma's query builder: each
// Prisma query costs about 0.6 ms of CPU (its query compiler runs for every call), a raw one a
// fifth of that. Raw SQL must store values exactly as Prisma does, so that both read them alike.

/** SQLite's text form of a DateTime as Prisma writes it, so that raw SQL compares like with like. */
export function sqliteDateTime(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}

/** A DateTime read by raw SQL: a Date for a column, the stored text for an expression. */
export function dateFrom(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

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
