import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { useFileWords } from "~/features/attachments/attachment-view";
import { useEnglishContent, useT } from "~/i18n/t";
import { revisionsSentence, statementFilePath } from "~/features/statement/statement-files";
import type { loader } from "./route";

/** The files on the statement's draft, each with its hash, the revisions it is in, and a way to remove it. */
export function StatementFiles({ returnTo }: { returnTo: string }) {
  const { consultation: c, files } = useLoaderData<typeof loader>();
  const reply = useFormReply("removeFile");
  const t = useT();
  const english = useEnglishContent();
  const words = useFileWords();
  return (
    <section className="staff-panel" aria-labelledby="statement-files-heading">
      <h2 id="statement-files-heading">{t("statement.files.heading")}</h2>
      <ErrorSummary reply={reply} />
      {files.length ? (
        <ul className="attachment-list statement-draft-files">
          {files.map((f) => (
            <li key={f.position}>
              <a href={statementFilePath(c.slug, f.position)} {...english}>
                {f.fileName}
              </a>{" "}
              <span className="muted small">
                {t("comments.attachment.typeAndSize", { type: words.typeLabel(f.mediaType), size: words.size(f.size) })} · SHA-256{" "}
                <bdi>
                  <code className="hash">{f.sha256}</code>
                </bdi>{" "}
                · {revisionsSentence(f.revisions, t)}
              </span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="removeFile" />
                <input type="hidden" name="position" value={f.position} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <button type="submit" className="secondary small-button" aria-label={t("statement.files.removeLabel", { fileName: f.fileName })}>
                  {t("statement.files.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("statement.files.none")}</p>
      )}
    </section>
  );
}
