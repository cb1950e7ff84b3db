import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorPage } from "~/components/error-page";
import { setDisplayName } from "~/models/sign-in.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { safeRedirect } from "~/services/http.server";
import { displayNameSchema } from "~/validation/auth";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get("redirectTo")), displayName: user.displayName ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const parsed = parseForm(displayNameSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  await setDisplayName({ userId: user.id, displayName: parsed.data.displayName });
  return redirectWithFlash(safeRedirect(parsed.data.redirectTo), `Welcome, ${parsed.data.displayName}.`);
}

export default function Welcome() {
  const { redirectTo, displayName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <h1>What should we call you?</h1>
      <p className="lead">Your name is shown next to your comments. You can change it later in your account.</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Your name"
          name="displayName"
          autoComplete="name"
          required
          defaultValue={actionData?.values?.displayName ?? displayName}
          error={actionData?.errors?.displayName}
          hint="For example “Ana Pereira”. Speaking for a registry? An administrator verifies that separately."
        />
        <div className="actions">
          <button type="submit">Continue</button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Welcome · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
