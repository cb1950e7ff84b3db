import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { attachmentPath } from "~/features/attachments/attachment-view";
import { statementFilePath } from "~/features/statement/statement-files";
import { StatusBadge } from "~/features/consultations/card";
import { Pagination } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { SelectField } from "~/components/field";
import { AFFECTED, AFFECTED_LABELS, CATEGORIES, CATEGORY_LABELS, labelOf } from "~/features/consultations/fields";
import { listConsultations, parseListFilters } from "~/features/consultations/list.server";
import { STATUS_LABELS, STATUSES } from "~/features/consultations/status";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/auth.server";
import { NOUNS, plural } from "~/models/plural";

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseListFilters(new URL(request.url).searchParams);
  const viewer = { isStaff: isStaff(await getCurrentUser(request)) };
  const list = await listConsultations({ ...filters, viewer, now: new Date() });
  return {
    ...list,
    filters: { status: filters.status ?? "", category: filters.category ?? "", affected: filters.affected ?? "", q: filters.q ?? "" },
    isStaff: viewer.isStaff,
  };
}

function resultCount(total: number, q: string) {
  if (q) return `${plural(total, { one: "# result", other: "# results" })} for “${q}”`;
  return plural(total, NOUNS.consultation);
}

function emptyText({ q, status, category, affected }: { q: string; status: string; category: string; affected: string }) {
  const narrowed = Boolean(status || category || affected);
  if (q && narrowed) return `Nothing matches “${q}” with these filters.`;
  if (q) return `Nothing matches “${q}”. Try fewer or different words.`;
  return "No consultation matches these filters.";
}

export default function Consultations() {
  const { items, total, page, pageCount, filters, isStaff } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const filtered = Boolean(filters.status || filters.category || filters.affected || filters.q);
  return (
    <div className="page">
      <h1>Consultations</h1>
      <p className="lead">Every implementation plan the IANA Functions Manager has published for comment, with its comment period and the comments received.</p>
      {isStaff ? (
        <p>
          <Link className="button" to="/consultations/new">
            New implementation plan
          </Link>
        </p>
      ) : null}

      <Form method="get" action="/consultations" className="filter-form" role="search" aria-label="Filter consultations">
        <div className="field filter-q">
          <label htmlFor="filter-q">Search titles, plans and comments</label>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q} maxLength={200} />
        </div>
        <SelectField
          label="Status"
          name="status"
          id="filter-status"
          defaultValue={filters.status}
          options={[
            { value: "", label: "Any status" },
            ...STATUSES.filter((s) => s !== "draft" || isStaff).map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          ]}
        />
        <SelectField
          label="Category"
          name="category"
          id="filter-category"
          defaultValue={filters.category}
          options={[{ value: "", label: "Any category" }, ...CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))]}
        />
        <SelectField
          label="Who is affected"
          name="affected"
          id="filter-affected"
          defaultValue={filters.affected}
          options={[{ value: "", label: "Anyone" }, ...AFFECTED.map((a) => ({ value: a, label: AFFECTED_LABELS[a] }))]}
        />
        <div className="actions filter-actions">
          <button type="submit">Apply</button>
          {filtered ? <Link to="/consultations">Clear filters</Link> : null}
        </div>
      </Form>

      <p className="result-count" role="status">
        {resultCount(total, filters.q)}
        {pageCount > 1 ? ` · page ${page} of ${pageCount}` : ""}
      </p>

      {items.length ? (
        <ol className="consultation-list">
          {items.map((c) => (
            <li key={c.slug} className="consultation-row">
              <h2 className="consultation-row-title">
                <span className="consultation-number">
                  <span className="visually-hidden">Consultation </span>
                  {c.number}
                </span>{" "}
                <Link to={`/consultations/${c.slug}`}>{c.title}</Link>
              </h2>
              <p className="consultation-row-status">
                <StatusBadge status={c.status} />
                {c.dugRequired ? <span className="small muted"> DUG agreement required</span> : null}
              </p>
              {c.snippet ? (
                <p className="search-snippet">
                  {c.matchedInComment ? <span className="muted">In a comment: </span> : null}
                  {c.matchedInAttachment ? (
                    <span className="muted">
                      In an attachment,{" "}
                      <a href={attachmentPath(c.slug, c.matchedInAttachment.commentRef, c.matchedInAttachment.position)}>{c.matchedInAttachment.fileName}</a>{" "}
                      (comment {c.matchedInAttachment.commentRef}):{" "}
                    </span>
                  ) : null}
                  {c.matchedInStatementFile ? (
                    <span className="muted">
                      In a file of the final statement,{" "}
                      <a href={statementFilePath(c.slug, c.matchedInStatementFile.position)}>{c.matchedInStatementFile.fileName}</a>:{" "}
                    </span>
                  ) : null}
                  <span dangerouslySetInnerHTML={{ __html: c.snippet }} />
                </p>
              ) : (
                <p className="consultation-row-summary">{c.summary}</p>
              )}
              <dl className="consultation-meta">
                <div>
                  <dt>Opens</dt>
                  <dd>{c.opensAt ? <UtcTime value={c.opensAt} /> : "Not scheduled"}</dd>
                </div>
                <div>
                  <dt>Closes</dt>
                  <dd>{c.closesAt ? <UtcTime value={c.closesAt} /> : "Not scheduled"}</dd>
                </div>
                {c.concludedAt ? (
                  <div>
                    <dt>Concluded</dt>
                    <dd>
                      <UtcTime value={c.concludedAt} withTime={false} />
                    </dd>
                  </div>
                ) : null}
                <div>
                  <dt>Comments</dt>
                  <dd>{c.commentCount}</dd>
                </div>
                <div>
                  <dt>Category</dt>
                  <dd>{labelOf(CATEGORY_LABELS, c.category)}</dd>
                </div>
                <div>
                  <dt>Affects</dt>
                  <dd>{labelOf(AFFECTED_LABELS, c.affected)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      ) : (
        <div className="empty-state">
          {filtered ? (
            <p>
              {emptyText(filters)} <Link to="/consultations">Show all consultations</Link>.
            </p>
          ) : (
            <p>No consultation has been published yet.</p>
          )}
        </div>
      )}

      <Pagination page={page} pageCount={pageCount} search={search} />
      <p className="small muted">
        Also available as JSON: <a href="/api/v1/consultations">/api/v1/consultations</a>.
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.filters.q ? `Search: ${data.filters.q} · Consultations` : "Consultations · IANA Naming Functions Consultations" },
];
