import { commentsAddress } from "~/services/mail-addresses.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { CommentForm } from "~/features/comments/comment-form";
import { CommentsHeading, NoComments, ThreadSortBar } from "~/features/comments/thread-controls";
import { requestLocale } from "~/i18n/request-locale.server";
import { FollowBox } from "~/features/following/follow-box";
import { StatusBadge, timeLeft } from "~/features/consultations/card";
import { useFormReply } from "~/components/error-summary";
import { Pagination, pageParam } from "~/components/pagination";
import { PlanBody, TableOfContents, withSectionLinks } from "~/features/consultations/plan-body";
import { UtcAndLocalTime, UtcTime } from "~/components/time";
import { getThreadsPageHtml } from "~/features/comments/threads.server";
import { ServerHtml } from "~/components/server-html";
import { useFollowLinks } from "~/components/follow-links";
import { AFFECTED_LABELS, BASIS_LABELS, CATEGORY_LABELS, labelOf } from "~/features/consultations/fields";
import { findConsultationRef, getConsultationPage } from "~/features/consultations/consultation.server";
import { isFollowing } from "~/features/following/following.server";
import { isStaff } from "~/models/roles";
import { statementForConsultationPage } from "~/features/statement/published.server";
import { minuteOf } from "~/models/time";
import { CLOSING_CHANGE_LABELS, closingChangeKind } from "~/features/consultations/closing-change";
import { handleCommentAction } from "~/features/comments/forms.server";
import { htmlOnce, perRequestToken } from "~/services/document-html.server";
import { memoPublic } from "~/services/public-memo.server";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { consultationPageQuery } from "~/features/consultations/validation";
import { HistoryList } from "~/components/history-list";
import { planTextFor } from "~/features/translations/plan-translation.server";
import { PlanText } from "~/features/translations/plan-text";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getCurrentUser(request);
  const viewer = { id: user?.id, isStaff: isStaff(user) };
  const q = consultationPageQuery.parse(Object.fromEntries(url.searchParams));
  const now = new Date();
  const page = await getConsultationPage({ slug: params.slug!, viewer, versionNumber: q.version, now });
  if (!page) notFound("There is no consultation at this address.");
  const open = page.status === "open";
  const canComment = open && !!user;
  const canReply = !!user && (open || (viewer.isStaff && (page.status === "closed" || page.status === "concluded")));
  const statementRef = { consultationId: page.consultation.id, slug: page.consultation.slug };
  const [threads, following, { statement }] = await Promise.all([
    getThreadsPageHtml({
      locale: await requestLocale(request),
      ...statementRef,
      sort: q.sort,
      page: pageParam(url),
      viewer,
      canReply,
      dispositionsFor: async (refs) => (await statementForConsultationPage({ ...statementRef, refs })).dispositions,
      now,
    }),
    user ? isFollowing({ userId: user.id, consultationId: page.consultation.id }) : Promise.resolve(null),
    statementForConsultationPage({ ...statementRef, refs: [] }),
  ]);
  const current = q.version && q.version !== page.currentVersion ? await getConsultationPage({ slug: params.slug!, viewer, now }) : page;
  const once = htmlOnce(context);
  const text = await planTextFor({
    slug: page.consultation.slug,
    number: page.plan.number,
    requested: url.searchParams.get("text"),
    pageLocale: await requestLocale(request),
  });
  const plan = text.translation ? { ...page.plan, html: text.translation.html, headings: text.translation.headings } : page.plan;
  const planHtml = await planWithSectionLinks(page.consultation.slug, plan, canComment && page.plan.isCurrent, text.info.language);
  return {
    ...page,
    plan: { ...plan, html: once(planHtml) },
    planText: text.info,
    now: minuteOf(now),
    threads: { ...threads, html: once(threads.html) },
    sort: q.sort,
    section: q.section ?? "",
    sections: current!.plan.headings.filter((h) => h.level >= 2 && h.level <= 3).map((h) => ({ id: h.id, text: h.text })),
    viewer: {
      signedIn: !!user,
      isStaff: viewer.isStaff,
      canComment,
      canReply,
      organisations: user?.memberships ?? [],
    },
    following,
    commentsAddress: open ? commentsAddress(page.consultation.number) : null,
    statement,
    // Only forms need a key; anonymous pages stay identical between renders (cache, 304s).
    idempotencyKey: user ? perRequestToken(context) : "",
  };
}

