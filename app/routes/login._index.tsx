import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, TextField } from "~/components/field";
import { ErrorPage } from "~/components/error-page";
import { requestSignIn } from "~/models/sign-in.server";
import { getCurrentUser } from "~/services/session.server";
import { safeRedirect } from "~/services/http.server";
import { clientIp, retryAfterMessage } from "~/services/rate-limit.server";
import { signInRequestSchema } from "~/validation/auth";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  return { redirectTo, reason: url.searchParams.get("reason") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(signInRequestSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  const result = await requestSignIn({
    email: parsed.data.email,
    redirectTo: safeRedirect(parsed.data.redirectTo),
    ip: clientIp(request),
  });
  if (!result.ok) {
    return data(
      { errors: { form: retryAfterMessage(result.retryAfterSeconds) } as Record<string, string>, values: formValues(form) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return redirect(`/login/check?login=${encodeURIComponent(result.loginId)}`);
}

export default function SignIn() {
  const { redirectTo, reason } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors;
  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      {reason ? <div className="notice notice-info">{reason}</div> : null}
      <p className="lead">
        No password needed. Enter your email address and we will send you a sign-in link and a one-time code.
        If you are new, this creates your account.
      </p>
      <FormError error={errors?.form} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email address"
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          defaultValue={actionData?.values?.email ?? ""}
          error={errors?.email}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Sending…" : "Email me a sign-in link"}
          </button>
        </div>
      </Form>
      <p className="muted small">
        The link and code work once and expire after 15 minutes. We use your address only for sign-in and for the
        notifications you choose.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
