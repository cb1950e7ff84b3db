import { useNavigate } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { describedBy } from "~/components/field";
import type { FormReply } from "~/validation/form";
import { useT } from "~/i18n/t";
import { ACCEPT_ATTRIBUTE, MAX_ATTACHMENTS } from "./rules";

/**
 * The file input of a form that takes attachments (a plain multipart field: works without
 * JavaScript), with the upload's progress while a script sends the form.
 */
export function AttachmentsField({
  error,
  refused,
  progress,
  label,
  about,
  room = MAX_ATTACHMENTS,
}: {
  error?: string;
  refused: boolean;
  progress: number | null;
  /** Defaults to a comment's: "Attachments (letters, papers)". */
  label?: string;
  /** What becomes of the files, after the accepted types (defaults to a comment's). */
  about?: string;
  /** How many more files may be chosen. */
  room?: number;
}) {
  const t = useT();
  const id = "attachments";
  const hint = (
    <>
      {t("comments.attachment.field.hint", { room, types: t("comments.attachment.acceptedTypes"), about: about ?? t("comments.attachment.field.about") })}
      {refused ? ` ${t("comments.attachment.field.chooseAgain")}` : null}
    </>
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t("comments.attachment.field.label")}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">{t("shell.form.errorPrefix")}</span>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name="attachments"
        type="file"
        multiple
        accept={ACCEPT_ATTRIBUTE}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
      {progress !== null ? (
        <p className="upload-progress" role="status">
          <label htmlFor={`${id}-progress`}>{t("comments.attachment.field.uploading", { percent: Math.round(progress * 100) })}</label>{" "}
          <progress id={`${id}-progress`} max={1} value={progress} />
        </p>
      ) : null}
    </div>
  );
}

type UploadAnswer = { redirect?: string } & Partial<FormReply>;

/**
 * With JavaScript, a submission of `intent` that carries files is sent by XMLHttpRequest (fetch
 * cannot report an upload's progress) to `uploadAction`, which answers in JSON: a redirect is
 * followed in the app, a refusal is shown in the form — which keeps the text and the chosen
 * files, since the page stays. Anything else (a preview, a submission without files) goes the
 * usual way. After a success the comment form is emptied; a form whose fields show saved values
 * (`clear: "files"`) only lets go of its files.
 */
export function useUploadWithProgress(uploadAction: string, { intent = "post", clear = "form" }: { intent?: string; clear?: "form" | "files" } = {}) {
  const t = useT();
  const navigate = useNavigate();
  const [progress, setProgress] = useState<number | null>(null);
  const [reply, setReply] = useState<FormReply | undefined>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const input = form.elements.namedItem("attachments") as HTMLInputElement | null;
    const chosen = submitter?.name === "intent" ? submitter.value : (form.elements.namedItem("intent") as HTMLInputElement | null)?.value;
    if (chosen !== intent || !input?.files?.length) return;
    event.preventDefault();
    const data = new FormData(form);
    data.set("intent", intent);
    const values = Object.fromEntries([...data].filter((e): e is [string, string] => typeof e[1] === "string"));
    const fail = (message: string) => {
      setProgress(null);
      setReply({ intent, values, errors: { form: message } });
    };

    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadAction);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => setProgress(e.lengthComputable ? e.loaded / e.total : 0);
    xhr.onerror = () => fail(t("comments.attachment.upload.unreachable"));
    xhr.onload = () => {
      let answer: UploadAnswer | null = null;
      try {
        answer = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        // Not the action's answer: a sign-in page it was sent to, or a refusal before the app (413).
        if (xhr.responseURL && new URL(xhr.responseURL).pathname !== uploadAction) return window.location.assign(xhr.responseURL);
        return fail(xhr.responseText.slice(0, 300) || t("comments.attachment.upload.serverAnswered", { status: xhr.status }));
      }
      setProgress(null);
      if (answer.redirect) {
        setReply(undefined);
        if (clear === "form") form.reset();
        else input.value = "";
        navigate(answer.redirect);
      } else if (answer.errors) {
        setReply({ intent, values: answer.values ?? values, errors: answer.errors, preview: answer.preview });
      } else fail(t("comments.attachment.upload.serverAnswered", { status: xhr.status }));
    };
    setProgress(0);
    setReply(undefined);
    xhr.send(data);
  }

  return { onSubmit, progress, reply };
}
