import { z } from "zod";
import { MAX_COMMENT_LENGTH, parseCommentRef } from "~/features/comments/reference";
import { NOUNS, plural } from "~/models/plural";
import { commentLanguageField } from "~/features/translations/validation";

// Forms of the comment section. Several of them live on one page (the consultation page, the
// "continue this thread" page, the IFM moderation page): each carries an `intent` field.

const EMPTY_BODY = "Write your comment before posting.";

/** "" (an empty form field) → undefined, so optional fields can be left blank. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const commentBodyField = z
  .string({ error: EMPTY_BODY })
  .trim()
  .min(1, EMPTY_BODY)
  .max(MAX_COMMENT_LENGTH, {
    error: (issue) => {
      const length = typeof issue.input === "string" ? issue.input.length : undefined;
      const limit = plural(MAX_COMMENT_LENGTH, NOUNS.character);
      return length
        ? `A comment can have at most ${limit}; this one has ${length.toLocaleString("en")}. Shorten it or split it into two comments.`
        : `A comment can have at most ${limit}.`;
    },
  });

const commentIdField = z.string({ error: "That comment was not found." }).trim().min(1, "That comment was not found.").max(100);

const reasonField = (what: string) =>
  z
    .string({ error: `Give a reason for ${what}.` })
    .trim()
    .min(5, `Give a reason for ${what} (at least 5 characters).`)
    .max(500, "Use at most 500 characters for the reason.");

export const commentPostSchema = z.object({
  bodyMd: commentBodyField,
  /** The reference ("4-17") of the comment replied to; absent for a new thread. */
  parentRef: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((v) => parseCommentRef(v) !== null, "The comment you are replying to is not a valid reference.")
      .optional(),
  ),
  /** Heading id of the plan section the comment is about. */
  sectionId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, "That section does not exist in the current plan.")
      .optional(),
  ),
  /** Organisation id when posting on behalf of a verified organisation; blank = as an individual. */
  onBehalfOf: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  /** The language it is written in; blank: detected from the text. */
  language: commentLanguageField,
  idempotencyKey: z
    .string({ error: "This form is out of date. Reload the page and post again (copy your text first)." })
    .min(8, "This form is out of date. Reload the page and post again (copy your text first).")
    .max(100, "This form is out of date. Reload the page and post again (copy your text first)."),
  /** Honeypot: hidden from people by CSS; naive bots fill it in. */
  website: z.string().max(0, "Leave this field empty.").optional(),
});

/** "Preview" button of the comment form (renders without saving). */
export const commentPreviewSchema = z.object({
  bodyMd: commentBodyField,
});

export const commentEditSchema = z.object({
  commentId: commentIdField,
  bodyMd: commentBodyField,
});

export const commentWithdrawSchema = z.object({
  commentId: commentIdField,
});

export const commentFlagSchema = z.object({
  commentId: commentIdField,
  reason: reasonField("flagging this comment"),
});

export const commentHideSchema = z.object({
  commentId: commentIdField,
  reason: reasonField("hiding this comment"),
});

export const commentRestoreSchema = z.object({
  commentId: commentIdField,
  reason: z.preprocess(blankToUndefined, z.string().trim().max(500, "Use at most 500 characters for the reason.").optional()),
});

export const commentDismissFlagsSchema = z.object({
  commentId: commentIdField,
});
