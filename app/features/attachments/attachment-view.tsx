import { UtcTime } from "~/components/time";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { servedInline } from "./rules";
import { sizeIn, typeLabelIn } from "./words";

export function attachmentPath(slug: string, ref: string, position: number) {
  return `/consultations/${slug}/comments/${ref}/a/${position}`;
}

/** What people call a file's type, and its size as they read it, in the page's language. */
export function useFileWords() {
  const t = useT();
  return { typeLabel: (mediaType: string) => typeLabelIn(t, mediaType), size: (bytes: number) => sizeIn(t, bytes) };
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
  const t = useT();
  const words = useFileWords();
  if (!attachments.length) return null;
  return (
    <ul className="attachment-list" aria-label={t("comments.attachment.listLabel", { ref: commentRef })}>
      {attachments.map((a) => (
        <li key={a.position}>
          {served ? <a href={attachmentPath(slug, commentRef, a.position)}>{a.fileName}</a> : <span className="attachment-name">{a.fileName}</span>}{" "}
          <span className="muted small">
            {t("comments.attachment.typeAndSize", { type: words.typeLabel(a.mediaType), size: words.size(a.size) })}
            {served ? null : (
              <>
                {" "}
                · SHA-256{" "}
                <code className="hash" dir="ltr">
                  {a.sha256}
                </code>
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
  const t = useT();
  const words = useFileWords();
  return (
    <>
      <dl className="facts attachment-facts">
        <dt>{t("comments.attachment.facts.type")}</dt>
        <dd>{words.typeLabel(a.mediaType)}</dd>
        <dt>{t("comments.attachment.facts.size")}</dt>
        <dd>{t("comments.attachment.facts.sizeInBytes", { size: words.size(a.size), bytes: a.size })}</dd>
        <dt>SHA-256</dt>
        <dd>
          <code className="hash" dir="ltr">
            {a.sha256}
          </code>
        </dd>
        <dt>{t("comments.attachment.facts.attached")}</dt>
        <dd>
          <UtcTime value={a.createdAt} />
        </dd>
        <dt>{t("comments.attachment.facts.permanentLink")}</dt>
        <dd>
          <code className="hash" dir="ltr">
            {path}
          </code>
        </dd>
      </dl>
      {served ? (
        <p className="actions">
          <a className="button" href={`${path}/file`} download={a.fileName}>
            {t("comments.attachment.download", { fileName: a.fileName })}
          </a>
          {servedInline(a) ? (
            <a className="button secondary" href={`${path}/file`}>
              {t("comments.attachment.openInBrowser")}
            </a>
          ) : null}
        </p>
      ) : null}
      {a.activeContent ? <p className="hint">{t("comments.attachment.activeContent")}</p> : null}
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
  const t = useT();
  const rich = useRich();
  const words = useFileWords();
  // The extraction's note is stored in English: marked as such on a page in another language.
  const english = useEnglishContent();
  return (
    <section className="attachment-text" aria-labelledby="attachment-text-heading">
      <Heading id="attachment-text-heading">{t("comments.attachment.text.heading")}</Heading>
      {a.textStatus === "ready" && a.text ? (
        <pre className="attachment-text-body">{a.text}</pre>
      ) : a.textStatus === "pending" ? (
        <p className="muted">{t("comments.attachment.text.pending", { type: words.typeLabel(a.mediaType) })}</p>
      ) : (
        <p className="notice notice-info">
          {a.textNote
            ? rich("comments.attachment.text.unavailableBecause", {
                note: english.lang ? <span {...english}>{a.textNote}</span> : a.textNote,
                size: words.size(a.size),
              })
            : t("comments.attachment.text.unavailable", { size: words.size(a.size) })}
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
  const t = useT();
  const rich = useRich();
  const words = useFileWords();
  const english = useEnglishContent();
  return (
    <details className="attachment-in-list">
      <summary>
        {t("comments.attachment.inList.summary", { fileName: a.fileName })}{" "}
        <span className="muted small">({t("comments.attachment.typeAndSize", { type: words.typeLabel(a.mediaType), size: words.size(a.size) })})</span>
      </summary>
      {a.textStatus === "ready" && a.text ? (
        <pre className="attachment-text-body">
          {a.text}
          {cut ? "\n…" : ""}
        </pre>
      ) : (
        <p className="muted">
          {a.textStatus === "pending"
            ? t("comments.attachment.inList.pending")
            : a.textNote
              ? rich("comments.attachment.inList.unavailableBecause", { note: english.lang ? <span {...english}>{a.textNote}</span> : a.textNote })
              : t("comments.attachment.inList.unavailable")}
        </p>
      )}
      <p className="small">
        <a href={href}>{t(cut ? "comments.attachment.inList.wholeText" : "comments.attachment.inList.page")}</a>
      </p>
    </details>
  );
}
