import { commentsAddress } from "~/services/mail-addresses.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { CommentForm } from "~/features/comments/comment-form";
import { CommentsHeading, NoComments, ThreadSortBar } from "~/features/comments/thread-controls";
import { requestLocale } from "~/i18n/request-locale.server";
import { FollowBox } from "~/features/following/follow-box";
import { StatusBadge, useTimeLeft } from "~/features/consultations/card";
import { useFormReply } from "~/components/error-summary";
import { Pagination, pageParam } from "~/components/pagination";
import { PlanBody, TableOfContents, withSectionLinks, type SectionLink } from "~/features/consultations/plan-body";
import { UtcAndLocalTime, UtcTime } from "~/components/time";
import { getThreadsPageHtml } from "~/features/comments/threads.server";
import { ServerHtml } from "~/components/server-html";
import { useFollowLinks } from "~/components/follow-links";
import { useFieldLabels } from "~/features/consultations/field-labels";
import { findConsultationRef, getConsultationPage } from "~/features/consultations/consultation.server";
import { DugSummary } from "~/features/consultations/dug-summary";
import { Timeline } from "~/features/consultations/timeline";
import { staffLinkLabels } from "~/features/consultations/staff-links.server";
import { isFollowing } from "~/features/following/following.server";
import { translate } from "~/i18n/catalogue.server";
import { useEnglishContent, useEnglishText, useRich, useT } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { statementForConsultationPage } from "~/features/statement/published.server";
import { minuteOf } from "~/models/time";
import { closingChangeKind } from "~/features/consultations/closing-change";
import { handleCommentAction } from "~/features/comments/forms.server";
import { htmlOnce, perRequestToken } from "~/services/document-html.server";
import { memoPublic } from "~/services/public-memo.server";
import { notFound } from "~/services/http.server";
import { directionOf, localisedPath, type Locale } from "~/services/language";
import { getCurrentUser } from "~/services/session.server";
import { consultationPageQuery } from "~/features/consultations/validation";
import { HistoryList } from "~/components/history-list";
import { planTextFor } from "~/features/translations/plan-translation.server";
import { PlanText } from "~/features/translations/plan-text";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const viewer = { id: user?.id, isStaff: isStaff(user) };
  const q = consultationPageQuery.parse(Object.fromEntries(url.searchParams));
  const now = new Date();
  const page = await getConsultationPage({ slug: params.slug!, viewer, versionNumber: q.version, now, locale });
  if (!page) notFound(translate(locale, "consultation.notFound"));
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
  const current = q.version && q.version !== page.currentVersion ? await getConsultationPage({ slug: params.slug!, viewer, now, locale }) : page;
  const once = htmlOnce(context);
  const text = await planTextFor({
    slug: page.consultation.slug,
    number: page.plan.number,
    requested: url.searchParams.get("text"),
    pageLocale: locale,
  });
  const plan = text.translation ? { ...page.plan, html: text.translation.html, headings: text.translation.headings } : page.plan;
  const planHtml = await planWithSectionLinks(page.consultation.slug, plan, canComment && page.plan.isCurrent ? locale : null, text.info.language);
  return {
    ...page,
    title: translate(locale, "consultation.pageTitle", { title: page.consultation.title, number: page.consultation.number }),
    // For staff only: every other reader's page carries no staff-only message.
    staffLinks: viewer.isStaff ? staffLinkLabels(locale, { hasStatement: !!statement }) : null,
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

/**
 * The plan's HTML (in `language`: English or a translation), with "comment on this section" links
 * in `linkLocale` where the reader may comment (shared by the readers of each language).
 */
function planWithSectionLinks(slug: string, plan: { number: number; html: string }, linkLocale: Locale | null, language: string): Promise<string> {
  if (!linkLocale) return Promise.resolve(plan.html);
  return memoPublic(`plan-with-links:${slug}:${plan.number}:${language}:${linkLocale}`, async () => withSectionLinks(plan.html, sectionLink(slug, linkLocale)));
}

function sectionLink(slug: string, locale: Locale): SectionLink {
  const link = { path: localisedPath(`/consultations/${slug}`, locale), label: translate(locale, "consultation.sectionLink") };
  return locale === "en" ? link : { ...link, lang: locale, dir: directionOf(locale) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) } });
  if (!consultation) notFound(translate(await requestLocale(request), "consultation.notFound"));
  return handleCommentAction(request, consultation);
}

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const commentReply = useFormReply(["post", "preview"]);
  const { search } = useLocation();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const englishText = useEnglishText();
  const labels = useFieldLabels();
  const timeLeft = useTimeLeft();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const now = new Date(d.now);
  const previous = d.versions.find((v) => v.number < d.plan.number);
  const followLinks = useFollowLinks();
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <div className="page">
      <header className="consultation-head">
        <p className="eyebrow">
          {t("consultations.card.number", { number: c.number })} · <StatusBadge status={d.status} />{" "}
          {d.awaitingDug ? <span className="badge badge-warn">{t("consultation.awaitingDug")}</span> : null}
        </p>
        <h1 {...english}>{c.title}</h1>
        <p className="lead" {...english}>
          {c.summary}
        </p>
      </header>

      {d.staffLinks ? (
        <p className="no-print">
          <Link className="button secondary" to={`${base}/manage`}>
            {d.staffLinks.manage}
          </Link>
          {d.status === "closed" || d.status === "concluded" ? (
            <>
              {" "}
              <Link className="button secondary" to={`${base}/statement/edit`}>
                {d.staffLinks.statement}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}

      {d.status === "withdrawn" ? (
        <div className="notice notice-warn" role="note">
          {rich("consultation.withdrawn", { strong, date: <UtcTime value={c.withdrawnAt!} />, reason: englishText(c.withdrawnReason ?? "") })}
        </div>
      ) : null}

      <dl className="facts">
        {c.opensAt && c.closesAt ? (
          <>
            <dt>{t("consultation.facts.period")}</dt>
            <dd>
              {rich("consultation.facts.opens", { time: <UtcAndLocalTime value={c.opensAt} /> })}
              <br />
              {rich("consultation.facts.closes", { time: <UtcAndLocalTime value={c.closesAt} /> })}
              {d.status === "open" ? <strong> · {timeLeft(new Date(c.closesAt), now)}</strong> : null}
            </dd>
          </>
        ) : (
          <>
            <dt>{t("consultation.facts.status")}</dt>
            <dd>{t("consultation.facts.draft")}</dd>
          </>
        )}
        {d.extensions.map((e, i) => (
          <div key={i} className="contents">
            <dt>{t(`consultation.closingChange.${closingChangeKind(e)}`)}</dt>
            <dd>
              {rich("consultation.facts.closingChange", {
                from: <UtcTime value={e.previousClosesAt} />,
                to: <UtcTime value={e.newClosesAt} />,
                reason: englishText(e.reason),
              })}
            </dd>
          </div>
        ))}
        <dt>{t("consultation.facts.category")}</dt>
        <dd>{labels.category(c.category)}</dd>
        <dt>{t("consultation.facts.affects")}</dt>
        <dd>{labels.affected(c.affected)}</dd>
        <dt>{t("consultation.facts.basis")}</dt>
        <dd>{labels.basis(c.basis)}</dd>
        <dt>{t("consultation.facts.dug")}</dt>
        <dd>
          <DugSummary required={c.dugRequired} dug={d.dug} />
          {c.dugRequired && d.status !== "draft" ? (
            <>
              {" "}
              <Link to={`${base}/dug`}>
                {d.dug?.outcome ? t("consultation.dug.recordLink") : d.dug ? t("consultation.dug.reviewLink") : t("consultation.dug.pageLink")}
              </Link>
            </>
          ) : null}
        </dd>
        <dt>{t("consultation.facts.contact")}</dt>
        <dd>
          {c.contactName} (
          <a href={`mailto:${c.contactEmail}`}>
            <bdi>{c.contactEmail}</bdi>
          </a>
          )
        </dd>
        <dt>{t("consultation.facts.comments")}</dt>
        <dd>
          {rich("consultation.facts.commentsValue", {
            count: c.commentCount,
            link: (chunks) => <a href="#comments">{chunks}</a>,
            json: (chunks) => <a href={`${base}/comments.json`}>{chunks}</a>,
            csv: (chunks) => <a href={`${base}/comments.csv`}>{chunks}</a>,
            zip: (chunks) => <a href={`${base}/archive.zip`}>{chunks}</a>,
          })}
        </dd>
        {d.statement ? (
          <>
            <dt>{t("consultation.facts.statement")}</dt>
            <dd>
              {d.statement.revision > 1
                ? rich("consultation.statement.readRevision", {
                    link: (chunks) => <Link to={d.statement!.path}>{chunks}</Link>,
                    revision: d.statement.revision,
                  })
                : rich("consultation.statement.read", { link: (chunks) => <Link to={d.statement!.path}>{chunks}</Link> })}
            </dd>
          </>
        ) : null}
      </dl>

      {d.status !== "draft" ? <FollowBox slug={c.slug} following={d.following} /> : null}

      <div className="version-bar">
        <p className="no-margin">
          {rich(
            d.plan.isCurrent
              ? d.plan.publishedAt
                ? "consultation.version.currentPublished"
                : "consultation.version.current"
              : d.plan.publishedAt
                ? "consultation.version.earlierPublished"
                : "consultation.version.earlier",
            {
              strong,
              number: d.plan.number,
              current: d.currentVersion,
              date: d.plan.publishedAt ? <UtcTime value={d.plan.publishedAt} withTime={false} /> : "",
            },
          )}
          {d.plan.changeSummary ? (
            <span className="muted">
              {" — "}
              {englishText(d.plan.changeSummary)}
            </span>
          ) : null}
        </p>
        {d.versions.length > 1 ? (
          <>
            <Form method="get">
              <label htmlFor="version">{t("consultation.version.label")}</label>
              <select id="version" name="version" defaultValue={d.plan.number}>
                {d.versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.number === d.currentVersion ? t("consultation.version.currentOption", { number: v.number }) : v.number}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                {t("consultation.version.show")}
              </button>
            </Form>
            {previous ? (
              <Link to={`${base}/diff?from=${previous.number}&to=${d.plan.number}`}>{t("consultation.version.whatChanged", { number: previous.number })}</Link>
            ) : null}
          </>
        ) : null}
      </div>

      <div className="plan-layout">
        <TableOfContents headings={d.plan.headings} />
        <div>
          <PlanText text={d.planText} version={d.plan.number} staffPath={d.viewer.isStaff && d.status !== "draft" ? `${base}/translations` : null}>
            <PlanBody html={d.plan.html} />
          </PlanText>
          <Timeline milestones={d.plan.timeline} />
        </div>
      </div>

      <section aria-labelledby="comments-heading" id="comments">
        <CommentsHeading count={c.commentCount} />
        {d.viewer.canComment || commentReply ? (
          <div className="comment-form-panel" id="comment-form">
            <h3>{t("consultation.comments.formHeading")}</h3>
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
            {rich("consultation.comments.signIn", {
              link: (chunks) => <Link to={`/login?redirectTo=${encodeURIComponent(`${base}#comment-form`)}`}>{chunks}</Link>,
            })}
          </p>
        ) : null}
        {d.commentsAddress ? (
          <p className="small" id="comment-by-mail">
            {rich("consultation.comments.byMail", {
              link: (chunks) => (
                <a href={`mailto:${d.commentsAddress}`}>
                  <bdi>{chunks}</bdi>
                </a>
              ),
              address: d.commentsAddress,
            })}
          </p>
        ) : null}
        {d.viewer.canComment || commentReply || d.status === "open" ? null : d.status === "upcoming" ? (
          <p className="notice notice-info">{rich("consultation.comments.opensOn", { date: <UtcTime value={c.opensAt!} /> })}</p>
        ) : d.status === "closed" || d.status === "concluded" ? (
          <p className="notice notice-info">{rich("consultation.comments.closedOn", { date: <UtcTime value={c.closesAt!} /> })}</p>
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

      <HistoryList entries={d.history} heading={t("consultation.history.heading")} headingId="history-heading" className="history" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.title }, { name: "description", content: data.consultation.summary }] : [{ title: "Consultation not found" }];
