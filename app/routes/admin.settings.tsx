import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { TextField } from "~/components/field";
import { minCommentDays } from "~/models/consultation.server";
import { setSetting } from "~/models/settings.server";
import { getRuleSettings } from "~/models/dug-review.server";
import { requireAdmin } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { minCommentDays: await minCommentDays(), dug: await getRuleSettings() };
}

const schema = z.object({
  minCommentDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days."),
  // The DUG's decision rule (docs/decisions/013).
  dugQuorumPercent: z.coerce.number({ error: "Enter a percentage." }).int("Enter a whole number.").min(0, "At least 0.").max(100, "At most 100."),
  dugAgreePercent: z.coerce.number({ error: "Enter a percentage." }).int("Enter a whole number.").min(0, "At least 0.").max(100, "At most 100."),
  dugObjectionsTolerated: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").min(0, "At least 0.").max(8, "At most 8."),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formValues(form) }, { status: 400 });
  await setSetting({ actorId: admin.id, key: "MIN_COMMENT_DAYS", value: String(parsed.data.minCommentDays) });
  await setSetting({ actorId: admin.id, key: "DUG_QUORUM_PERCENT", value: String(parsed.data.dugQuorumPercent) });
  await setSetting({ actorId: admin.id, key: "DUG_AGREE_PERCENT", value: String(parsed.data.dugAgreePercent) });
  await setSetting({ actorId: admin.id, key: "DUG_OBJECTIONS_TOLERATED", value: String(parsed.data.dugObjectionsTolerated) });
  return redirectWithFlash("/admin/settings", "Settings saved.");
}

export default function Settings() {
  const { minCommentDays: days, dug } = useLoaderData<typeof loader>();
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
        <h2>The DUG's decision rule</h2>
        <p className="hint no-margin">Shown on every DUG review page; applies at once to open reviews (decided ones keep their record).</p>
        <TextField
          label="Quorum: more than this % of seated voting members have a position"
          name="dugQuorumPercent"
          inputMode="numeric"
          defaultValue={actionData?.values?.dugQuorumPercent ?? String(dug.quorumPercent)}
          error={actionData?.errors?.dugQuorumPercent}
          hint="50 = a majority."
        />
        <TextField
          label="Agreement: more than this % of non-recused voting members agree"
          name="dugAgreePercent"
          inputMode="numeric"
          defaultValue={actionData?.values?.dugAgreePercent ?? String(dug.agreePercent)}
          error={actionData?.errors?.dugAgreePercent}
          hint="50 = a majority. Agree with conditions counts as agreement."
        />
        <TextField
          label="Objections tolerated"
          name="dugObjectionsTolerated"
          inputMode="numeric"
          defaultValue={actionData?.values?.dugObjectionsTolerated ?? String(dug.objectionsTolerated)}
          error={actionData?.errors?.dugObjectionsTolerated}
          hint="0 = any standing objection blocks agreement."
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
