import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextField } from "~/components/field";
import { minCommentDays } from "~/features/consultations/consultation.server";
import { setSettings } from "~/models/settings.server";
import { getRuleSettings } from "~/features/dug/review.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { siteSettingsSchema } from "~/features/accounts/admin-validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.change");
  return { minCommentDays: await minCommentDays(), dug: await getRuleSettings() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  return handleForm(request, {
    settings: form(siteSettingsSchema, async (input) => {
      const saved = await setSettings({
        actor: admin,
        values: {
          MIN_COMMENT_DAYS: String(input.minCommentDays),
          DUG_QUORUM_PERCENT: String(input.dugQuorumPercent),
          DUG_AGREE_PERCENT: String(input.dugAgreePercent),
          DUG_OBJECTIONS_TOLERATED: String(input.dugObjectionsTolerated),
        },
      });
      return saved.ok ? redirectWithFlash("/admin/settings", "Settings saved.") : saved;
    }),
  });
}

export default function Settings() {
  const { minCommentDays: days, dug } = useLoaderData<typeof loader>();
  const reply = useFormReply("settings");
  return (
    <>
      <h1>Settings</h1>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <TextField
          label="Minimum length of a comment period (days)"
          name="minCommentDays"
          inputMode="numeric"
          defaultValue={reply?.values.minCommentDays ?? String(days)}
          error={reply?.errors.minCommentDays}
          hint="A plan cannot be published with a shorter comment period. Applies to consultations published from now on."
        />
        <h2>The DUG's decision rule</h2>
        <p className="hint no-margin">Shown on every DUG review page; applies at once to open reviews (decided ones keep their record).</p>
        <TextField
          label="Quorum: more than this % of seated voting members have a position"
          name="dugQuorumPercent"
          inputMode="numeric"
          defaultValue={reply?.values.dugQuorumPercent ?? String(dug.quorumPercent)}
          error={reply?.errors.dugQuorumPercent}
          hint="50 = a majority."
        />
        <TextField
          label="Agreement: more than this % of non-recused voting members agree"
          name="dugAgreePercent"
          inputMode="numeric"
          defaultValue={reply?.values.dugAgreePercent ?? String(dug.agreePercent)}
          error={reply?.errors.dugAgreePercent}
          hint="50 = a majority. Agree with conditions counts as agreement."
        />
        <TextField
          label="Objections tolerated"
          name="dugObjectionsTolerated"
          inputMode="numeric"
          defaultValue={reply?.values.dugObjectionsTolerated ?? String(dug.objectionsTolerated)}
          error={reply?.errors.dugObjectionsTolerated}
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
