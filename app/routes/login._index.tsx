import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requestLocale } from "~/i18n/request-locale.server";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { requestSignIn, SIGN_IN_TTL_MINUTES, signInReason } from "~/features/accounts/sign-in.server";
import { form, handleForm } from "~/services/form-action.server";
import { getCurrentUser } from "~/services/session.server";
import { safeRedirect } from "~/services/http.server";
import { clientIp } from "~/services/rate-limit.server";
import { signInRequestSchema } from "~/features/accounts/sign-in-validation";
import { NOUNS, plural } from "~/models/plural";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  return { redirectTo, reason: signInReason(url.searchParams.get("reason")), linkMinutes: SIGN_IN_TTL_MINUTES };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, {
    "sign-in": form(signInRequestSchema, async (input) => {
      const result = await requestSignIn({
        email: input.email,
        redirectTo: safeRedirect(input.redirectTo),
        ip: clientIp(request),
        locale: await requestLocale(request),
      });
      if (!result.ok) return result;
      return redirect(`/login/check?login=${encodeURIComponent(result.loginId)}`);
    }),
  });
}

export default function SignIn() {
  const { redirectTo, reason, linkMinutes } = useLoaderData<typeof loader>();
  const reply = useFormReply("sign-in");
  const busy = useNavigation().state === "submitting";
  const errors = reply?.errors;
  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      {reason ? <div className="notice notice-info">{reason}</div> : null}
      <p className="lead">
        No password needed. Enter your email address and we will send you a sign-in link and a one-time code. If you are new, this creates your account.
      </p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email address"
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
            {busy ? "Sending…" : "Email me a sign-in link"}
          </button>
        </div>
      </Form>
      <p className="muted small">
        The link and code work once and expire after {plural(linkMinutes, NOUNS.minute)}. We use your address only for sign-in and for the notifications you
        choose.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · IANA Naming Functions Consultations" }];
