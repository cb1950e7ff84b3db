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
import { plural } from "~/models/plural";
import { WorkList, HiddenList } from "./work-list";
import { Texts } from "./texts";
import { Publish } from "./publish";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.write");
  const c = await builderConsultation(params.slug!);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const q = workListQuery.parse(raw);
  const list = await getWorkList({
    consultationId: c.id,
    number: c.number,
    filters: { section: q.section, organisation: q.organisation, kind: q.kind, theme: q.theme, unanswered: q.unanswered, hidden: q.view === "hidden" },
    page: pageParam(url),
  });
  return { consultation: c, list, query: q, files: await draftFiles(c.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleBuilderAction(request, params.slug!);
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
export type Row = LoaderData["list"]["comments"][number];

export default function StatementBuilder() {
  const { consultation: c, list, query } = useLoaderData<typeof loader>();
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
      <p className="eyebrow">
        IFM staff · Consultation {c.number} · <StatusBadge status={c.status} />
      </p>
      <h1>Final response statement</h1>
      <p>
        <Link to={base}>{c.title}</Link>
      </p>

      <div className="progress-box" aria-live="polite">
        <label htmlFor="answered-progress">
          <strong>
            {answered.toLocaleString("en-US")} of {needed.toLocaleString("en-US")} answered
          </strong>
        </label>
        <progress id="answered-progress" max={Math.max(needed, 1)} value={answered}>
          {answered} of {needed}
        </progress>
        {list.hiddenCount ? (
          <span className="muted small"> · {plural(list.hiddenCount, { one: "# hidden comment listed apart", other: "# hidden comments listed apart" })}</span>
        ) : null}
      </div>

      <p className="actions">
        <Link className="button secondary" to={`${base}/statement/preview`}>
          Preview the whole statement
        </Link>
        {published ? (
          <Link to={`${base}/statement`}>
            Published statement (revision {published.number}, <UtcTime value={published.publishedAt} withTime={false} />)
          </Link>
        ) : null}
      </p>
      {published ? (
        <p className="notice notice-info">
          Revision {published.number} is published and frozen. Changes made here are published only as a correction: a new revision with an erratum note (see
          “Publish”).
        </p>
      ) : null}

      <nav aria-label="Parts of the builder">
        <ul className="tabs">
          {(
            [
              ["comments", "Comments"],
              ["hidden", `Hidden comments (${list.hiddenCount})`],
              ["texts", "Texts and themes"],
              ["publish", "Publish"],
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Statement builder · Consultation ${data.consultation.number}` : "Statement builder" },
];
