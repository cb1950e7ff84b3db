import { Form, useNavigation } from "@remix-run/react";
import type { FormReply } from "~/validation/form";
import { AttachmentsField, useUploadWithProgress } from "~/features/attachments/attachments-field";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { useT } from "~/i18n/t";
import { EDIT_WINDOW_MINUTES } from "./reference";
import { CommentLanguageField } from "~/features/translations/comment-language-field";

type Props = {
  action: string;
  /** Where the form's script posts it when files are chosen, to show the upload's progress (JSON answers). */
  uploadAction: string;
  idempotencyKey: string;
  sections?: { id: string; text: string }[];
  organisations: { organisationId: string; name: string; tlds: string[] }[];
  parentRef?: string;
  /** The action's answer to this form (a refusal or a preview): what was typed, and what is wrong. */
  reply?: FormReply;
  defaultSection?: string;
  /** The submit button's label: "Post comment", or "Post reply" under a comment, unless given. */
  submitLabel?: string;
  /** Anchor id of the form, for "comment on this section" links. */
  id?: string;
};

/**
 * Post a comment or a reply: markdown with preview, an optional plan section, and — for verified
 * representatives — who it is posted for. Works without JavaScript; a double submit is harmless
 * (the idempotency key makes the server create one comment).
 */
export function CommentForm({
  action,
  uploadAction,
  idempotencyKey,
  sections,
  organisations,
  parentRef,
  reply: pageReply,
  defaultSection,
  submitLabel,
  id,
}: Props) {
  const t = useT();
  const upload = useUploadWithProgress(uploadAction);
  // A refusal the script received is shown like one the page received.
  const reply = upload.reply ?? pageReply;
  const busy = useNavigation().state === "submitting" || upload.progress !== null;
  const values = reply?.values ?? {};
  const errors = reply?.errors;
  return (
    <Form
      method="post"
      action={action}
      encType="multipart/form-data"
      className="form comment-form"
      noValidate
      id={id}
      preventScrollReset
      onSubmit={upload.onSubmit}
    >
      <ErrorSummary reply={reply} />
      <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
      {parentRef ? <input type="hidden" name="parentRef" value={parentRef} /> : null}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={`${id ?? "c"}-website`}>{t("comments.form.honeypot")}</label>
        <input id={`${id ?? "c"}-website`} name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      {sections && sections.length ? (
        <SelectField
          label={t("comments.form.section")}
          name="sectionId"
          defaultValue={values.sectionId ?? defaultSection ?? ""}
          error={errors?.sectionId}
          options={[{ value: "", label: t("comments.form.wholePlan") }, ...sections.map((s) => ({ value: s.id, label: s.text }))]}
        />
      ) : null}
      {organisations.length ? (
        <SelectField
          label={t("comments.form.postAs")}
          name="onBehalfOf"
          defaultValue={values.onBehalfOf ?? ""}
          error={errors?.onBehalfOf}
          options={[
            { value: "", label: t("comments.form.myself") },
            ...organisations.map((o) => ({
              value: o.organisationId,
              label: t("comments.form.onBehalfOf", { organisation: o.name, tlds: o.tlds.map((tld) => "." + tld).join(", ") }),
            })),
          ]}
        />
      ) : null}
      <MarkdownEditor
        label={t(parentRef ? "comments.form.yourReply" : "comments.form.yourComment")}
        name="bodyMd"
        kind="comment"
        rows={8}
        defaultValue={values.bodyMd ?? ""}
        error={errors?.bodyMd}
        serverPreview={reply?.preview}
        required
      />
      <CommentLanguageField formId={id ?? "c"} value={values.language} error={errors?.language} />
      <AttachmentsField error={errors?.attachments} refused={!!reply && !upload.reply} progress={upload.progress} />
      <p className="hint">{t("comments.form.publicHint", { minutes: EDIT_WINDOW_MINUTES })}</p>
      <div className="actions">
        <button type="submit" name="intent" value="post" disabled={busy}>
          {busy ? t("comments.form.posting") : (submitLabel ?? t(parentRef ? "comments.form.postReply" : "comments.form.postComment"))}
        </button>
        <button type="submit" name="intent" value="preview" className="secondary">
          {t("comments.form.preview")}
        </button>
      </div>
    </Form>
  );
}
