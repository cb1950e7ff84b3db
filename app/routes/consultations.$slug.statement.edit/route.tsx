import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { StatusBadge } from "~/features/consultations/card";
import { pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { builderConsultation, handleBuilderAction } from "~/features/statement/builder-actions.server";
import { draftFiles } from "~/features/statement/statement-files.server";
import { getWorkList } from "~/features/statement/work-list.server";
import { requirePermission } from "~/services/auth.server";
import { workListQuery } from "~/features/statement/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { WorkList, HiddenList } from "./work-list";
import { Texts } from "./texts";
import { Publish } from "./publish";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.write");
  const locale = await requestLocale(request);
  const c = await builderConsultation(params.slug!, locale);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const q = workListQuery.parse(raw);
  const list = await getWorkList({
    consultationId: c.id,
    number: c.number,
    filters: { section: q.section, organisation: q.organisation, kind: q.kind, theme: q.theme, unanswered: q.unanswered, hidden: q.view === "hidden" },
    page: pageParam(url),
  });
  return { consultation: c, list, query: q, files: await draftFiles(c.id), title: translate(locale, "statement.builder.title", { number: c.number }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleBuilderAction(request, params.slug!);
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
export type Row = LoaderData["list"]["comments"][number];

export default function StatementBuilder() {
  const { consultation: c, list, query } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const { pathname, search } = useLocation();
  const returnTo = pathname + search;
  const base = `/consultations/${c.slug}`;
  const tab = (view: string) => {
    const params = new URLSearchParams(view === "comments" ? "" : `view=${view}`);
    return `?${params.toString()}`;
  };
  const published = c.revisions[0] ?? null;
  const { answered, needed } = list.progress;
  return (
    <div className="page statement-builder">
      <p className="eyebrow">{rich("statement.builder.eyebrow", { number: c.number, status: <StatusBadge status={c.status} /> })}</p>
      <h1>{t("statement.builder.heading")}</h1>
      <p>
        <Link to={base} {...english}>
          {c.title}
        </Link>
      </p>

      <div className="progress-box" aria-live="polite">
        <label htmlFor="answered-progress">
          <strong>{t("statement.builder.answered", { answered, needed })}</strong>
        </label>
        <progress id="answered-progress" max={Math.max(needed, 1)} value={answered}>
          {t("statement.builder.progress", { answered, needed })}
        </progress>
        {list.hiddenCount ? <span className="muted small"> · {t("statement.builder.hiddenApart", { count: list.hiddenCount })}</span> : null}
      </div>

      <p className="actions">
        <Link className="button secondary" to={`${base}/statement/preview`}>
          {t("statement.builder.preview")}
        </Link>
        {published ? (
          <Link to={`${base}/statement`}>
            {rich("statement.builder.published", { number: published.number, date: <UtcTime value={published.publishedAt} withTime={false} /> })}
          </Link>
        ) : null}
        {published ? <Link to={`${base}/statement/translate`}>{t("statement.builder.translate")}</Link> : null}
      </p>
      {published ? <p className="notice notice-info">{t("statement.builder.frozen", { number: published.number })}</p> : null}

      <nav aria-label={t("statement.builder.parts")}>
        <ul className="tabs">
          {(
            [
              ["comments", t("statement.builder.tab.comments")],
              ["hidden", t("statement.builder.tab.hidden", { count: list.hiddenCount })],
              ["texts", t("statement.builder.tab.texts")],
              ["publish", t("statement.builder.tab.publish")],
            ] as const
          ).map(([view, label]) => (
            <li key={view}>
              <Link to={tab(view)} aria-current={query.view === view ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {query.view === "comments" ? <WorkList returnTo={returnTo} search={search} /> : null}
      {query.view === "hidden" ? <HiddenList search={search} /> : null}
      {query.view === "texts" ? <Texts returnTo={returnTo} /> : null}
      {query.view === "publish" ? <Publish returnTo={returnTo} /> : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Statement builder" }];
