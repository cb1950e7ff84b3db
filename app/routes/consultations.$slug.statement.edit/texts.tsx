import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { MarkdownEditor } from "~/components/markdown-editor";
import { AttachmentsField, useUploadWithProgress } from "~/features/attachments/attachments-field";
import { MAX_ATTACHMENTS } from "~/features/attachments/rules";
import { NOUNS, plural } from "~/models/plural";
import type { loader } from "./route";
import { StatementFiles } from "./statement-files";

export function Texts({ returnTo }: { returnTo: string }) {
  const { consultation: c, list, files } = useLoaderData<typeof loader>();
  const upload = useUploadWithProgress(`/consultations/${c.slug}/statement/upload`, { intent: "texts", clear: "files" });
  const pageReply = useFormReply("texts");
  // A refusal the script received is shown like one the page received.
  const mine = upload.reply ?? pageReply;
  const busy = useNavigation().state === "submitting" || upload.progress !== null;
  const v = mine?.values ?? c.texts;
  const room = MAX_ATTACHMENTS - files.length;
  return (
    <>
      <StatementFiles returnTo={returnTo} />
      <Form method="post" encType="multipart/form-data" className="form wide" noValidate onSubmit={upload.onSubmit}>
        <ErrorSummary reply={mine} fieldIds={Object.fromEntries(list.themes.map((t) => [`theme:${t.id}`, `theme-${t.id}`]))} />
        <input type="hidden" name="intent" value="texts" />
        <input type="hidden" name="returnTo" value={returnTo} />
        <MarkdownEditor label="Introduction" name="introMd" kind="plan" rows={6} defaultValue={v.introMd ?? ""} error={mine?.errors.introMd} />
        <h2>What we heard: a summary per theme</h2>
        {list.themes.length ? (
          list.themes.map((t) => (
            <MarkdownEditor
              key={t.id}
              label={`${t.name} (${plural(t.count, NOUNS.comment)})`}
              name={`theme:${t.id}`}
              id={`theme-${t.id}`}
              kind="plan"
              rows={4}
              defaultValue={mine?.values[`theme:${t.id}`] ?? t.summaryMd}
              error={mine?.errors[`theme:${t.id}`]}
            />
          ))
        ) : (
          <p className="muted">No themes yet: tag comments with themes in the work list.</p>
        )}
        <MarkdownEditor label="Analysis" name="analysisMd" kind="plan" rows={8} defaultValue={v.analysisMd ?? ""} error={mine?.errors.analysisMd} />
        <MarkdownEditor label="Next steps" name="nextStepsMd" kind="plan" rows={6} defaultValue={v.nextStepsMd ?? ""} error={mine?.errors.nextStepsMd} />
        {room > 0 ? (
          <AttachmentsField
            label="Add files to the statement"
            about="They are published with the next revision, their SHA-256 in its hash; their text is extracted."
            room={room}
            error={mine?.errors.attachments}
            refused={!!mine && !upload.reply}
            progress={upload.progress}
          />
        ) : (
          <p className="hint">The statement has {plural(MAX_ATTACHMENTS, NOUNS.file)}, the most it can carry: remove one above to add another.</p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save the texts"}
          </button>
          <Link to={`/consultations/${c.slug}/statement/preview`}>Preview the whole statement</Link>
        </div>
      </Form>
    </>
  );
}
