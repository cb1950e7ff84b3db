import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { accountFlash } from "~/features/accounts/flash.server";
import { setDisplayName } from "~/features/accounts/sign-in.server";
import { accountSchemas } from "~/features/accounts/sign-in-validation";
import { readNameToken } from "~/features/email/name-link.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { refused } from "~/models/refusal.server";
import { db } from "~/services/db.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import type { Locale } from "~/services/language";

// Reached from the receipt of a comment sent by mail from an address that had no account yet:
// the person gives the name shown with their comments.

async function personOf(token: string, locale: Locale): Promise<{ problem: string } | { user: { id: string; email: string; displayName: string | null } }> {
  const invalid = { problem: translate(locale, "accounts.mailName.invalid") };
  const read = readNameToken(token);
  if (!read.ok) return read.reason === "expired" ? { problem: translate(locale, "accounts.mailName.expired") } : invalid;
  const user = await db().user.findUnique({ where: { id: read.userId }, select: { id: true, email: true, displayName: true } });
  return user ? { user } : invalid;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const found = await personOf(params.token ?? "", locale);
  const title = translate(locale, "accounts.mailName.pageTitle");
  if ("problem" in found) return { problem: found.problem, email: null, displayName: "", title };
  return { problem: null, email: found.user.email, displayName: found.user.displayName ?? "", title };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const found = await personOf(params.token ?? "", locale);
  return handleForm(request, {
    name: form(accountSchemas(locale).rename, async (input) => {
      if ("problem" in found) return refused(400, found.problem);
      await setDisplayName({ userId: found.user.id, displayName: input.displayName });
      return redirectWithFlash("/", accountFlash("accounts.flash.nameFromMail", { name: input.displayName }));
    }),
  });
}

export default function NameFromMail() {
  const { problem, email, displayName } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const reply = useFormReply("name");
  if (problem) {
    return (
      <div className="page narrow">
        <h1>{t("accounts.mailName.problemHeading")}</h1>
        <p className="lead">{problem}</p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("accounts.mailName.heading")}</h1>
      <p className="lead">{rich("accounts.mailName.lead", { strong: (chunks) => <strong>{chunks}</strong>, email: <bdi>{email}</bdi> })}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <input type="hidden" name="intent" value="name" />
        <TextField
          label={t("accounts.mailName.nameLabel")}
          name="displayName"
          autoComplete="name"
          required
          defaultValue={reply?.values.displayName ?? displayName}
          error={reply?.errors.displayName}
          hint={t("accounts.mailName.nameHint")}
        />
        <div className="actions">
          <button type="submit">{t("accounts.mailName.submit")}</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Your name · IANA Naming Functions Consultations" }];
