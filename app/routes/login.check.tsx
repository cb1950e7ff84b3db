import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { consumeSignInCode } from "~/features/accounts/sign-in.server";
import { finishSignIn } from "~/features/accounts/finish-sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { form, handleForm } from "~/services/form-action.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const login = new URL(request.url).searchParams.get("login") ?? "";
  return { login, title: translate(await requestLocale(request), "accounts.check.pageTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  return handleForm(request, {
    code: form(accountSchemas(locale).signInCode, async (input) => {
      const outcome = await consumeSignInCode({ loginId: input.login, code: input.code, locale });
      return outcome.ok ? finishSignIn(request, outcome) : outcome;
    }),
  });
}

export default function CheckEmail() {
  const { login } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const reply = useFormReply("code");
  return (
    <div className="page narrow">
      <h1>{t("accounts.check.heading")}</h1>
      <p className="lead">{t("accounts.check.lead")}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="login" value={login} />
        <TextField
          label={t("accounts.check.code")}
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
          <button type="submit">{t("accounts.check.submit")}</button>
        </div>
      </Form>
      <p className="muted small">{rich("accounts.check.noMail", { link: (chunks) => <Link to="/login">{chunks}</Link> })}</p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Check your email · IANA Naming Functions Consultations" }];
