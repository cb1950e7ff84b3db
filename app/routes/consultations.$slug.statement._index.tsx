import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResponsePages, StatementBody } from "~/features/statement/statement-view";
import { UtcTime } from "~/components/time";
import { pageOfStatementHtml } from "~/features/statement/statement-html";
import { getPublishedStatement } from "~/features/statement/published.server";
import { notFound } from "~/services/http.server";
import { statementPageQuery } from "~/features/statement/validation";

// The same for every reader (no session, no per-request value): anonymous readers get it from
// the page cache.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = statementPageQuery.parse(Object.fromEntries(url.searchParams));
  const found = await getPublishedStatement({ slug: params.slug!, revision: q.revision });
  if (found.missing === "consultation") notFound("There is no consultation at this address.");
  if (found.missing === "statement")
    notFound(
      `The final response statement of consultation ${found.consultation.number} has not been published yet. It is published after the comment period has closed and every comment has been answered.`,
    );
  if (found.missing === "revision") notFound(`Consultation ${found.consultation.number}'s statement has no revision ${q.revision}.`);
  const s = found as Exclude<typeof found, { missing: "consultation" | "statement" | "revision" }>;
  const paged = pageOfStatementHtml(s.revision.html, q.responses);
  if (!paged) notFound(`The response table has no page ${q.responses}.`);
  return {
    consultation: s.consultation,
    revision: { number: s.revision.number, publishedAt: s.revision.publishedAt, erratum: s.revision.erratum, contentHash: s.revision.contentHash },
    latest: s.latest,
    revisions: s.revisions,
    html: paged.html,
    responses: { page: paged.page, pageCount: paged.pageCount, from: paged.from, to: paged.to, rows: paged.rows },
  };
}

/** A published revision is frozen: nothing can be posted to it. */
export async function action({ params }: ActionFunctionArgs) {
  throw data(
    { message: `A published statement cannot be changed. IFM staff publish a correction as a new revision from /consultations/${params.slug}/statement/edit.` },
    { status: 405 },
  );
}

export default function StatementPage() {
  const d = useLoaderData<typeof loader>();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const isLatest = d.revision.number === d.latest;
  const suffix = isLatest ? "" : `?revision=${d.revision.number}`;
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (!isLatest) params.set("revision", String(d.revision.number));
    if (page > 1) params.set("responses", String(page));
    const q = params.toString();
    return `${q ? `?${q}` : "?"}#responses`;
  };
  return (
    <article className="page statement" id="statement" aria-labelledby="statement-title">
      <header className="statement-head">
        <p className="eyebrow">
          Final response statement · <Link to={base}>Consultation {c.number}</Link>
        </p>
        <h1 id="statement-title">{c.title}</h1>
        <dl className="facts revision-facts">
          <dt>Revision</dt>
          <dd>
            {d.revision.number} of {d.latest}, published <UtcTime value={d.revision.publishedAt} />
            {isLatest ? null : (
              <strong>
                {" "}
                — an earlier revision; <Link to=".">read the current one (revision {d.latest})</Link>
              </strong>
            )}
          </dd>
          {d.revision.erratum ? (
            <>
              <dt>Erratum</dt>
              <dd>{d.revision.erratum}</dd>
            </>
          ) : null}
          <dt>Content hash</dt>
          <dd>
            SHA-256 <code className="hash">{d.revision.contentHash}</code>
            <span className="muted small">
              {" "}
              (of the <code>content</code> in the JSON export)
            </span>
          </dd>
          <dt>Export</dt>
          <dd className="no-print-links">
            <a href={`${base}/statement.md${suffix}`}>Markdown</a> · <a href={`${base}/statement.json${suffix}`}>JSON (all data)</a> · print this page for a PDF
          </dd>
        </dl>
        {d.revisions.length > 1 ? (
          <details className="revisions no-print">
            <summary>Every revision ({d.revisions.length})</summary>
            <ol reversed>
              {d.revisions.map((r) => (
                <li key={r.number}>
                  {r.number === d.revision.number ? <strong>Revision {r.number}</strong> : <Link to={`?revision=${r.number}`}>Revision {r.number}</Link>},{" "}
                  <UtcTime value={r.publishedAt} />
                  {r.erratum ? ` — erratum: ${r.erratum}` : " — first publication"} · <code className="hash">{r.contentHash.slice(0, 16)}…</code>
                </li>
              ))}
            </ol>
          </details>
        ) : null}
      </header>
      <ResponsePages {...d.responses} hrefFor={hrefFor} />
      <StatementBody html={d.html} />
      <ResponsePages {...d.responses} hrefFor={hrefFor} />
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `Final response statement: ${data.consultation.title} · Consultation ${data.consultation.number}` },
        {
          name: "description",
          content: `The IFM's final response statement on consultation ${data.consultation.number}: what was said, how every comment was handled, what changed.`,
        },
      ]
    : [{ title: "Statement not found" }];
