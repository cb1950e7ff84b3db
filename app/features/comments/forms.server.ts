import { dismissFlags, flagComment, hideComment, restoreComment } from "~/features/comments/moderation.server";
import { editComment, postComment, withdrawComment } from "~/features/comments/comment.server";
import { findCommentByRef } from "~/features/comments/threads.server";
import { commentAnchorId, parseCommentRef } from "~/features/comments/reference";
import { refused } from "~/models/refusal.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { renderMarkdown } from "~/services/markdown.server";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { requestLocale } from "~/i18n/request-locale.server";
import { DEFAULT_LOCALE } from "~/services/language";
import { clientIp } from "~/services/rate-limit.server";
import { attachmentLimits, receiveAttachments, uploadLimits, withStoredAttachments } from "~/features/attachments/attachment.server";
import { commentSchemas } from "~/features/comments/validation";
import { commentOnBehalfSchema } from "~/features/email/validation";
import { postMailCommentOnBehalf } from "~/features/email/on-behalf.server";

/**
 * The actions of every comment form (post, reply, preview, edit, withdraw, flag, hide, restore,
 * dismiss flags), shared by the consultation page and a comment's own page. Rejections return
 * the user's input with the message for the field; successes redirect to the comment. Messages,
 * refusals and flash messages alike, are in the language of the page the form was sent from.
 */
export async function handleCommentAction(request: Request, consultation: { id: string; number: number; slug: string }) {
  const user = await requireUser(request);
  const [locale, limits] = await Promise.all([requestLocale(request), attachmentLimits()]);
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  // The flash keeps its English text and its id: it is shown in the language of the page it lands on.
  const at = (ref: string, messageId: MessageId, values?: Record<string, string | number>) =>
    redirectWithFlash(`/consultations/${consultation.slug}/comments/${ref}#${commentAnchorId(ref)}`, {
      kind: "success",
      message: translate(DEFAULT_LOCALE, messageId, values),
      messageId,
      ...(values ? { values } : {}),
    });
  const schemas = commentSchemas(locale);

  return handleForm(
    request,
    {
      preview: form(schemas.preview, (input) => ({ preview: renderMarkdown(input.bodyMd, { headingIds: false }).html })),
      post: form(schemas.post, async (input, _form, uploads) => {
        let parentId: string | null = null;
        if (input.parentRef) {
          const ref = parseCommentRef(input.parentRef);
          parentId = ref && ref.number === consultation.number ? await findCommentByRef({ consultationId: consultation.id, seq: ref.seq }) : null;
          if (!parentId) return refused(404, say("comments.refusal.parentNotFound"));
        }
        const received = await receiveAttachments(uploads, limits, locale);
        if (!received.ok) return received;
        const result = await withStoredAttachments(received.files, () =>
          postComment({
            consultationId: consultation.id,
            author: user,
            bodyMd: input.bodyMd,
            parentId,
            sectionId: input.sectionId,
            onBehalfOf: input.onBehalfOf,
            language: input.language ?? null,
            pageLocale: locale,
            idempotencyKey: input.idempotencyKey,
            ip: clientIp(request),
            locale,
            attachments: { files: received.files, limits },
          }),
        );
        if (!result.ok) return result;
        const ref = result.comment.ref;
        const files = received.files.length;
        if (result.duplicate) return at(ref, "comments.flash.alreadyPosted");
        return files ? at(ref, "comments.flash.postedWithFiles", { ref, files }) : at(ref, "comments.flash.posted", { ref });
      }),
      edit: form(schemas.edit, async (input) => {
        const result = await editComment({ commentId: input.commentId, actor: user, bodyMd: input.bodyMd, locale });
        return result.ok ? at(result.ref, "comments.flash.edited") : result;
      }),
      withdraw: form(schemas.withdraw, async (input) => {
        const result = await withdrawComment({ commentId: input.commentId, actor: user, locale });
        return result.ok ? at(result.ref, "comments.flash.withdrawn") : result;
      }),
      flag: form(schemas.flag, async (input) => {
        const result = await flagComment({ commentId: input.commentId, actor: user, reason: input.reason, locale });
        return result.ok ? at(result.ref, result.alreadyFlagged ? "comments.flash.alreadyFlagged" : "comments.flash.flagged") : result;
      }),
      hide: form(schemas.hide, async (input) => {
        const result = await hideComment({ commentId: input.commentId, actor: user, reason: input.reason, locale });
        return result.ok ? at(result.ref, "comments.flash.hidden", { ref: result.ref }) : result;
      }),
      restore: form(schemas.restore, async (input) => {
        const result = await restoreComment({ commentId: input.commentId, actor: user, reason: input.reason, locale });
        return result.ok ? at(result.ref, "comments.flash.restored", { ref: result.ref }) : result;
      }),
      "on-behalf": form(commentOnBehalfSchema(locale), async (input) => {
        const result = await postMailCommentOnBehalf({ commentId: input.commentId, organisationId: input.organisationId, actor: user, locale });
        return result.ok ? at(result.ref, "comments.flash.onBehalf", { ref: result.ref, organisation: result.organisation }) : result;
      }),
      "dismiss-flags": form(schemas.dismissFlags, async (input) => {
        const result = await dismissFlags({ commentId: input.commentId, actor: user, locale });
        return result.ok ? at(result.ref, "comments.flash.flagsDismissed") : result;
      }),
    },
    { uploads: uploadLimits(limits) },
  );
}
