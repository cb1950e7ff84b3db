import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { accountFlash } from "~/features/accounts/flash.server";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useT } from "~/i18n/t";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { safeRedirect } from "~/services/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return {
    redirectTo: safeRedirect(new URL(request.url).searchParams.get("redirectTo")),
    displayName: user.displayName ?? "",
    title: translate(locale, "accounts.welcome.pageTitle"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    name: form(accountSchemas(locale).displayNameForm, async (input) => {
      await setDisplayName({ userId: user.id, displayName: input.displayName });
      return redirectWithFlash(safeRedirect(input.redirectTo), accountFlash("accounts.flash.welcome", { name: input.displayName }));
    }),
  });
}

export default function Welcome() {
  const { redirectTo, displayName } = useLoaderData<typeof loader>();
  const t = useT();
  const reply = useFormReply("name");
  return (
    <div className="page narrow">
      <h1>{t("accounts.welcome.heading")}</h1>
      <p className="lead">{t("accounts.welcome.lead")}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label={t("accounts.welcome.nameLabel")}
          name="displayName"
          autoComplete="name"
          required
          defaultValue={reply?.values.displayName ?? displayName}
          error={reply?.errors.displayName}
          hint={t("accounts.welcome.nameHint")}
        />
        <div className="actions">
          <button type="submit">{t("accounts.welcome.submit")}</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Welcome · IANA Naming Functions Consultations" }];
