import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/features/attachments/attachment.server";
import { getStatementFile } from "~/features/statement/statement-files.server";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/session.server";

// The bytes of a statement's file (its page is one level up), served as inert as a comment's
// attachment. A draft's file is IFM staff's only: 404 to anyone else, so nothing about it leaks.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const file = await getStatementFile({ slug: params.slug!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!file) return new Response("The statement has no file at this address.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return attachmentResponse(file, request);
}
