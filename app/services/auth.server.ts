import { redirect } from "@remix-run/node";
import { hasRole, ROLE_LABELS, type Role } from "~/models/roles";
import { forbidden } from "./http.server";
import { getCurrentUser, hasEndedSession, type CurrentUser } from "./session.server";

export { getCurrentUser, type CurrentUser };

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
    // The sign-in page says why a person whose session ended is asked to sign in again.
    const ended = (await hasEndedSession(request)) ? "&reason=session-ended" : "";
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}${ended}`);
  }
  return user;
}

/** The signed-in user holding one of `roles`; others get the 403 page. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!hasRole(user, ...roles)) forbidden(`This page is only for: ${roles.map((r) => ROLE_LABELS[r]).join(", ")}.`);
  return user;
}

export const requireStaff = (request: Request) => requireRole(request, "ifm", "admin");
export const requireAdmin = (request: Request) => requireRole(request, "admin");
