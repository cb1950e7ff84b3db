import { Form, Link, useLoaderData } from "@remix-run/react";
import { shortKindLabel } from "~/features/accounts/organisation-kinds";
import { useState } from "react";
import { useHydrated } from "~/components/hydrated";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField } from "~/components/field";
import { Pagination } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DISPOSITIONS, dispositionLabel } from "~/features/statement/content";
import { NOUNS, plural } from "~/models/plural";
import { AttachmentTextInList, attachmentPath } from "~/features/attachments/attachment-view";
import { DispositionFields } from "./disposition-fields";
import { textLanguage } from "~/features/translations/comment-language-attributes";
import type { Row, loader } from "./route";

export function Filters() {
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

export function WorkList({ returnTo, search }: { returnTo: string; search: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const [allTicked, setAllTicked] = useState<boolean | null>(null);
  const hydrated = useHydrated();
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

export function WorkItem({ row, returnTo, ticked }: { row: Row; returnTo: string; ticked: boolean | null }) {
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
              for {row.organisation.name} ({shortKindLabel(row.organisation.kind)})
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
        <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: row.bodyHtml }} {...textLanguage(row.language)} />
        {row.attachments.map((a) => (
          <AttachmentTextInList key={a.position} attachment={a} href={attachmentPath(c.slug, row.ref, a.position)} />
        ))}
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

export function HiddenList({ search }: { search: string }) {
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
