import type { ActionFunctionArgs } from "@remix-run/node";
import { handleBuilderAction } from "~/features/statement/builder-actions.server";
import { asJsonReply } from "~/services/form-action.server";

// The builder's texts with the statement's files, posted by its script so the page can show the
// upload's progress: the builder's own action, answered in JSON. Without JavaScript the form
// posts to the builder page instead.
export async function action({ request, params }: ActionFunctionArgs) {
  return asJsonReply(await handleBuilderAction(request, params.slug!));
}
