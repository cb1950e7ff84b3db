import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { db, type Db } from "~/services/db.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { retryAfterMessage } from "~/services/rate-limit.server";
import { can, refusalId, type Action, type Actor, type Resource } from "./permissions";

/**
 * What a model command answers when it refuses: an HTTP-like status (4xx), a message for the
 * person, and the form field it is about (none: the whole form). A rate limit's refusal also
 * says when to try again. Every command answers `{ ok: true, ... } | Refused`.
 */
export type Refused = {
  ok: false;
  status: number;
  field?: string;
  message: string;
  retryAfterSeconds?: number;
  /** The catalogue message `message` says, for a form reply to word in its page's language. */
  messageId?: MessageId;
};

export function refused(status: number, message: string, field?: string): Refused {
  return { ok: false, status, message, ...(field ? { field } : {}) };
}

/** The 429 of a rate limit, with the wait in its message (in `locale`) and in `Retry-After`. */
export function rateLimited(retryAfterSeconds: number, locale?: Locale): Refused {
  return { ...refused(429, retryAfterMessage(retryAfterSeconds, locale)), retryAfterSeconds };
}

/**
 * A 403 when `actor` may not do `action` (app/models/permissions.ts), otherwise null. Its message
 * is in `locale`; a form's reply words it again in the language of the page it answers.
 */
export function denied(actor: Actor | null | undefined, action: Action, resource?: Resource, locale: Locale = DEFAULT_LOCALE): Refused | null {
  if (can(actor, action, resource)) return null;
  const messageId = refusalId(action, resource);
  return { ...refused(403, translate(locale, messageId)), messageId };
}

// A model function that writes in a transaction refuses by throwing a Refusal inside it: the
// transaction rolls back (nothing half-written) and the caller gets the refusal as a value.

/** Thrown inside a transaction to roll it back and answer with `refused` (a 4xx for the person). */
export class Refusal extends Error {
  constructor(readonly refused: Refused) {
    super(refused.message);
  }
}

type TransactionOptions = { maxWait?: number; timeout?: number };

/** Runs `fn` in a transaction; a Refusal thrown in it becomes the returned refusal. */
export async function inTransaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T | Refused> {
  try {
    return await db().$transaction((tx) => fn(tx), options);
  } catch (error) {
    if (error instanceof Refusal) return error.refused;
    throw error;
  }
}
