import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endCurrentSession } from "~/services/session.server";
import { redirectWithFlash } from "~/services/flash.server";
import { readForm } from "~/services/form-action.server";

// Sign-out is a POST (the header's button); a GET only leads home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request); // the button's form carries nothing, but anything else is refused like everywhere
  const clear = await endCurrentSession(request);
  return redirectWithFlash(
    "/",
    { kind: "info", message: "You are signed out.", messageId: "shell.flash.signedOut" },
    { headers: new Headers({ "Set-Cookie": clear }) },
  );
}
