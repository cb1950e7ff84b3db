import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { TextField } from "~/components/field";
import { minCommentDays } from "~/models/consultation.server";
import { setSetting } from "~/models/settings.server";
import { requireAdmin } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { minCommentDays: await minCommentDays() };
}

const schema = z.object({
  minCommentDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days."),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  await setSetting({ actorId: admin.id, key: "MIN_COMMENT_DAYS", value: String(parsed.data.minCommentDays) });
  return redirectWithFlash("/admin/settings", "Settings saved.");
}

export default function Settings() {
  const { minCommentDays: days } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Settings</h1>
      <Form method="post" className="form" noValidate>
        <TextField
          label="Minimum length of a comment period (days)"
          name="minCommentDays"
          inputMode="numeric"
          defaultValue={actionData?.values?.minCommentDays ?? String(days)}
          error={actionData?.errors?.minCommentDays}
          hint="A plan cannot be published with a shorter comment period. Applies to consultations published from now on."
        />
        <div className="actions">
          <button type="submit">Save</button>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Settings · Staff" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
