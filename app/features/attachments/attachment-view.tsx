import { UtcTime } from "~/components/time";
import { formatSize, servedInline, typeLabel } from "./rules";

export function attachmentPath(slug: string, ref: string, position: number) {
  return `/consultations/${slug}/comments/${ref}/a/${position}`;
}

export type AttachmentSummary = { position: number; fileName: string; mediaType: string; size: number; sha256: string };

/**
 * The attachments under a comment: each with its type and size, linking to its page (hash, text,
 * download). Under a hidden or withdrawn comment only the record is listed (name, size, hash).
 */
export function AttachmentList({
  slug,
  commentRef,
  attachments,
  served,
}: {
  slug: string;
  commentRef: string;
  attachments: AttachmentSummary[];
  served: boolean;
}) {
  if (!attachments.length) return null;
  return (
    <ul className="attachment-list" aria-label={`Attachments of comment ${commentRef}`}>
      {attachments.map((a) => (
        <li key={a.position}>
          {served ? <a href={attachmentPath(slug, commentRef, a.position)}>{a.fileName}</a> : <span className="attachment-name">{a.fileName}</span>}{" "}
          <span className="muted small">
            {typeLabel(a.mediaType)}, {formatSize(a.size)}
            {served ? null : (
              <>
                {" "}
                · SHA-256 <code className="hash">{a.sha256}</code>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What an attachment's page says of the file (type, size, SHA-256, when, its permanent link) and,
 * when the viewer may have it, the links to the bytes and the text — a comment's or the statement's.
 */
export function AttachmentFacts({
  attachment: a,
  path,
  served,
}: {
  attachment: {
    fileName: string;
    mediaType: string;
    size: number;
    sha256: string;
    activeContent: boolean;
    createdAt: string | Date;
    textStatus: string;
    textNote: string | null;
    text: string | null;
  };
  path: string;
  served: boolean;
}) {
  return (
    <>
      <dl className="facts attachment-facts">
        <dt>Type</dt>
        <dd>{typeLabel(a.mediaType)}</dd>
        <dt>Size</dt>
        <dd>
          {formatSize(a.size)} ({a.size.toLocaleString("en")} bytes)
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code className="hash">{a.sha256}</code>
        </dd>
        <dt>Attached</dt>
        <dd>
          <UtcTime value={a.createdAt} />
        </dd>
        <dt>Permanent link</dt>
        <dd>
          <code className="hash">{path}</code>
        </dd>
      </dl>
      {served ? (
        <p className="actions">
          <a className="button" href={`${path}/file`} download={a.fileName}>
            Download {a.fileName}
          </a>
          {servedInline(a) ? (
            <a className="button secondary" href={`${path}/file`}>
              Open in the browser
            </a>
          ) : null}
        </p>
      ) : null}
      {a.activeContent ? <p className="hint">This PDF contains scripts or actions, so it is offered only as a download and never opened here.</p> : null}
      {served ? <AttachmentText attachment={a} /> : null}
    </>
  );
}

/** "Text of the attachment": what was extracted, readable and scrollable by keyboard, or why there is none. */
export function AttachmentText({
  attachment: a,
  headingLevel = 2,
}: {
  attachment: { textStatus: string; textNote: string | null; text: string | null; size: number; mediaType: string };
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="attachment-text" aria-labelledby="attachment-text-heading">
      <Heading id="attachment-text-heading">Text of the attachment</Heading>
      {a.textStatus === "ready" && a.text ? (
        <pre className="attachment-text-body">{a.text}</pre>
      ) : a.textStatus === "pending" ? (
        <p className="muted">The text of this {typeLabel(a.mediaType)} is being extracted; it appears here within a minute or two.</p>
      ) : (
        <p className="notice notice-info">
          Text not available{a.textNote ? `: ${a.textNote}` : ""}. Download the file ({formatSize(a.size)}) to read it.
        </p>
      )}
    </section>
  );
}

/**
 * An attachment's text in the statement builder's work list, folded under its comment: the IFM
 * answers what the letter says without leaving the list. Long texts are cut; the link has all of it.
 */
export function AttachmentTextInList({
  attachment: a,
  href,
}: {
  attachment: {
    fileName: string;
    mediaType: string;
    size: number;
    textStatus: string;
    textNote: string | null;
    text: string | null;
    textLength: number | null;
  };
  href: string;
}) {
  const cut = a.text !== null && a.textLength !== null && a.textLength > a.text.length;
  return (
    <details className="attachment-in-list">
      <summary>
        Text of the attachment {a.fileName}{" "}
        <span className="muted small">
          ({typeLabel(a.mediaType)}, {formatSize(a.size)})
        </span>
      </summary>
      {a.textStatus === "ready" && a.text ? (
        <pre className="attachment-text-body">
          {a.text}
          {cut ? "\n…" : ""}
        </pre>
      ) : (
        <p className="muted">{a.textStatus === "pending" ? "The text is being extracted." : `Text not available${a.textNote ? `: ${a.textNote}` : ""}.`}</p>
      )}
      <p className="small">
        <a href={href}>{cut ? "The whole text and the file" : "The attachment's page and the file"}</a>
      </p>
    </details>
  );
}
