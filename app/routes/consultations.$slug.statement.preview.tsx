import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResponsePages, StatementBody } from "~/features/statement/statement-view";
import { pageOfStatementHtml } from "~/features/statement/statement-html";
import { builderRefusal, getStatementConsultation } from "~/features/statement/statement.server";
import { previewStatement } from "~/features/statement/generator.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { requirePermission } from "~/services/auth.server";
import { notFound } from "~/services/http.server";

// The whole statement as it would be published now, generated from the current data on every
// request in the builder's language (IFM staff only; never cached: the page cache serves
// anonymous readers only).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.write");
  const locale = await requestLocale(request);
  const c = await getStatementConsultation({ slug: params.slug! });
  if (!c) notFound(translate(locale, "consultation.notFound"));
  const refused = builderRefusal(c, locale);
  if (refused) throw data({ message: refused.message }, { status: refused.status });
  const started = performance.now();
  const generated = await previewStatement({ consultationId: c.id, locale });
  if (!generated) notFound(translate(locale, "consultation.notFound"));
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("responses")) || 1);
  const paged = pageOfStatementHtml(generated.html, page) ?? pageOfStatementHtml(generated.html, 1)!;
  return {
    consultation: { number: c.number, slug: c.slug, title: c.title },
    unanswered: generated.content.unanswered,
    nextRevision: (c.revisions[0]?.number ?? 0) + 1,
    html: paged.html,
    responses: { page: paged.page, pageCount: paged.pageCount, from: paged.from, to: paged.to, rows: paged.rows },
    builtMs: Math.round(performance.now() - started),
    title: translate(locale, "statement.preview.title"),
  };
}

export default function StatementPreview() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const c = d.consultation;
  return (
    <article className="page statement statement-preview" aria-labelledby="statement-title">
      <div className="notice notice-warn no-print" role="note">
        {rich("statement.preview.notice", { revision: d.nextRevision, unanswered: d.unanswered, strong: (chunks) => <strong>{chunks}</strong> })}{" "}
        <Link to={`/consultations/${c.slug}/statement/edit`}>{t("statement.preview.back")}</Link>
        <span className="muted small"> {t("statement.preview.built", { ms: d.builtMs })}</span>
      </div>
      <header className="statement-head">
        <p className="eyebrow">{t("statement.preview.eyebrow", { number: c.number })}</p>
        <h1 id="statement-title" {...english}>
          {c.title}
        </h1>
      </header>
      <ResponsePages {...d.responses} hrefFor={(p) => `?responses=${p}#responses`} />
      <StatementBody html={d.html} />
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Statement preview" }, { name: "robots", content: "noindex" }];
