/** PostgreSQL's serialisation failure and deadlock: the transaction that met one may simply run again. */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);

/**
 * Is this error a serialisation failure or a deadlock, in any of the shapes it reaches us in: a
 * node-pg error (`code`), a Prisma error (`P2034`, or the code in `meta`), or the Prisma adapter's
 * own error (`cause.kind`), which is what a conflict found at COMMIT becomes.
 */
export function isRetryableConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; cause?: { kind?: string; code?: string }; message?: string } | null;
  if (!e) return false;
  if (e.code === "P2034" || RETRYABLE_CODES.has(e.code ?? "") || RETRYABLE_CODES.has(e.meta?.code ?? "")) return true;
  if (e.cause?.kind === "TransactionWriteConflict" || RETRYABLE_CODES.has(e.cause?.code ?? "")) return true;
  return /could not serialize access|deadlock detected|TransactionWriteConflict/.test(e.message ?? "");
}

/** How many times a conflicting transaction is run in all before its error is thrown. */
export const RETRY_ATTEMPTS = 5;

/** A short, jittered pause before attempt `attempt + 1`, so that two conflicting writers part. */
export function pauseBeforeRetry(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 * attempt * (0.5 + Math.random())));
}
