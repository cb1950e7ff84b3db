import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextField } from "~/components/field";
import { ErrorPage } from "~/components/error-page";
import { consumeSignInCode, SIGN_IN_FAILURE_MESSAGES } from "~/models/sign-in.server";
import { finishSignIn } from "~/services/sign-in-redirect.server";
import { signInCodeSchema } from "~/validation/auth";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  const login = new URL(request.url).searchParams.get("login") ?? "";
  return { login };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(signInCodeSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  const outcome = await consumeSignInCode({ loginId: parsed.data.login, code: parsed.data.code });
  if (!outcome.ok) {
    const message = outcome.reason === "invalid" ? "That code is not right. Check the email and try again." : SIGN_IN_FAILURE_MESSAGES[outcome.reason];
    return data({ errors: { code: message } as Record<string, string>, values: formValues(form) }, { status: 400 });
  }
  return finishSignIn(request, outcome);
}

export default function CheckEmail() {
  const { login } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <h1>Check your email</h1>
      <p className="lead">
        We have sent you a sign-in link. Open it on this device, or type the 6-digit code from the email here.
      </p>
      <FormError error={actionData?.errors?.form ?? actionData?.errors?.login} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="login" value={login} />
        <TextField
          label="6-digit code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          className="code-input"
          maxLength={12}
          required
          defaultValue={actionData?.values?.code ?? ""}
          error={actionData?.errors?.code}
        />
        <div className="actions">
          <button type="submit">Sign in</button>
        </div>
      </Form>
      <p className="muted small">
        No email after a few minutes? Check your spam folder, or <Link to="/login">ask for a new link</Link>.
      </p>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Check your email · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
