import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { can } from "~/models/permissions";
import { requirePermission } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.enter");
  throw redirect(can(user, "users.read") ? "/admin/users" : "/admin/moderation");
}
