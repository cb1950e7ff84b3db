import { data } from "@remix-run/node";
import {
  dismissFlags,
  editComment,
  findCommentByRef,
  flagComment,
  hideComment,
  postComment,
  restoreComment,
  withdrawComment,
  type CommentFailure,
} from "~/models/comment.server";
import { parseCommentRef } from "~/models/comment-reference";
import { requireUser } from "./auth.server";
import { redirectWithFlash } from "./flash.server";
import { renderMarkdown } from "./markdown.server";
import { clientIp } from "./rate-limit.server";
import { commentActionSchema } from "~/validation/comment";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export type CommentActionData = { intent: string; commentId?: string; values: Record<string, string>; errors: Record<string, string>; preview?: string | null };

/**
 * The actions of every comment form (post, reply, preview, edit, withdraw, flag, hide, restore,
 * dismiss flags), shared by the consultation page and a comment's own page. Rejections return
 * the user's input with the message for the field; successes redirect to the comment.
 */
export async function handleCommentAction(request: Request, consultation: { id: string; number: number; slug: string }) {
  const user = await requireUser(request);
  const form = await request.formData();
  const values = formValues(form);
  const intent = values.intent ?? "";
  const reply = (errors: Record<string, string>, status: number, preview: string | null = null) =>
    data<CommentActionData>({ intent, commentId: values.commentId, values, errors, preview }, { status });
  const refused = (r: CommentFailure) => reply({ [r.field ?? "form"]: r.message }, r.status);
  const parsed = parseForm(commentActionSchema, form);
  if (!parsed.success) return reply(fieldErrors(parsed.error), 400);
  const input = parsed.data;
  const at = (ref: string, message: string) => redirectWithFlash(`/consultations/${consultation.slug}/comments/${ref}#c-${ref}`, message);

  switch (input.intent) {
    case "preview":
      return reply({}, 200, renderMarkdown(input.bodyMd, { headingIds: false }).html);
    case "post": {
      let parentId: string | null = null;
      if (input.parentRef) {
        const ref = parseCommentRef(input.parentRef);
        parentId = ref && ref.number === consultation.number ? await findCommentByRef({ consultationId: consultation.id, seq: ref.seq }) : null;
        if (!parentId) return reply({ form: "The comment you are replying to does not exist." }, 404);
      }
      const result = await postComment({
        consultationId: consultation.id,
        author: user,
        bodyMd: input.bodyMd,
        parentId,
        sectionId: input.sectionId,
        onBehalfOf: input.onBehalfOf,
        idempotencyKey: input.idempotencyKey,
        ip: clientIp(request),
      });
      if (!result.ok) return refused(result);
      return at(result.comment.ref, result.duplicate ? "Your comment was already posted." : `Your comment ${result.comment.ref} is posted.`);
    }
    case "edit": {
      const result = await editComment({ commentId: input.commentId, userId: user.id, bodyMd: input.bodyMd });
      return result.ok ? at(result.ref, "Your comment is updated; the earlier text stays in its edit history.") : refused(result);
    }
    case "withdraw": {
      const result = await withdrawComment({ commentId: input.commentId, userId: user.id });
      return result.ok ? at(result.ref, "Your comment is withdrawn.") : refused(result);
    }
    case "flag": {
      const result = await flagComment({ commentId: input.commentId, userId: user.id, reason: input.reason });
      return result.ok ? at(result.ref, result.alreadyFlagged ? "You had already flagged this comment." : "Thank you: the IFM will review this comment.") : refused(result);
    }
    case "hide": {
      const result = await hideComment({ commentId: input.commentId, actor: user, reason: input.reason });
      return result.ok ? at(result.ref, `Comment ${result.ref} is hidden.`) : refused(result);
    }
    case "restore": {
      const result = await restoreComment({ commentId: input.commentId, actor: user, reason: input.reason });
      return result.ok ? at(result.ref, `Comment ${result.ref} is restored.`) : refused(result);
    }
    case "dismiss-flags": {
      const result = await dismissFlags({ commentId: input.commentId, actor: user });
      return result.ok ? at(result.ref, "Flags dismissed.") : refused(result);
    }
  }
}
