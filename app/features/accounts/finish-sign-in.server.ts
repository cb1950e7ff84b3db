import { startSession } from "~/services/session.server";
import { safeRedirect } from "~/services/http.server";
import { redirectWithFlash } from "~/services/flash.server";
import { accountFlash } from "./flash.server";

/** Starts the session after a successful link or code; new users are asked for their name once. */
export async function finishSignIn(request: Request, outcome: { userId: string; isNew: boolean; redirectTo: string }) {
  const to = safeRedirect(outcome.redirectTo);
  const headers = new Headers({ "Set-Cookie": await startSession({ request, userId: outcome.userId }) });
  if (outcome.isNew) return redirectWithFlash(`/welcome?redirectTo=${encodeURIComponent(to)}`, accountFlash("accounts.flash.signedInNew"), { headers });
  return redirectWithFlash(to, accountFlash("accounts.flash.signedIn"), { headers });
}
