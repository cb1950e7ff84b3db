import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { requestSignIn, SIGN_IN_TTL_MINUTES, signInReason } from "~/features/accounts/sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useT } from "~/i18n/t";
import { form, handleForm } from "~/services/form-action.server";
import { getCurrentUser } from "~/services/session.server";
import { safeRedirect } from "~/services/http.server";
import { clientIp } from "~/services/rate-limit.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  const locale = await requestLocale(request);
  return {
    redirectTo,
    reason: signInReason(url.searchParams.get("reason"), locale),
    linkMinutes: SIGN_IN_TTL_MINUTES,
    title: translate(locale, "accounts.signIn.pageTitle"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  return handleForm(request, {
    "sign-in": form(accountSchemas(locale).signInRequest, async (input) => {
      const result = await requestSignIn({ email: input.email, redirectTo: safeRedirect(input.redirectTo), ip: clientIp(request), locale });
      if (!result.ok) return result;
      return redirect(`/login/check?login=${encodeURIComponent(result.loginId)}`);
    }),
  });
}

export default function SignIn() {
  const { redirectTo, reason, linkMinutes } = useLoaderData<typeof loader>();
  const t = useT();
  const reply = useFormReply("sign-in");
  const busy = useNavigation().state === "submitting";
  const errors = reply?.errors;
  return (
    <div className="page narrow">
      <h1>{t("accounts.signIn.heading")}</h1>
      {reason ? <div className="notice notice-info">{reason}</div> : null}
      <p className="lead">{t("accounts.signIn.lead")}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label={t("accounts.signIn.email")}
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          defaultValue={reply?.values.email ?? ""}
          error={errors?.email}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("accounts.signIn.sending") : t("accounts.signIn.submit")}
          </button>
        </div>
      </Form>
      <p className="muted small">{t("accounts.signIn.note", { minutes: linkMinutes })}</p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Sign in · IANA Naming Functions Consultations" }];
