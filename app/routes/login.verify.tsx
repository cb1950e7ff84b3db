import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LinkProblem } from "~/components/link-problem";
import { useFormReply } from "~/components/error-summary";
import { consumeSignInLink, inspectSignInLink, signInFailureMessage } from "~/features/accounts/sign-in.server";
import { finishSignIn } from "~/features/accounts/finish-sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { form, handleForm } from "~/services/form-action.server";

// Following the emailed link shows a confirmation button rather than signing in on GET: a GET
// never changes state, and mail scanners that prefetch links cannot use up the link.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const locale = await requestLocale(request);
  const title = translate(locale, "accounts.signIn.pageTitle");
  const link = await inspectSignInLink({ token });
  if (!link.ok) return data({ token: "", email: null, problem: signInFailureMessage(link.reason, locale), title }, { status: 400 });
  return { token, email: link.email, problem: null, title };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  return handleForm(request, {
    "sign-in-link": form(accountSchemas(locale).signInLink, async (input) => {
      const outcome = await consumeSignInLink({ token: input.token, locale });
      return outcome.ok ? finishSignIn(request, outcome) : outcome;
    }),
  });
}

export default function VerifySignIn() {
  const { token, email, problem: loadProblem } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const problem = useFormReply("sign-in-link")?.errors.form ?? loadProblem;
  if (problem) {
    return (
      <LinkProblem problem={problem} heading={t("accounts.verify.problemHeading")}>
        <Link className="button" to="/login">
          {t("accounts.verify.newLink")}
        </Link>
      </LinkProblem>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("accounts.verify.heading")}</h1>
      <p className="lead">{rich("accounts.verify.lead", { strong: (chunks) => <strong>{chunks}</strong>, email: <bdi>{email}</bdi> })}</p>
      <Form method="post" className="form">
        <input type="hidden" name="token" value={token} />
        <div className="actions">
          <button type="submit">{t("accounts.verify.submit")}</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Sign in · IANA Naming Functions Consultations" }];
