import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { StatusBadge } from "~/features/consultations/card";
import { ErrorPage } from "~/components/error-page";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField, TextArea, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DISPOSITIONS, DISPOSITION_LABELS, dispositionLabel } from "~/features/statement/content";
import {
  builderRefusal,
  getStatementConsultation,
  getWorkList,
  publishStatement,
  saveDispositions,
  saveStatementTexts,
  type StatementConsultation,
} from "~/features/statement/statement.server";
import { requireStaff } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound, safeRedirect } from "~/services/http.server";
import { bulkSchema, disposeSchema, publishSchema, textsSchema, themeNames, workListQuery, type DispositionInput } from "~/features/statement/validation";
import { NOUNS, plural } from "~/models/plural";

/** The consultation, or the error page saying why there is no statement to write (4xx). */
async function consultationOrRefusal(slug: string): Promise<StatementConsultation> {
  const c = await getStatementConsultation({ slug });
  if (!c) notFound("There is no consultation at this address.");
  const refused = builderRefusal(c);
  if (refused) throw data({ message: refused.message }, { status: refused.status });
  return c;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
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
  const user = await requireStaff(request);
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
    texts: form(textsSchema, async (input, body) => {
      const themeSummaries: Record<string, string> = {};
      for (const [key, value] of body.entries()) if (key.startsWith("theme:") && typeof value === "string") themeSummaries[key.slice(6)] = value;
      const { introMd, analysisMd, nextStepsMd } = input;
      const result = await saveStatementTexts({ actor: user, consultationId: c.id, introMd, analysisMd, nextStepsMd, themeSummaries });
      return result.ok ? redirectWithFlash(back(input.returnTo), "The statement's texts are saved.") : result;
    }),
    publish: form(publishSchema, async (input) => {
      const result = await publishStatement({ actor: user, consultationId: c.id, basedOnRevision: input.basedOnRevision, erratum: input.erratum ?? null });
      if (!result.ok) return result;
      return redirectWithFlash(
        `/consultations/${c.slug}/statement`,
        result.revision === 1 ? "The final response statement is published. The consultation is concluded." : `Revision ${result.revision} of the statement is published.`,
      );
    }),
  });
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = LoaderData["list"]["comments"][number];

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
        {list.hiddenCount ? <span className="muted small"> · {plural(list.hiddenCount, { one: "# hidden comment listed apart", other: "# hidden comments listed apart" })}</span> : null}
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

function Filters() {
  const { list, query } = useLoaderData<typeof loader>();
  return (
    <Form method="get" className="filter-bar" aria-label="Filter the comments">
      <SelectField
        label="Section"
        name="section"
        id="filter-section"
        defaultValue={query.section ?? ""}
        options={[{ value: "", label: "Every section" }, ...list.sections.map((s) => ({ value: s.id, label: `${s.title} (${s.count})` }))]}
      />
      <SelectField
        label="Organisation"
        name="organisation"
        id="filter-organisation"
        defaultValue={query.organisation ?? ""}
        options={[{ value: "", label: "Any" }, ...list.organisations.map((o) => ({ value: o.id, label: `${o.name} (${o.count})` }))]}
      />
      <SelectField
        label="Commenter"
        name="kind"
        id="filter-kind"
        defaultValue={query.kind ?? ""}
        options={[
          { value: "", label: "Anyone" },
          { value: "cctld", label: "ccTLD managers" },
          { value: "gtld", label: "gTLD registries" },
          { value: "individual", label: "Individuals" },
        ]}
      />
      <SelectField
        label="Theme"
        name="theme"
        id="filter-theme"
        defaultValue={query.theme ?? ""}
        options={[{ value: "", label: "Any theme" }, ...list.themes.map((t) => ({ value: t.id, label: `${t.name} (${t.count})` }))]}
      />
      <div className="field checkbox-field">
        <label>
          <input type="checkbox" name="unanswered" value="1" defaultChecked={query.unanswered} /> Unanswered only
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="secondary">
          Filter
        </button>
        <Link to="?">Clear</Link>
      </div>
    </Form>
  );
}

