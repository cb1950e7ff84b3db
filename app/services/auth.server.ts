import { redirect } from "@remix-run/node";
import { requestLocale } from "~/i18n/request-locale.server";
import { pageRefusal } from "~/models/page-refusals.server";
import { can, type Action } from "~/models/permissions";
import { forbidden } from "./http.server";
import { withoutPrefix } from "./language";
import { getCurrentUser, hasEndedSession, type CurrentUser } from "./session.server";

export { getCurrentUser, type CurrentUser };

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    // Without the language prefix: the sign-in page is under the same prefix, and adds it back.
    const back = withoutPrefix(request.method === "GET" ? url.pathname + url.search : url.pathname);
    // The sign-in page says why a person whose session ended is asked to sign in again.
    const ended = (await hasEndedSession(request)) ? "&reason=session-ended" : "";
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}${ended}`);
  }
  return user;
}

/**
 * The signed-in user who may open a page that is one action of the table in
 * app/models/permissions.ts (the staff pages, the audit log); others get the 403 page with the
 * table's reason, in the page's language. Form actions only require a signed-in user: the model
 * commands they call check their own action.
 */
export async function requirePermission(request: Request, action: Action): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, action)) forbidden(pageRefusal(action, await requestLocale(request)));
  return user;
}
