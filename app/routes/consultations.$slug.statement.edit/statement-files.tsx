import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { formatSize, typeLabel } from "~/features/attachments/rules";
import { revisionsSentence, statementFilePath } from "~/features/statement/statement-files";
import type { loader } from "./route";

/** The files on the statement's draft, each with its hash, the revisions it is in, and a way to remove it. */
export function StatementFiles({ returnTo }: { returnTo: string }) {
  const { consultation: c, files } = useLoaderData<typeof loader>();
  const reply = useFormReply("removeFile");
  return (
    <section className="staff-panel" aria-labelledby="statement-files-heading">
      <h2 id="statement-files-heading">Files of the statement</h2>
      <ErrorSummary reply={reply} />
      {files.length ? (
        <ul className="attachment-list statement-draft-files">
          {files.map((f) => (
            <li key={f.position}>
              <a href={statementFilePath(c.slug, f.position)}>{f.fileName}</a>{" "}
              <span className="muted small">
                {typeLabel(f.mediaType)}, {formatSize(f.size)} · SHA-256 <code className="hash">{f.sha256}</code> · {revisionsSentence(f.revisions)}
              </span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="removeFile" />
                <input type="hidden" name="position" value={f.position} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <button type="submit" className="secondary small-button" aria-label={`Remove ${f.fileName} from the statement`}>
                  Remove
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No files yet: add letters or reports the statement refers to with the texts below.</p>
      )}
    </section>
  );
}
