import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextField } from "~/components/field";
import { minCommentDays } from "~/features/consultations/consultation.server";
import { setSettings } from "~/models/settings.server";
import { getRuleSettings } from "~/features/dug/review.server";
import { redirectWithStaffFlash, requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { adminSchemas } from "~/features/accounts/admin-validation";
import { attachmentLimits } from "~/features/attachments/attachment.server";
import { MAX_ATTACHMENT_MB_CEILING, MAX_ATTACHMENTS } from "~/features/attachments/rules";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "settings.change");
  return {
    minCommentDays: await minCommentDays(),
    dug: await getRuleSettings(),
    attachments: await attachmentLimits(),
    title: staffTitle(locale, "admin.nav.settings"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const [admin, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    settings: form(adminSchemas(locale).siteSettings, async (input) => {
      const notAllowed = denied(admin, "settings.change", undefined, locale);
      if (notAllowed) return notAllowed;
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
      return saved.ok ? redirectWithStaffFlash("/admin/settings", "admin.settings.flash.saved") : saved;
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
  const t = useT();
  return (
    <>
      <h1>{t("admin.nav.settings")}</h1>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} />
        <TextField
          label={t("admin.settings.minCommentDays")}
          name="minCommentDays"
          inputMode="numeric"
          defaultValue={reply?.values.minCommentDays ?? String(days)}
          error={reply?.errors.minCommentDays}
          hint={t("admin.settings.minCommentDaysHint")}
        />
        <h2>{t("admin.settings.dugHeading")}</h2>
        <p className="hint no-margin">{t("admin.settings.dugHint")}</p>
        <TextField
          label={t("admin.settings.quorum")}
          name="dugQuorumPercent"
          inputMode="numeric"
          defaultValue={reply?.values.dugQuorumPercent ?? String(dug.quorumPercent)}
          error={reply?.errors.dugQuorumPercent}
          hint={t("admin.settings.quorumHint")}
        />
        <TextField
          label={t("admin.settings.agree")}
          name="dugAgreePercent"
          inputMode="numeric"
          defaultValue={reply?.values.dugAgreePercent ?? String(dug.agreePercent)}
          error={reply?.errors.dugAgreePercent}
          hint={t("admin.settings.agreeHint")}
        />
        <TextField
          label={t("admin.settings.objections")}
          name="dugObjectionsTolerated"
          inputMode="numeric"
          defaultValue={reply?.values.dugObjectionsTolerated ?? String(dug.objectionsTolerated)}
          error={reply?.errors.dugObjectionsTolerated}
          hint={t("admin.settings.objectionsHint")}
        />
        <h2>{t("admin.settings.attachmentsHeading")}</h2>
        <TextField
          label={t("admin.settings.attachmentMaxMb")}
          name="attachmentMaxMb"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentMaxMb ?? String(attachments.maxBytes / 1_000_000)}
          error={reply?.errors.attachmentMaxMb}
          hint={t("admin.settings.attachmentMaxMbHint", { files: MAX_ATTACHMENTS, ceiling: MAX_ATTACHMENT_MB_CEILING })}
        />
        <TextField
          label={t("admin.settings.perUserPerDay")}
          name="attachmentsPerUserPerDay"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentsPerUserPerDay ?? String(attachments.perUserPerDay)}
          error={reply?.errors.attachmentsPerUserPerDay}
          hint={t("admin.settings.perUserPerDayHint")}
        />
        <TextField
          label={t("admin.settings.perConsultation")}
          name="attachmentMbPerConsultation"
          inputMode="numeric"
          defaultValue={reply?.values.attachmentMbPerConsultation ?? String(attachments.perConsultationBytes / 1_000_000)}
          error={reply?.errors.attachmentMbPerConsultation}
        />
        <div className="actions">
          <button type="submit">{t("admin.settings.save")}</button>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Settings · Staff" }];