function WorkList({ returnTo, search }: { returnTo: string; search: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const [allTicked, setAllTicked] = useState<boolean | null>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const bulk = useFormReply("bulk");
  return (
    <>
      {list.missing.count > 0 ? (
        <p className="notice notice-warn">
          Not yet answered: {list.missing.refs.join(", ")}
          {list.missing.count > list.missing.refs.length ? ` and ${(list.missing.count - list.missing.refs.length).toLocaleString("en-US")} more` : ""}.{" "}
          <Link to="?unanswered=1">Show only these</Link>
        </p>
      ) : (
        <p className="notice notice-success">Every visible comment has a disposition.</p>
      )}
      <Filters />

      <section className="staff-panel bulk-panel" aria-labelledby="bulk-heading">
        <h2 id="bulk-heading">Answer several comments at once</h2>
        <p className="small">Tick comments in the list below, then give them one disposition and one response here.</p>
        <Form method="post" id="bulk" className="form" noValidate>
          <ErrorSummary reply={bulk} idPrefix="bulk-" fieldIds={{ disposition: `bulk-disposition-${DISPOSITIONS[0]}` }} />
          <input type="hidden" name="intent" value="bulk" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <DispositionFields idPrefix="bulk" values={bulk?.values} errors={bulk?.errors} themes={list.themes} versions={c.versions} sections={c.sections} />
          <div className="actions">
            <button type="submit">Apply to the selected comments</button>
            {hydrated ? (
              <button type="button" className="secondary" onClick={() => setAllTicked(!(allTicked ?? false))}>
                {allTicked ? "Untick all on this page" : "Tick all on this page"}
              </button>
            ) : null}
          </div>
        </Form>
      </section>

      <h2 className="visually-hidden">Comments</h2>
      <p className="muted">
        {plural(list.total, { one: "# comment matches", other: "# comments match" })} · page {list.page} of {list.pageCount}
      </p>
      {list.comments.length ? (
        <ol className="work-list">
          {list.comments.map((row) => (
            <WorkItem key={row.id} row={row} returnTo={returnTo} ticked={allTicked} />
          ))}
        </ol>
      ) : (
        <p>No comments match these filters.</p>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} search={search} />
    </>
  );
}

function WorkItem({ row, returnTo, ticked }: { row: Row; returnTo: string; ticked: boolean | null }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("dispose", (values) => values.commentId === row.id);
  const base = `/consultations/${c.slug}`;
  const values = mine?.values ?? {
    disposition: row.disposition?.disposition ?? "",
    responseMd: row.disposition?.responseMd ?? "",
    planVersion: row.disposition?.planVersionNumber ? String(row.disposition.planVersionNumber) : "",
    sectionId: row.disposition?.sectionId ?? "",
  };
  const checkedThemes = mine ? undefined : row.themes.map((t) => t.name);
  return (
    <li className={`work-item${row.disposition ? " answered" : " unanswered"}`} id={`w-${row.ref}`}>
      <div className="work-select">
        <input
          type="checkbox"
          name="commentId"
          value={row.id}
          form="bulk"
          id={`select-${row.id}`}
          aria-label={`Select comment ${row.ref} for the bulk answer`}
          defaultChecked={ticked ?? false}
          key={String(ticked)}
        />
      </div>
      <div className="work-main">
        <p className="comment-meta">
          <a href={`${base}/comments/${row.ref}`} className="comment-ref">
            #{row.ref}
          </a>{" "}
          <strong>{row.author}</strong>
          {row.organisation ? (
            <span className="badge badge-ok">
              for {row.organisation.name} ({row.organisation.kind === "gtld" ? "gTLD" : "ccTLD"})
            </span>
          ) : (
            <span className="badge badge-muted">individual</span>
          )}{" "}
          <span className="muted small">
            <UtcTime value={row.createdAt} />
            {row.section ? ` · on “${row.section.title}”` : " · on the plan as a whole"}
            {row.replies ? ` · ${plural(row.replies, NOUNS.reply)}` : ""}
          </span>{" "}
          {row.disposition ? (
            <span className={`disposition disposition-${row.disposition.disposition}`}>{dispositionLabel(row.disposition.disposition, true)}</span>
          ) : (
            <span className="disposition disposition-none">Unanswered</span>
          )}
        </p>
        {row.parent ? (
          <blockquote className="thread-context small">
            In reply to <a href={`${base}/comments/${row.parent.ref}`}>#{row.parent.ref}</a> by {row.parent.author}
            {row.parent.isIfmReply ? " (IFM)" : ""}: “{row.parent.excerpt}”
          </blockquote>
        ) : null}
        <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: row.bodyHtml }} />
        <details className="dispose" open={!row.disposition || !!mine}>
          <summary>{row.disposition ? `Edit the answer (by ${row.disposition.updatedBy})` : "Answer this comment"}</summary>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="dispose" />
            <input type="hidden" name="commentId" value={row.id} />
            <input type="hidden" name="returnTo" value={`${returnTo}#w-${row.ref}`} />
            <ErrorSummary reply={mine} idPrefix={`c${row.ref}-`} fieldIds={{ disposition: `c${row.ref}-disposition-${DISPOSITIONS[0]}` }} />
            <DispositionFields
              idPrefix={`c${row.ref}`}
              values={values}
              errors={mine?.errors}
              themes={list.themes}
              checkedThemes={checkedThemes}
              versions={c.versions}
              sections={c.sections}
            />
            <div className="actions">
              <button type="submit">Save answer to {row.ref}</button>
            </div>
          </Form>
        </details>
      </div>
    </li>
  );
}

