import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { languageCookie, saveLanguage } from "~/features/accounts/language.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { requestLocale } from "~/i18n/request-locale.server";
import { getCurrentUser } from "~/services/auth.server";
import { asJsonReply, form, handleForm } from "~/services/form-action.server";
import { safeRedirect } from "~/services/http.server";
import { localisedPath } from "~/services/language";

// The header's language switcher posts here (a GET only leads home).
export async function loader() {
  return redirect("/");
}

// A route without a page: a refused form (only a hand-made one can be) is answered with its reply
// as JSON, with its status, in the language of the page it was sent from.
export async function action({ request }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const answer = await handleForm(request, {
    language: form(accountSchemas(locale).language, async (input) => {
      const user = await getCurrentUser(request);
      if (user) await saveLanguage({ userId: user.id, language: input.lang });
      return redirect(localisedPath(safeRedirect(input.redirectTo), input.lang), { headers: { "Set-Cookie": languageCookie(input.lang) } });
    }),
  });
  return answer instanceof Response ? answer : asJsonReply(answer);
}
