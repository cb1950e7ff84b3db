import { Fragment } from "react";
import { commentAnchorId, MAX_DISPLAY_DEPTH } from "~/features/comments/reference";
import { UtcTime } from "~/components/time";
import { ServerHtml, type PageHtml } from "~/components/server-html";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { AttachmentList, type AttachmentSummary } from "~/features/attachments/attachment-view";
import { textLanguage } from "~/features/translations/comment-language-attributes";
import { dispositionId } from "~/features/statement/content";

export type CommentView = {
  id: string;
  ref: string;
  depth: number;
  createdAt: Date | string;
  editedAt: Date | string | null;
  author: { id: string; displayName: string | null };
  organisation: { name: string; kind: string; tlds: string[] } | null;
  isIfmReply: boolean;
  section: { id: string; title: string } | null;
  planVersionNumber: number;
  bodyHtml: PageHtml | null;
  state: "visible" | "hidden" | "withdrawn";
  hiddenReason: string | null;
  revisionsCount: number;
  byEmail?: boolean;
  /** The language its text is written in. */
  language?: string | null;
  attachments?: AttachmentSummary[];
  replies: CommentView[];
};

/** A comment's disposition in the published statement and the link to its response there. */
export type CommentDisposition = { disposition: string; href: string };
export type CommentListContext = { slug: string; canReply: boolean; baseDepth: number; dispositions?: Record<string, CommentDisposition> };
type Ctx = CommentListContext;

export function commentPath(slug: string, ref: string) {
  return `/consultations/${slug}/comments/${ref}`;
}

function Byline({ c }: { c: CommentView }) {
  const t = useT();
  const rich = useRich();
  return (
    <p className="comment-meta">
      <strong className="comment-author">{c.author.displayName ?? t("comments.byline.anonymous")}</strong>
      {c.isIfmReply ? <span className="badge badge-info">{t("comments.byline.ifmReply")}</span> : null}
      {c.organisation ? (
        <span className="badge badge-ok" title={t(c.organisation.kind === "cctld" ? "comments.byline.cctldOperator" : "comments.byline.gtldOperator")}>
          {rich("comments.byline.onBehalfOf", { organisation: <bdi>{c.organisation.name}</bdi>, tlds: <TldList tlds={c.organisation.tlds} /> })}
        </span>
      ) : null}{" "}
      <span className="muted small">
        <UtcTime value={c.createdAt} /> · {t("comments.byline.onVersion", { number: c.planVersionNumber })}
        {c.editedAt ? ` · ${t("comments.byline.edited")}` : ""}
        {c.byEmail ? ` · ${t("comments.byline.byEmail")}` : ""}
      </span>
    </p>
  );
}

/** ".example, .test": TLDs isolated, so a right-to-left page keeps their dots in place. */
export function TldList({ tlds }: { tlds: string[] }) {
  return (
    <>
      {tlds.map((tld, i) => (
        <Fragment key={tld}>
          {i > 0 ? ", " : ""}
          <bdi>.{tld}</bdi>
        </Fragment>
      ))}
    </>
  );
}

/**
 * One comment and its replies, indented up to a readable depth, then "continue this thread".
 * Rendered to HTML once for every reader with the same rights (thread-list-html.server.tsx), so
 * it holds nothing personal (the author's Edit link is added per request) and its links are plain
 * anchors (followed client-side by `useFollowLinks`).
 */
export function CommentItem({ c, ctx }: { c: CommentView; ctx: Ctx }) {
  const t = useT();
  const rich = useRich();
  // The plan's section titles are its authoritative English.
  const english = useEnglishContent();
  const permalink = commentPath(ctx.slug, c.ref);
  const relativeDepth = c.depth - ctx.baseDepth;
  const disposition = ctx.dispositions?.[c.ref];
  const dispositionLabel = disposition && dispositionId(disposition.disposition, true);
  return (
    <li className={`comment${c.isIfmReply ? " comment-ifm" : ""}`} id={commentAnchorId(c.ref)}>
      <article aria-labelledby={`${commentAnchorId(c.ref)}-ref`}>
        <header>
          <Byline c={c} />
          {c.section ? (
            <p className="comment-section small">
              {rich("comments.thread.onSection", {
                section: (
                  <a href={`/consultations/${ctx.slug}#${c.section.id}`} {...english}>
                    {c.section.title}
                  </a>
                ),
              })}
            </p>
          ) : null}
        </header>
        {c.state === "visible" || c.bodyHtml ? (
          <>
            {c.state === "hidden" ? <p className="tombstone">{t("comments.thread.hiddenStaffView", { reason: c.hiddenReason })}</p> : null}
            <ServerHtml id={`${commentAnchorId(c.ref)}-text`} className="comment-body rendered" html={c.bodyHtml ?? ""} {...textLanguage(c.language)} />
          </>
        ) : (
          <p className="tombstone">{c.state === "hidden" ? t("comments.thread.hidden", { reason: c.hiddenReason }) : t("comments.thread.withdrawn")}</p>
        )}
        <AttachmentList slug={ctx.slug} commentRef={c.ref} attachments={c.attachments ?? []} served={c.state === "visible" || !!c.bodyHtml} />
        <footer className="comment-actions small">
          <a href={permalink} id={`${commentAnchorId(c.ref)}-ref`} className="comment-ref">
            #{c.ref}
          </a>
          {ctx.canReply && c.state === "visible" ? <a href={`${permalink}#reply`}>{t("comments.thread.reply")}</a> : null}
          {c.revisionsCount > 0 ? <a href={`${permalink}#history`}>{t("comments.thread.editHistory")}</a> : null}
          {disposition ? (
            <span className="comment-disposition">
              {rich("comments.thread.disposition", {
                label: (
                  <span className={`disposition disposition-${disposition.disposition}`}>
                    {dispositionLabel ? t(dispositionLabel) : disposition.disposition}
                  </span>
                ),
              })}{" "}
              <a href={disposition.href}>{t("comments.thread.readResponse")}</a>
            </span>
          ) : null}
        </footer>
      </article>
      {c.replies.length ? (
        relativeDepth + 1 >= MAX_DISPLAY_DEPTH ? (
          <p className="continue-thread">
            <a href={permalink}>{t("comments.thread.continue", { count: countReplies(c) })}</a>
          </p>
        ) : (
          <ol className="replies">
            {c.replies.map((r) => (
              <CommentItem key={r.id} c={r} ctx={ctx} />
            ))}
          </ol>
        )
      ) : null}
    </li>
  );
}

function countReplies(c: CommentView): number {
  return c.replies.reduce((n, r) => n + 1 + countReplies(r), 0);
}

export function CommentList({ comments, ctx }: { comments: CommentView[]; ctx: Ctx }) {
  return (
    <ol className="comment-list">
      {comments.map((c) => (
        <CommentItem key={c.id} c={c} ctx={ctx} />
      ))}
    </ol>
  );
}
