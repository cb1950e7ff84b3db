import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CommentForm } from "~/features/comments/comment-form";
import { commentPath } from "~/features/comments/comment-thread";
import { subtreeHtml } from "~/features/comments/thread-list-html.server";
import { ServerHtml } from "~/components/server-html";
import { useFollowLinks } from "~/components/follow-links";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextArea } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { UtcTime } from "~/components/time";
import { findCommentByRef, getCommentRevisions, getCommentSubtree } from "~/features/comments/threads.server";
import { EDIT_WINDOW_MINUTES, parseCommentRef } from "~/features/comments/reference";
import { getConsultationPage } from "~/features/consultations/consultation.server";
import { isStaff } from "~/models/roles";
import { statementForConsultationPage } from "~/features/statement/published.server";
import { handleCommentAction } from "~/features/comments/forms.server";
import { OnBehalfForm } from "~/features/email/on-behalf-form";
import { db } from "~/services/db.server";
import { htmlOnce, perRequestToken } from "~/services/document-html.server";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";

async function load(request: Request, slug: string, refParam: string) {
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const viewer = { id: user?.id, isStaff: isStaff(user) };
  const page = await getConsultationPage({ slug, viewer });
  if (!page) notFound(translate(locale, "comments.notFound.consultation"));
  const ref = parseCommentRef(refParam);
  const commentId = ref && ref.number === page.consultation.number ? await findCommentByRef({ consultationId: page.consultation.id, seq: ref.seq }) : null;
  if (!commentId) notFound(translate(locale, "comments.notFound.comment", { ref: refParam }));
  return { user, viewer, page, commentId, locale };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, viewer, page, commentId, locale } = await load(request, params.slug!, params.ref!);
  const [subtree, revisions, flagged] = await Promise.all([
    getCommentSubtree({ consultationId: page.consultation.id, commentId, viewer }),
    getCommentRevisions({ commentId, viewer }),
    viewer.isStaff ? db().commentFlag.count({ where: { commentId, resolvedAt: null } }) : Promise.resolve(0),
  ]);
  if (!subtree) notFound();
  const refsOf = (n: { ref: string; replies: unknown[] }): string[] => [n.ref, ...(n.replies as (typeof n)[]).flatMap(refsOf)];
  const { dispositions } = await statementForConsultationPage({
    consultationId: page.consultation.id,
    slug: page.consultation.slug,
    refs: refsOf(subtree.node),
  });
  const open = page.status === "open";
  const staffAfterClose = viewer.isStaff && (page.status === "closed" || page.status === "concluded");
  const canReply = !!user && (open || staffAfterClose) && subtree.node.state === "visible";
  const { replies: _replies, bodyHtml: _bodyHtml, ...node } = subtree.node;
  return {
    title: translate(locale, "comments.permalink.pageTitle", { ref: node.ref, title: page.consultation.title }),
    consultation: { slug: page.consultation.slug, title: page.consultation.title, number: page.consultation.number },
    status: page.status,
    subtree: { ...subtree, node, html: htmlOnce(context)(subtreeHtml(subtree.node, { slug: page.consultation.slug, canReply, dispositions }, locale)) },
    revisions,
    openFlags: flagged,
    viewer: {
      signedIn: !!user,
      isStaff: viewer.isStaff,
      canReply,
      organisations: open ? (user?.memberships ?? []) : [],
    },
    idempotencyKey: user ? perRequestToken(context) : "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { page } = await load(request, params.slug!, params.ref!);
  return handleCommentAction(request, page.consultation);
}

