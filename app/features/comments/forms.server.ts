import { dismissFlags, flagComment, hideComment, restoreComment } from "~/features/comments/moderation.server";
import { editComment, postComment, withdrawComment } from "~/features/comments/comment.server";
import { findCommentByRef } from "~/features/comments/threads.server";
import { commentAnchorId, parseCommentRef } from "~/features/comments/reference";
import { refused } from "~/models/refusal.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { renderMarkdown } from "~/services/markdown.server";
import { NOUNS, plural } from "~/models/plural";
import { clientIp } from "~/services/rate-limit.server";
import { attachmentLimits, receiveAttachments, uploadLimits, withStoredAttachments } from "~/features/attachments/attachment.server";
import {
  commentDismissFlagsSchema,
  commentEditSchema,
  commentFlagSchema,
  commentHideSchema,
  commentPostSchema,
  commentPreviewSchema,
  commentRestoreSchema,
  commentWithdrawSchema,
} from "~/features/comments/validation";
import { commentOnBehalfSchema } from "~/features/email/validation";
import { postMailCommentOnBehalf } from "~/features/email/on-behalf.server";
import { requestLocale } from "~/i18n/request-locale.server";

/**
 * The actions of every comment form (post, reply, preview, edit, withdraw, flag, hide, restore,
 * dismiss flags), shared by the consultation page and a comment's own page. Rejections return
 * the user's input with the message for the field; successes redirect to the comment.
 */
export async function handleCommentAction(request: Request, consultation: { id: string; number: number; slug: string }) {
  const user = await requireUser(request);
  const at = (ref: string, message: string) => redirectWithFlash(`/consultations/${consultation.slug}/comments/${ref}#${commentAnchorId(ref)}`, message);
  const limits = await attachmentLimits();

  return handleForm(
    request,
    {
      preview: form(commentPreviewSchema, (input) => ({ preview: renderMarkdown(input.bodyMd, { headingIds: false }).html })),
      post: form(commentPostSchema, async (input, _form, uploads) => {
        let parentId: string | null = null;
        if (input.parentRef) {
          const ref = parseCommentRef(input.parentRef);
          parentId = ref && ref.number === consultation.number ? await findCommentByRef({ consultationId: consultation.id, seq: ref.seq }) : null;
          if (!parentId) return refused(404, "The comment you are replying to does not exist.");
        }
        const received = await receiveAttachments(uploads, limits);
        if (!received.ok) return received;
        const pageLocale = await requestLocale(request);
        const result = await withStoredAttachments(received.files, () =>
          postComment({
            consultationId: consultation.id,
            author: user,
            bodyMd: input.bodyMd,
            parentId,
            sectionId: input.sectionId,
            onBehalfOf: input.onBehalfOf,
            language: input.language ?? null,
            pageLocale,
            idempotencyKey: input.idempotencyKey,
            ip: clientIp(request),
            attachments: { files: received.files, limits },
          }),
        );
        if (!result.ok) return result;
        const files = received.files.length ? ` with ${plural(received.files.length, NOUNS.file)} attached` : "";
        return at(result.comment.ref, result.duplicate ? "Your comment was already posted." : `Your comment ${result.comment.ref} is posted${files}.`);
      }),
      edit: form(commentEditSchema, async (input) => {
        const result = await editComment({ commentId: input.commentId, actor: user, bodyMd: input.bodyMd });
        return result.ok ? at(result.ref, "Your comment is updated; the earlier text stays in its edit history.") : result;
      }),
      withdraw: form(commentWithdrawSchema, async (input) => {
        const result = await withdrawComment({ commentId: input.commentId, actor: user });
        return result.ok ? at(result.ref, "Your comment is withdrawn.") : result;
      }),
      flag: form(commentFlagSchema, async (input) => {
        const result = await flagComment({ commentId: input.commentId, actor: user, reason: input.reason });
        return result.ok
          ? at(result.ref, result.alreadyFlagged ? "You had already flagged this comment." : "Thank you: the IFM will review this comment.")
          : result;
      }),
      hide: form(commentHideSchema, async (input) => {
        const result = await hideComment({ commentId: input.commentId, actor: user, reason: input.reason });
        return result.ok ? at(result.ref, `Comment ${result.ref} is hidden.`) : result;
      }),
      restore: form(commentRestoreSchema, async (input) => {
        const result = await restoreComment({ commentId: input.commentId, actor: user, reason: input.reason });
        return result.ok ? at(result.ref, `Comment ${result.ref} is restored.`) : result;
      }),
      "on-behalf": form(commentOnBehalfSchema, async (input) => {
        const result = await postMailCommentOnBehalf({ commentId: input.commentId, organisationId: input.organisationId, actor: user });
        return result.ok ? at(result.ref, `Comment ${result.ref} is now posted on behalf of ${result.organisation}.`) : result;
      }),
      "dismiss-flags": form(commentDismissFlagsSchema, async (input) => {
        const result = await dismissFlags({ commentId: input.commentId, actor: user });
        return result.ok ? at(result.ref, "Flags dismissed.") : result;
      }),
    },
    { uploads: uploadLimits(limits) },
  );
}
