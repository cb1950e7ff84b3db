import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { consumeSignInCode } from "~/features/accounts/sign-in.server";
import { form, handleForm } from "~/services/form-action.server";
import { finishSignIn } from "~/features/accounts/finish-sign-in.server";
import { signInCodeSchema } from "~/features/accounts/sign-in-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const login = new URL(request.url).searchParams.get("login") ?? "";
  return { login };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, {
    code: form(signInCodeSchema, async (input) => {
      const outcome = await consumeSignInCode({ loginId: input.login, code: input.code });
      return outcome.ok ? finishSignIn(request, outcome) : outcome;
    }),
  });
}

export default function CheckEmail() {
  const { login } = useLoaderData<typeof loader>();
  const reply = useFormReply("code");
  return (
    <div className="page narrow">
      <h1>Check your email</h1>
      <p className="lead">We have sent you a sign-in link. Open it on this device, or type the 6-digit code from the email here.</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="login" value={login} />
        <TextField
          label="6-digit code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          className="code-input"
          maxLength={12}
          required
          defaultValue={reply?.values.code ?? ""}
          error={reply?.errors.code}
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
