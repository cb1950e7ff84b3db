import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { hasRole } from "~/models/roles";
import { requireStaff } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  throw redirect(hasRole(user, "admin") ? "/admin/users" : "/admin/moderation");
}