export default function CommentPage() {
  const d = useLoaderData<typeof loader>();
  const node = d.subtree.node;
  const base = `/consultations/${d.consultation.slug}`;
  const replyForm = useFormReply(["post", "preview"]);
  const edit = useFormReply("edit");
  const withdraw = useFormReply("withdraw");
  const flag = useFormReply("flag");
  const moderation = useFormReply(["hide", "restore", "dismiss-flags"]);
  const isOwn = node.isOwn;
  const followLinks = useFollowLinks();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  return (
    <div className="page">
      <p className="eyebrow">{rich("comments.permalink.eyebrow", { ref: <bdi>{node.ref}</bdi>, number: d.consultation.number })}</p>
      <h1>
        <Link to={base} {...english}>
          {d.consultation.title}
        </Link>
      </h1>
      <p className="muted">{rich("comments.permalink.permanentLink", { path: <code dir="ltr">{commentPath(d.consultation.slug, node.ref)}</code> })}</p>
      {d.subtree.ancestors.length ? (
        <nav aria-label={t("comments.permalink.earlier")} className="small">
          {rich("comments.permalink.inReplyTo", {
            chain: d.subtree.ancestors
              .slice()
              .reverse()
              .map((a, i) => (
                <span key={a.id}>
                  {i > 0 ? " ← " : ""}
                  <Link to={commentPath(d.consultation.slug, a.ref)}>
                    {a.state === "visible"
                      ? rich("comments.permalink.ancestorBy", { ref: <bdi>{a.ref}</bdi>, name: <bdi>{a.authorName}</bdi> })
                      : rich(a.state === "hidden" ? "comments.permalink.ancestorHidden" : "comments.permalink.ancestorWithdrawn", { ref: <bdi>{a.ref}</bdi> })}
                  </Link>
                </span>
              )),
          })}
        </nav>
      ) : null}

      <ServerHtml id="comment-subtree" html={d.subtree.html} onClick={followLinks} />

      {d.viewer.canReply || replyForm ? (
        <section className="comment-form-panel" id="reply" aria-labelledby="reply-heading">
          <h2 id="reply-heading">{rich("comments.permalink.replyTo", { ref: <bdi>{node.ref}</bdi> })}</h2>
          <CommentForm
            uploadAction={`/consultations/${d.consultation.slug}/comment-upload`}
            action={commentPath(d.consultation.slug, node.ref)}
            idempotencyKey={d.idempotencyKey}
            organisations={d.viewer.organisations}
            parentRef={node.ref}
            reply={replyForm}
            submitLabel={d.viewer.isStaff ? t("comments.form.postIfmReply") : undefined}
            id="reply-form"
          />
        </section>
      ) : null}

      {node.canEdit ? (
        <section className="comment-form-panel" id="edit" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t("comments.permalink.editHeading")}</h2>
          <p className="hint">{t("comments.permalink.editHint", { minutes: EDIT_WINDOW_MINUTES })}</p>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="commentId" value={node.id} />
            <ErrorSummary reply={edit} idPrefix="edit-" />
            <MarkdownEditor
              label={t("comments.permalink.editLabel")}
              name="bodyMd"
              id="edit-bodyMd"
              kind="comment"
              rows={8}
              defaultValue={edit?.values.bodyMd ?? ""}
              error={edit?.errors.bodyMd}
              required
            />
            <div className="actions">
              <button type="submit">{t("comments.permalink.saveChanges")}</button>
            </div>
          </Form>
        </section>
      ) : null}

      {node.canEdit && node.byEmail && !node.organisation && d.viewer.organisations.length > 0 ? (
        <OnBehalfForm commentId={node.id} organisations={d.viewer.organisations} />
      ) : null}

      {d.revisions.length ? (
        <section id="history" aria-labelledby="history-heading">
          <h2 id="history-heading">{t("comments.thread.editHistory")}</h2>
          <ol className="comment-list">
            {d.revisions.map((r, i) => (
              <li key={i} className="comment">
                <p className="muted small">{rich("comments.permalink.textAsPosted", { time: <UtcTime value={r.createdAt} /> })}</p>
                <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <div className="comment-tools">
        {isOwn && node.state === "visible" ? (
          <Form method="post" className="comment-form-panel">
            <h2>{t("comments.permalink.withdrawHeading")}</h2>
            <ErrorSummary reply={withdraw} idPrefix="withdraw-" />
            <p className="hint">{t("comments.permalink.withdrawHint")}</p>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="commentId" value={node.id} />
            <button type="submit" className="secondary">
              {rich("comments.permalink.withdrawButton", { ref: <bdi>{node.ref}</bdi> })}
            </button>
          </Form>
        ) : null}

        {d.viewer.signedIn && !isOwn && node.state === "visible" ? (
          <details className="comment-form-panel" open={!!flag}>
            <summary>{t("comments.permalink.flagSummary")}</summary>
            <Form method="post" className="form" noValidate>
              <ErrorSummary reply={flag} idPrefix="flag-" />
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="commentId" value={node.id} />
              <TextArea
                label={t("comments.permalink.flagReason")}
                name="reason"
                id="flag-reason"
                rows={2}
                defaultValue={flag?.values.reason ?? ""}
                error={flag?.errors.reason}
              />
              <div className="actions">
                <button type="submit" className="secondary">
                  {t("comments.permalink.flagButton")}
                </button>
              </div>
            </Form>
          </details>
        ) : null}

        {d.viewer.isStaff ? (
          <section className="staff-panel" aria-labelledby="moderate-heading">
            <h2 id="moderate-heading">{t("comments.moderation.heading")}</h2>
            <ErrorSummary reply={moderation} idPrefix={moderation?.intent === "hide" ? "hide-" : "moderation-"} />
            {d.openFlags ? <p>{t("comments.moderation.openFlags", { count: d.openFlags })}</p> : null}
            {node.state === "hidden" ? (
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="commentId" value={node.id} />
                <button type="submit">{t("comments.moderation.restore")}</button>
              </Form>
            ) : node.state === "visible" ? (
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="hide" />
                <input type="hidden" name="commentId" value={node.id} />
                <TextArea
                  label={t("comments.moderation.hideReason")}
                  name="reason"
                  id="hide-reason"
                  rows={2}
                  defaultValue={moderation?.intent === "hide" ? moderation.values.reason : ""}
                  error={moderation?.intent === "hide" ? moderation.errors.reason : undefined}
                />
                <div className="actions">
                  <button type="submit" className="danger">
                    {t("comments.moderation.hide")}
                  </button>
                </div>
              </Form>
            ) : null}
            {d.openFlags ? (
              <Form method="post">
                <input type="hidden" name="intent" value="dismiss-flags" />
                <input type="hidden" name="commentId" value={node.id} />
                <button type="submit" className="secondary">
                  {t("comments.moderation.dismissFlags")}
                </button>
              </Form>
            ) : null}
          </section>
        ) : null}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Comment not found" }];
