import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireStaffPage } from "~/features/admin/access.server";
import { can } from "~/models/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaffPage(request, "admin.enter");
  throw redirect(can(user, "users.read") ? "/admin/users" : "/admin/moderation");
}
