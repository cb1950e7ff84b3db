import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LinkProblem } from "~/components/link-problem";
import { useFormReply } from "~/components/error-summary";
import { consumeSignInLink, inspectSignInLink, SIGN_IN_FAILURE_MESSAGES } from "~/features/accounts/sign-in.server";
import { form, handleForm } from "~/services/form-action.server";
import { finishSignIn } from "~/features/accounts/finish-sign-in.server";
import { signInLinkSchema } from "~/features/accounts/sign-in-validation";

// Following the emailed link shows a confirmation button rather than signing in on GET: a GET
// never changes state, and mail scanners that prefetch links cannot use up the link.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const link = await inspectSignInLink({ token });
  if (!link.ok) return data({ token: "", email: null, problem: SIGN_IN_FAILURE_MESSAGES[link.reason] }, { status: 400 });
  return { token, email: link.email, problem: null };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, {
    "sign-in-link": form(signInLinkSchema, async (input) => {
      const outcome = await consumeSignInLink({ token: input.token });
      return outcome.ok ? finishSignIn(request, outcome) : outcome;
    }),
  });
}

export default function VerifySignIn() {
  const { token, email, problem: loadProblem } = useLoaderData<typeof loader>();
  const problem = useFormReply("sign-in-link")?.errors.form ?? loadProblem;
  if (problem) {
    return (
      <LinkProblem problem={problem}>
        <Link className="button" to="/login">
          Get a new sign-in link
        </Link>
      </LinkProblem>
    );
  }
  return (
    <div className="page narrow">
      <h1>Continue signing in</h1>
      <p className="lead">
        You are signing in as <strong>{email}</strong>.
      </p>
      <Form method="post" className="form">
        <input type="hidden" name="token" value={token} />
        <div className="actions">
          <button type="submit">Sign in</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · IANA Naming Functions Consultations" }];
