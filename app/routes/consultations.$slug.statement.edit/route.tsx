import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { StatusBadge } from "~/features/consultations/card";
import { pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { dispositionLabel } from "~/features/statement/content";
import {
  builderRefusal,
  getStatementConsultation,
  publishStatement,
  saveDispositions,
  saveStatementTexts,
  type StatementConsultation,
} from "~/features/statement/statement.server";
import { getWorkList } from "~/features/statement/work-list.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound, safeRedirect } from "~/services/http.server";
import { bulkSchema, disposeSchema, publishSchema, textsSchema, themeNames, workListQuery, type DispositionInput } from "~/features/statement/validation";
import { NOUNS, plural } from "~/models/plural";
import { WorkList, HiddenList } from "./work-list";
import { Texts } from "./texts";
import { Publish } from "./publish";

/** The consultation, or the error page saying why there is no statement to write (4xx). */
async function consultationOrRefusal(slug: string): Promise<StatementConsultation> {
  const c = await getStatementConsultation({ slug });
  if (!c) notFound("There is no consultation at this address.");
  const refused = builderRefusal(c);
  if (refused) throw data({ message: refused.message }, { status: refused.status });
  return c;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.write");
  const c = await consultationOrRefusal(params.slug!);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const q = workListQuery.parse(raw);
  const list = await getWorkList({
    consultationId: c.id,
    number: c.number,
    filters: { section: q.section, organisation: q.organisation, kind: q.kind, theme: q.theme, unanswered: q.unanswered, hidden: q.view === "hidden" },
    page: pageParam(url),
  });
  return { consultation: c, list, query: q };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const c = await consultationOrRefusal(params.slug!);
  const back = (returnTo: string | undefined) => safeRedirect(returnTo, `/consultations/${c.slug}/statement/edit`);
  const dispose = (mode: "replace" | "add") => async (input: DispositionInput & { commentId: string | string[]; returnTo?: string }) => {
    const result = await saveDispositions({
      actor: user,
      consultationId: c.id,
      commentIds: ([] as string[]).concat(input.commentId),
      disposition: input.disposition,
      responseMd: input.responseMd,
      planVersionNumber: input.planVersion ?? null,
      sectionId: input.sectionId ?? null,
      themes: themeNames(input),
      themesMode: mode,
    });
    if (!result.ok) return result;
    const what = result.refs.length === 1 ? `Comment ${result.refs[0]}` : `${plural(result.refs.length, NOUNS.comment)} (${result.refs.join(", ")})`;
    return redirectWithFlash(back(input.returnTo), `${what}: ${dispositionLabel(input.disposition, true)}. Saved.`);
  };

  return handleForm(request, {
    dispose: form(disposeSchema, dispose("replace")),
    bulk: form(bulkSchema, dispose("add")),
    texts: form(textsSchema, async (input) => {
      const { introMd, analysisMd, nextStepsMd, themeSummaries } = input;
      const result = await saveStatementTexts({ actor: user, consultationId: c.id, introMd, analysisMd, nextStepsMd, themeSummaries });
      return result.ok ? redirectWithFlash(back(input.returnTo), "The statement's texts are saved.") : result;
    }),
    publish: form(publishSchema, async (input) => {
      const result = await publishStatement({ actor: user, consultationId: c.id, basedOnRevision: input.basedOnRevision, erratum: input.erratum ?? null });
      if (!result.ok) return result;
      return redirectWithFlash(
        `/consultations/${c.slug}/statement`,
        result.revision === 1
          ? "The final response statement is published. The consultation is concluded."
          : `Revision ${result.revision} of the statement is published.`,
      );
    }),
  });
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
