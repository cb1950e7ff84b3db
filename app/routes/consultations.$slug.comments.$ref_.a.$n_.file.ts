import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse, getAttachmentFile } from "~/features/attachments/attachment.server";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/session.server";

// The bytes of an attachment (its page is one level up). Hidden and withdrawn comments' files are
// not served: 404, like an address that never existed, so nothing about them leaks.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const file = await getAttachmentFile({ slug: params.slug!, ref: params.ref!, position: params.n!, viewer: { isStaff: isStaff(user) } });
  if (!file) return new Response("There is no attachment at this address.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return attachmentResponse(file, request);
}