function DispositionFields({
  idPrefix,
  values,
  errors,
  themes,
  checkedThemes,
  versions,
  sections,
}: {
  idPrefix: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  themes: { id: string; name: string }[];
  checkedThemes?: string[];
  versions: number[];
  sections: { id: string; text: string }[];
}) {
  const ticked = (name: string) => (checkedThemes ?? (values?.theme ?? "").split(",")).includes(name);
  return (
    <>
      <fieldset className="disposition-choice" aria-describedby={errors?.disposition ? `${idPrefix}-disposition-error` : undefined}>
        <legend>Disposition</legend>
        {errors?.disposition ? (
          <p className="field-error" id={`${idPrefix}-disposition-error`}>
            {errors.disposition}
          </p>
        ) : null}
        {DISPOSITIONS.map((d) => (
          <label key={d} className="inline-choice">
            <input type="radio" name="disposition" id={`${idPrefix}-disposition-${d}`} value={d} defaultChecked={values?.disposition === d} /> {DISPOSITION_LABELS[d]}
          </label>
        ))}
      </fieldset>
      <TextArea
        label="Response (markdown)"
        name="responseMd"
        id={`${idPrefix}-responseMd`}
        rows={3}
        defaultValue={values?.responseMd ?? ""}
        error={errors?.responseMd}
        hint="What was done with the comment, and why. Shown in the statement's table."
      />
      <div className="field-row">
        <SelectField
          label="Changed in plan version"
          name="planVersion"
          id={`${idPrefix}-planVersion`}
          defaultValue={values?.planVersion ?? ""}
          error={errors?.planVersion}
          options={[{ value: "", label: "—" }, ...versions.map((v) => ({ value: String(v), label: `Version ${v}` }))]}
        />
        <SelectField
          label="Section"
          name="sectionId"
          id={`${idPrefix}-sectionId`}
          defaultValue={values?.sectionId ?? ""}
          error={errors?.sectionId}
          options={[{ value: "", label: "—" }, ...sections.map((s) => ({ value: s.id, label: s.text }))]}
        />
      </div>
      <fieldset className="theme-choice">
        <legend>Themes</legend>
        {themes.map((t) => (
          <label key={t.id} className="inline-choice">
            <input type="checkbox" name="theme" value={t.name} defaultChecked={ticked(t.name)} /> {t.name}
          </label>
        ))}
        <TextField label="New themes (comma-separated)" name="newThemes" id={`${idPrefix}-newThemes`} defaultValue={values?.newThemes ?? ""} error={errors?.themes ?? errors?.newThemes} />
      </fieldset>
    </>
  );
}

function HiddenList({ search }: { search: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="hidden-heading">
      <h2 id="hidden-heading">Hidden comments</h2>
      <p>Comments hidden by the IFM are not answered in the statement; it counts them. Restore a comment on its page to answer it.</p>
      {list.comments.length ? (
        <ol className="work-list">
          {list.comments.map((row) => (
            <li key={row.id} className="work-item hidden-item">
              <p className="comment-meta">
                <a href={`/consultations/${c.slug}/comments/${row.ref}`} className="comment-ref">
                  #{row.ref}
                </a>{" "}
                <strong>{row.author}</strong> <span className="muted small">Hidden: {row.hiddenReason}</span>
              </p>
              <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: row.bodyHtml }} />
            </li>
          ))}
        </ol>
      ) : (
        <p>No comments are hidden.</p>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} search={search} />
    </section>
  );
}

