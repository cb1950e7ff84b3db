import { db, type Db } from "~/services/db.server";

/**
 * What a model command answers when it refuses: an HTTP-like status (4xx), a message for the
 * person, and the form field it is about (none: the whole form). A rate limit's refusal also
 * says when to try again.
 */
export type Refused = { ok: false; status: number; field?: string; message: string; retryAfterSeconds?: number };

export function refused(status: number, message: string, field?: string): Refused {
  return { ok: false, status, message, ...(field ? { field } : {}) };
}

// A model function that writes in a transaction refuses bad input by throwing a Refusal inside it:
// the transaction rolls back (nothing half-written) and the caller gets the failure as a value.

/** Thrown inside a transaction to roll it back and answer with `failure` (a 4xx for the user). */
export class Refusal<F extends { message: string }> extends Error {
  constructor(readonly failure: F) {
    super(failure.message);
  }
}

type TransactionOptions = { maxWait?: number; timeout?: number };

/** Runs `fn` in a transaction; a Refusal thrown in it becomes the returned failure. */
export async function inTransaction<T, F extends { message: string }>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T | F> {
  try {
    return await db().$transaction((tx) => fn(tx), options);
  } catch (error) {
    if (error instanceof Refusal) return error.failure as F;
    throw error;
  }
}