/** The plan's HTML, with "comment on this section" links where the reader may comment (shared). */
function planWithSectionLinks(slug: string, plan: { number: number; html: string }, linked: boolean, language: string): Promise<string> {
  if (!linked) return Promise.resolve(plan.html);
  return memoPublic(`plan-with-links:${slug}:${plan.number}:${language}`, async () => withSectionLinks(plan.html, `/consultations/${slug}`));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) } });
  if (!consultation) notFound("There is no consultation at this address.");
  return handleCommentAction(request, consultation);
}

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const commentReply = useFormReply(["post", "preview"]);
  const { search } = useLocation();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const now = new Date(d.now);
  const previous = d.versions.find((v) => v.number < d.plan.number);
  const followLinks = useFollowLinks();
  return (
    <div className="page">
      <header className="consultation-head">
        <p className="eyebrow">
          Consultation {c.number} · <StatusBadge status={d.status} /> {d.awaitingDug ? <span className="badge badge-warn">Awaiting DUG agreement</span> : null}
        </p>
        <h1>{c.title}</h1>
        <p className="lead">{c.summary}</p>
      </header>

      {d.viewer.isStaff ? (
        <p className="no-print">
          <Link className="button secondary" to={`${base}/manage`}>
            Manage this consultation
          </Link>
          {d.status === "closed" || d.status === "concluded" ? (
            <>
              {" "}
              <Link className="button secondary" to={`${base}/statement/edit`}>
                {d.statement ? "Correct the final statement" : "Write the final statement"}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}

      {d.status === "withdrawn" ? (
        <div className="notice notice-warn" role="note">
          <strong>Withdrawn</strong> on <UtcTime value={c.withdrawnAt!} />. Reason: {c.withdrawnReason}
        </div>
      ) : null}

      <dl className="facts">
        {c.opensAt && c.closesAt ? (
          <>
            <dt>Comment period</dt>
            <dd>
              Opens <UtcAndLocalTime value={c.opensAt} />
              <br />
              Closes <UtcAndLocalTime value={c.closesAt} />
              {d.status === "open" ? <strong> · {timeLeft(new Date(c.closesAt), now)}</strong> : null}
            </dd>
          </>
        ) : (
          <>
            <dt>Status</dt>
            <dd>Draft: visible to IFM staff only.</dd>
          </>
        )}
        {d.extensions.map((e, i) => (
          <div key={i} className="contents">
            <dt>{CLOSING_CHANGE_LABELS[closingChangeKind(e)]}</dt>
            <dd>
              from <UtcTime value={e.previousClosesAt} /> to <UtcTime value={e.newClosesAt} />: {e.reason}
            </dd>
          </div>
        ))}
        <dt>Category</dt>
        <dd>{labelOf(CATEGORY_LABELS, c.category)}</dd>
        <dt>Affects</dt>
        <dd>{labelOf(AFFECTED_LABELS, c.affected)}</dd>
        <dt>Basis</dt>
        <dd>{labelOf(BASIS_LABELS, c.basis)}</dd>
        <dt>DUG agreement</dt>
        <dd>
          {!c.dugRequired ? (
            "Not required for this plan."
          ) : d.dug?.outcome === "agreed" ? (
            <>
              Agreed by the DUG on behalf of the TLD registry operators on <UtcTime value={d.dug.decidedAt!} withTime={false} /> (plan version {d.dug.version}).
            </>
          ) : d.dug && !d.dug.outcome ? (
            <>
              DUG review round {d.dug.round} in progress on version {d.dug.version}, deadline <UtcTime value={d.dug.deadline} />.
            </>
          ) : d.dug?.outcome ? (
            `Round ${d.dug.round} ended: ${d.dug.outcome.replace("_", " ")}.`
          ) : (
            "Required; the DUG has not yet agreed this plan."
          )}
          {c.dugRequired && d.status !== "draft" ? (
            <>
              {" "}
              <Link to={`${base}/dug`}>{d.dug?.outcome ? "Read the agreement record" : d.dug ? "Follow the DUG review" : "DUG agreement page"}</Link>
            </>
          ) : null}
        </dd>
        <dt>Contact</dt>
        <dd>
          {c.contactName} (<a href={`mailto:${c.contactEmail}`}>{c.contactEmail}</a>)
        </dd>
        <dt>Comments</dt>
        <dd>
          <a href="#comments">{c.commentCount}</a> · export as <a href={`${base}/comments.json`}>JSON</a> or <a href={`${base}/comments.csv`}>CSV</a> · the
          whole record as a <a href={`${base}/archive.zip`}>zip archive</a>
        </dd>
        {d.statement ? (
          <>
            <dt>Final statement</dt>
            <dd>
              <Link to={d.statement.path}>Read the final response statement</Link>
              {d.statement.revision > 1 ? ` (revision ${d.statement.revision})` : ""}: how every comment was answered
            </dd>
          </>
        ) : null}
      </dl>

      {d.status !== "draft" ? <FollowBox slug={c.slug} following={d.following} /> : null}

      <div className="version-bar">
        <p className="no-margin">
          <strong>
            Plan version {d.plan.number}
            {d.plan.isCurrent ? " (current)" : ` — an earlier version; the current one is ${d.currentVersion}`}
          </strong>
          {d.plan.publishedAt ? (
            <>
              , published <UtcTime value={d.plan.publishedAt} withTime={false} />
            </>
          ) : null}
          {d.plan.changeSummary ? <span className="muted"> — {d.plan.changeSummary}</span> : null}
        </p>
        {d.versions.length > 1 ? (
          <>
            <Form method="get">
              <label htmlFor="version">Version</label>
              <select id="version" name="version" defaultValue={d.plan.number}>
                {d.versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.number}
                    {v.number === d.currentVersion ? " (current)" : ""}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                Show
              </button>
            </Form>
            {previous ? <Link to={`${base}/diff?from=${previous.number}&to=${d.plan.number}`}>What changed since version {previous.number}</Link> : null}
          </>
        ) : null}
      </div>

      <div className="plan-layout">
        <TableOfContents headings={d.plan.headings} />
        <div>
          <PlanText text={d.planText} version={d.plan.number} staffPath={d.viewer.isStaff && d.status !== "draft" ? `${base}/translations` : null}>
            <PlanBody html={d.plan.html} />
          </PlanText>
          {d.plan.timeline.length ? (
            <section aria-labelledby="timeline-heading">
              <h2 id="timeline-heading">Proposed implementation timeline</h2>
              <table className="data-table timeline-table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Milestone</th>
                  </tr>
                </thead>
                <tbody>
                  {d.plan.timeline.map((m) => (
                    <tr key={m.date + m.label}>
                      <td>{m.date}</td>
                      <td>{m.label}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </div>
      </div>

      <section aria-labelledby="comments-heading" id="comments">
        <CommentsHeading count={c.commentCount} />
        {d.viewer.canComment || commentReply ? (
          <div className="comment-form-panel" id="comment-form">
            <h3>Comment on the plan</h3>
            <CommentForm
              uploadAction={`${base}/comment-upload`}
              action={`${base}?index`}
              idempotencyKey={d.idempotencyKey}
              sections={d.sections}
              organisations={d.viewer.organisations}
              reply={commentReply}
              defaultSection={d.section}
              id="new-comment"
            />
          </div>
        ) : d.status === "open" ? (
          <p className="notice notice-info">
            <Link to={`/login?redirectTo=${encodeURIComponent(`${base}#comment-form`)}`}>Sign in</Link> to comment. Anyone with an email address may comment.
          </p>
        ) : null}
        {d.commentsAddress ? (
          <p className="small" id="comment-by-mail">
            Or comment by email: write to <a href={`mailto:${d.commentsAddress}`}>{d.commentsAddress}</a> from the address of your account (or one that follows
            consultations). You get a receipt with your comment&rsquo;s reference.
          </p>
        ) : null}
        {d.viewer.canComment || commentReply || d.status === "open" ? null : d.status === "upcoming" ? (
          <p className="notice notice-info">
            Comments open on <UtcTime value={c.opensAt!} />.
          </p>
        ) : d.status === "closed" || d.status === "concluded" ? (
          <p className="notice notice-info">
            The comment period closed on <UtcTime value={c.closesAt!} />.
          </p>
        ) : null}

        {d.threads.totalThreads > 0 ? (
          <>
            <ThreadSortBar sort={d.sort} />
            <ServerHtml id="comment-threads" html={d.threads.html} onClick={followLinks} />
            <Pagination page={d.threads.page} pageCount={d.threads.pageCount} search={search} />
          </>
        ) : (
          <NoComments />
        )}
      </section>

      <HistoryList entries={d.history} headingId="history-heading" className="history" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.consultation.title} · Consultation ${data.consultation.number}` }, { name: "description", content: data.consultation.summary }]
    : [{ title: "Consultation not found" }];
