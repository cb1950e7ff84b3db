import { z } from "zod";
import { MAX_COMMENT_LENGTH, parseCommentRef } from "~/features/comments/reference";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { commentLanguageField } from "~/features/translations/validation";

// Forms of the comment section. Several of them live on one page (the consultation page, the
// "continue this thread" page, the IFM moderation page): each carries an `intent` field.
// Their messages are in the reader's language: commentSchemas(locale) gives the schemas in one
// language (built once per language); the constants below are the English ones.

/** "" (an empty form field) → undefined, so optional fields can be left blank. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

function schemasIn(locale: Locale) {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const emptyBody = say("comments.refusal.emptyBody");
  const outOfDate = say("comments.refusal.formOutOfDate");
  const notFound = say("comments.refusal.commentNotFound");
  const reasonTooLong = say("comments.refusal.reasonTooLong");

  const body = z
    .string({ error: emptyBody })
    .trim()
    .min(1, emptyBody)
    .max(MAX_COMMENT_LENGTH, {
      error: (issue) => {
        const length = typeof issue.input === "string" ? issue.input.length : undefined;
        return length
          ? say("comments.refusal.tooLong", { limit: MAX_COMMENT_LENGTH, length })
          : say("comments.refusal.tooLongNoLength", { limit: MAX_COMMENT_LENGTH });
      },
    });

  const commentId = z.string({ error: notFound }).trim().min(1, notFound).max(100);

  const reason = (missing: MessageId, short: MessageId) =>
    z
      .string({ error: say(missing) })
      .trim()
      .min(5, say(short))
      .max(500, reasonTooLong);

  return {
    body,
    post: z.object({
      bodyMd: body,
      /** The reference ("4-17") of the comment replied to; absent for a new thread. */
      parentRef: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .refine((v) => parseCommentRef(v) !== null, say("comments.refusal.parentRefInvalid"))
          .optional(),
      ),
      /** Heading id of the plan section the comment is about. */
      sectionId: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_-]{1,200}$/, say("comments.refusal.noSuchSection"))
          .optional(),
      ),
      /** Organisation id when posting on behalf of a verified organisation; blank = as an individual. */
      onBehalfOf: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
      /** The language it is written in; blank: detected from the text. */
      language: commentLanguageField,
      idempotencyKey: z.string({ error: outOfDate }).min(8, outOfDate).max(100, outOfDate),
      /** Honeypot: hidden from people by CSS; naive bots fill it in. */
      website: z.string().max(0, say("comments.refusal.honeypot")).optional(),
    }),
    /** "Preview" button of the comment form (renders without saving). */
    preview: z.object({ bodyMd: body }),
    edit: z.object({ commentId, bodyMd: body }),
    withdraw: z.object({ commentId }),
    flag: z.object({ commentId, reason: reason("comments.refusal.flagReasonMissing", "comments.refusal.flagReasonShort") }),
    hide: z.object({ commentId, reason: reason("comments.refusal.hideReasonMissing", "comments.refusal.hideReasonShort") }),
    restore: z.object({
      commentId,
      reason: z.preprocess(blankToUndefined, z.string().trim().max(500, reasonTooLong).optional()),
    }),
    dismissFlags: z.object({ commentId }),
  };
}

export type CommentSchemas = ReturnType<typeof schemasIn>;
const built = new Map<Locale, CommentSchemas>();

/** The comment forms' schemas with their messages in `locale`. */
export function commentSchemas(locale: Locale): CommentSchemas {
  let schemas = built.get(locale);
  if (!schemas) built.set(locale, (schemas = schemasIn(locale)));
  return schemas;
}

const english = commentSchemas(DEFAULT_LOCALE);
export const commentPostSchema = english.post;
export const commentEditSchema = english.edit;
export const commentWithdrawSchema = english.withdraw;
export const commentFlagSchema = english.flag;
export const commentHideSchema = english.hide;
export const commentRestoreSchema = english.restore;
