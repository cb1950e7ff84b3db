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
import { attachmentLimits } from "~/features/attachments/attachment.server";
import { MAX_ATTACHMENT_MB_CEILING, MAX_ATTACHMENTS } from "~/features/attachments/rules";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.change");
  return { minCommentDays: await minCommentDays(), dug: await getRuleSettings(), attachments: await attachmentLimits() };
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
          ...definedSettings({
            ATTACHMENT_MAX_MB: input.attachmentMaxMb,
            ATTACHMENTS_PER_USER_PER_DAY: input.attachmentsPerUserPerDay,
            ATTACHMENT_MB_PER_CONSULTATION: input.attachmentMbPerConsultation,
          }),
        },
      });
      return saved.ok ? redirectWithFlash("/admin/settings", "Settings saved.") : saved;
    }),
  });
}

/** The settings a post gave, as stored strings. */
function definedSettings<K extends string>(values: Record<K, number | undefined>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))) as Partial<Record<K, string>>;
}

export default function Settings() {
  const { minCommentDays: days, dug, attachments } = useLoaderData<typeof loader>();
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
        <h2>Attachments on comments</h2>
        <TextField
          label="Largest attachment (MB)"
          name="attachmentMaxMb"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentMaxMb ?? String(attachments.maxBytes / 1_000_000)}
          error={reply?.errors.attachmentMaxMb}
          hint={`Each of a comment's ${MAX_ATTACHMENTS} files; at most ${MAX_ATTACHMENT_MB_CEILING} MB.`}
        />
        <TextField
          label="Attachments a person may add per day"
          name="attachmentsPerUserPerDay"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentsPerUserPerDay ?? String(attachments.perUserPerDay)}
          error={reply?.errors.attachmentsPerUserPerDay}
          hint="Counted over the last 24 hours; 0 turns attachments off."
        />
        <TextField
          label="All attachments of one consultation (MB)"
          name="attachmentMbPerConsultation"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentMbPerConsultation ?? String(attachments.perConsultationBytes / 1_000_000)}
          error={reply?.errors.attachmentMbPerConsultation}
        />
        <div className="actions">
          <button type="submit">Save</button>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Settings · Staff" }];
