import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResponsePages, StatementBody } from "~/features/statement/statement-view";
import { pageOfStatementHtml } from "~/features/statement/statement-html";
import { builderRefusal, getStatementConsultation } from "~/features/statement/statement.server";
import { previewStatement } from "~/features/statement/generator.server";
import { requirePermission } from "~/services/auth.server";
import { notFound } from "~/services/http.server";
import { plural } from "~/models/plural";

// The whole statement as it would be published now, generated from the current data on every
// request (IFM staff only; never cached: the page cache serves anonymous readers only).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.write");
  const c = await getStatementConsultation({ slug: params.slug! });
  if (!c) notFound("There is no consultation at this address.");
  const refused = builderRefusal(c);
  if (refused) throw data({ message: refused.message }, { status: refused.status });
  const started = performance.now();
  const generated = await previewStatement({ consultationId: c.id });
  if (!generated) notFound("There is no consultation at this address.");
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("responses")) || 1);
  const paged = pageOfStatementHtml(generated.html, page) ?? pageOfStatementHtml(generated.html, 1)!;
  return {
    consultation: { number: c.number, slug: c.slug, title: c.title },
    unanswered: generated.content.unanswered,
    nextRevision: (c.revisions[0]?.number ?? 0) + 1,
    html: paged.html,
    responses: { page: paged.page, pageCount: paged.pageCount, from: paged.from, to: paged.to, rows: paged.rows },
    builtMs: Math.round(performance.now() - started),
  };
}

export default function StatementPreview() {
  const d = useLoaderData<typeof loader>();
  const c = d.consultation;
  return (
    <article className="page statement statement-preview" aria-labelledby="statement-title">
      <div className="notice notice-warn no-print" role="note">
        <strong>Preview — not published.</strong> This is the statement as revision {d.nextRevision} would read if published now
        {d.unanswered ? `; ${plural(d.unanswered, { one: "# comment is", other: "# comments are" })} not yet answered` : ""}.{" "}
        <Link to={`/consultations/${c.slug}/statement/edit`}>Back to the builder</Link>
        <span className="muted small"> (built in {d.builtMs} ms)</span>
      </div>
      <header className="statement-head">
        <p className="eyebrow">Final response statement · Consultation {c.number} · draft</p>
        <h1 id="statement-title">{c.title}</h1>
      </header>
      <ResponsePages {...d.responses} hrefFor={(p) => `?responses=${p}#responses`} />
      <StatementBody html={d.html} />
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "Statement preview" }, { name: "robots", content: "noindex" }];