function Texts({ returnTo }: { returnTo: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("texts");
  const v = mine?.values ?? c.texts;
  return (
    <Form method="post" className="form wide" noValidate>
      <ErrorSummary reply={mine} />
      <input type="hidden" name="intent" value="texts" />
      <input type="hidden" name="returnTo" value={returnTo} />
      <MarkdownEditor label="Introduction" name="introMd" kind="plan" rows={6} defaultValue={v.introMd ?? ""} error={mine?.errors.introMd} />
      <h2>What we heard: a summary per theme</h2>
      {list.themes.length ? (
        list.themes.map((t) => (
          <MarkdownEditor
            key={t.id}
            label={`${t.name} (${plural(t.count, NOUNS.comment)})`}
            name={`theme:${t.id}`}
            id={`theme-${t.id}`}
            kind="plan"
            rows={4}
            defaultValue={mine?.values[`theme:${t.id}`] ?? t.summaryMd}
          />
        ))
      ) : (
        <p className="muted">No themes yet: tag comments with themes in the work list.</p>
      )}
      <MarkdownEditor label="Analysis" name="analysisMd" kind="plan" rows={8} defaultValue={v.analysisMd ?? ""} error={mine?.errors.analysisMd} />
      <MarkdownEditor label="Next steps" name="nextStepsMd" kind="plan" rows={6} defaultValue={v.nextStepsMd ?? ""} error={mine?.errors.nextStepsMd} />
      <div className="actions">
        <button type="submit">Save the texts</button>
        <Link to={`/consultations/${c.slug}/statement/preview`}>Preview the whole statement</Link>
      </div>
    </Form>
  );
}

function Publish({ returnTo }: { returnTo: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("publish");
  const latest = c.revisions[0] ?? null;
  const ready = list.missing.count === 0;
  return (
    <section className="staff-panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{latest ? `Publish a correction (revision ${latest.number + 1})` : "Publish the statement"}</h2>
      {latest ? (
        <p>
          Revision {latest.number} stays readable. The correction is published as revision {latest.number + 1} with your erratum note; followers and commenters are
          told.
        </p>
      ) : (
        <p>
          Publishing freezes the statement (with its SHA-256 hash), makes the consultation concluded, and mails followers and every commenter (each with the
          disposition of their own comments).
        </p>
      )}
      {c.dugRequired && c.dugOutcome !== "agreed" ? (
        <p className="notice notice-warn">The DUG has not recorded its agreement with this plan; the statement will say so.</p>
      ) : null}
      {ready ? null : (
        <p className="notice notice-error">
          {plural(list.missing.count, { one: "# comment has", other: "# comments have" })} no disposition yet: {list.missing.refs.join(", ")}
          {list.missing.count > list.missing.refs.length ? " …" : ""}. <Link to="?unanswered=1">Answer them</Link> before publishing.
        </p>
      )}
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={mine} />
        <input type="hidden" name="intent" value="publish" />
        <input type="hidden" name="basedOnRevision" value={latest?.number ?? 0} />
        <input type="hidden" name="returnTo" value={returnTo} />
        {latest ? <TextArea label="Erratum note: what this correction changes" name="erratum" rows={3} defaultValue={mine?.values.erratum ?? ""} error={mine?.errors.erratum} /> : null}
        <div className="actions">
          <button type="submit">{latest ? `Publish revision ${latest.number + 1}` : "Publish the statement"}</button>
          <Link to={`/consultations/${c.slug}/statement/preview`}>Preview first</Link>
        </div>
      </Form>
      {c.revisions.length ? (
        <>
          <h3>Published revisions</h3>
          <ul>
            {c.revisions.map((r) => (
              <li key={r.number}>
                <Link to={`/consultations/${c.slug}/statement?revision=${r.number}`}>Revision {r.number}</Link>, <UtcTime value={r.publishedAt} />
                {r.erratum ? ` — ${r.erratum}` : ""} · <code className="hash">{r.contentHash}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Statement builder · Consultation ${data.consultation.number}` : "Statement builder" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
