import type { ActionFunctionArgs } from "@remix-run/node";
import { handleCommentAction } from "~/features/comments/forms.server";
import { findConsultationRef } from "~/features/consultations/consultation.server";
import { isStaff } from "~/models/roles";
import { asJsonReply } from "~/services/form-action.server";
import { getCurrentUser } from "~/services/session.server";

// The comment form posted by its script, so the page can show the upload's progress: the same
// action as the consultation page's and a comment page's, answered in JSON. Without JavaScript
// the form posts to its page instead.
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) } });
  if (!consultation) return Response.json({ errors: { form: "There is no consultation at this address." } }, { status: 404 });
  return asJsonReply(await handleCommentAction(request, consultation));
}
