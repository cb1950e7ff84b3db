import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResponsePages, StatementBody } from "~/features/statement/statement-view";
import { UtcTime } from "~/components/time";
import { pageOfStatementHtml } from "~/features/statement/statement-html";
import { getPublishedStatement, publishedHtmlIn } from "~/features/statement/published.server";
import { statementTranslationIn } from "~/features/statement/statement-translation.server";
import { notFound } from "~/services/http.server";
import { statementPageQuery } from "~/features/statement/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";

// The same for every reader of a language (no session, no per-request value): anonymous readers
// get it from the page cache. English is the stored revision; other languages word its generated
// sections from the catalogue (publishedHtmlIn).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = await requestLocale(request);
  const q = statementPageQuery.parse(Object.fromEntries(url.searchParams));
  const found = await getPublishedStatement({ slug: params.slug!, revision: q.revision });
  if (found.missing === "consultation") notFound(translate(locale, "consultation.notFound"));
  if (found.missing === "statement") notFound(translate(locale, "statement.page.notPublished", { number: found.consultation.number }));
  if (found.missing === "revision") notFound(translate(locale, "statement.page.noRevision", { number: found.consultation.number, revision: q.revision ?? 0 }));
  const s = found as Exclude<typeof found, { missing: "consultation" | "statement" | "revision" }>;
  // The IFM's texts in the page's language when a translation is published (the English is asked
  // for with ?text=en: the revision as published, marked as English).
  const english = q.text === "en" && locale !== "en";
  const translation = english ? null : await statementTranslationIn(s.revision.id, locale);
  const paged = pageOfStatementHtml(english ? s.revision.html : publishedHtmlIn(s.revision, locale, translation), q.responses);
  if (!paged) notFound(translate(locale, "statement.page.noResponsesPage", { page: q.responses }));
  const c = s.consultation;
  return {
    consultation: c,
    revision: { number: s.revision.number, publishedAt: s.revision.publishedAt, erratum: s.revision.erratum, contentHash: s.revision.contentHash },
    latest: s.latest,
    revisions: s.revisions,
    html: paged.html,
    english,
    translation: translation && { revision: translation.revision, contentHash: translation.contentHash },
    responses: { page: paged.page, pageCount: paged.pageCount, from: paged.from, to: paged.to, rows: paged.rows },
    meta: {
      title: translate(locale, "statement.page.title", { title: c.title, number: c.number }),
      description: translate(locale, "statement.page.description", { number: c.number }),
    },
  };
}

/** A published revision is frozen: nothing can be posted to it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  throw data({ message: translate(locale, "statement.page.frozen", { path: `/consultations/${params.slug}/statement/edit` }) }, { status: 405 });
}

export default function StatementPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const isLatest = d.revision.number === d.latest;
  const suffix = isLatest ? "" : `?revision=${d.revision.number}`;
  const inEnglish = `?${new URLSearchParams([...(isLatest ? [] : [["revision", String(d.revision.number)]]), ["text", "en"]]).toString()}`;
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (!isLatest) params.set("revision", String(d.revision.number));
    if (d.english) params.set("text", "en");
    if (page > 1) params.set("responses", String(page));
    const q = params.toString();
    return `${q ? `?${q}` : "?"}#responses`;
  };
  return (
    <article className="page statement" id="statement" aria-labelledby="statement-title">
      <header className="statement-head">
        <p className="eyebrow">{rich("statement.page.eyebrow", { number: c.number, link: (chunks) => <Link to={base}>{chunks}</Link> })}</p>
        <h1 id="statement-title" {...english}>
          {c.title}
        </h1>
        <dl className="facts revision-facts">
          <dt>{t("statement.page.revision")}</dt>
          <dd>
            {rich("statement.page.revisionOf", { number: d.revision.number, latest: d.latest, date: <UtcTime value={d.revision.publishedAt} /> })}
            {isLatest ? null : <strong> {rich("statement.page.earlier", { latest: d.latest, link: (chunks) => <Link to=".">{chunks}</Link> })}</strong>}
          </dd>
          {d.revision.erratum ? (
            <>
              <dt>{t("statement.page.erratum")}</dt>
              <dd {...english}>{d.revision.erratum}</dd>
            </>
          ) : null}
          <dt>{t("statement.page.contentHash")}</dt>
          <dd>
            SHA-256{" "}
            <bdi>
              <code className="hash">{d.revision.contentHash}</code>
            </bdi>
            <span className="muted small"> {rich("statement.page.hashOf", { code: (chunks) => <code>{chunks}</code> })}</span>
          </dd>
          <dt>{t("statement.page.export")}</dt>
          <dd className="no-print-links">
            {rich("statement.page.exportLinks", {
              md: (chunks) => <a href={`${base}/statement.md${suffix}`}>{chunks}</a>,
              json: (chunks) => <a href={`${base}/statement.json${suffix}`}>{chunks}</a>,
            })}
          </dd>
        </dl>
        {d.revisions.length > 1 ? (
          <details className="revisions no-print">
            <summary>{t("statement.page.everyRevision", { count: d.revisions.length })}</summary>
            <ol reversed>
              {d.revisions.map((r) => (
                <li key={r.number}>
                  {r.number === d.revision.number ? (
                    <strong>{t("statement.page.revisionN", { number: r.number })}</strong>
                  ) : (
                    <Link to={`?revision=${r.number}`}>{t("statement.page.revisionN", { number: r.number })}</Link>
                  )}
                  , <UtcTime value={r.publishedAt} />{" "}
                  {r.erratum
                    ? rich("statement.page.revisionErratum", { erratum: <span {...english}>{r.erratum}</span> })
                    : t("statement.page.firstPublication")}{" "}
                  ·{" "}
                  <bdi>
                    <code className="hash">{r.contentHash.slice(0, 16)}…</code>
                  </bdi>
                </li>
              ))}
            </ol>
          </details>
        ) : null}
      </header>
      {d.translation ? (
        <div className="notice notice-info translation-notice" role="note">
          <p className="no-margin">
            {rich("statement.translation.notice", {
              revision: d.translation.revision,
              hash: (
                <bdi>
                  <code className="hash">{d.translation.contentHash}</code>
                </bdi>
              ),
              strong: (chunks) => <strong>{chunks}</strong>,
              link: (chunks) => (
                <Link to={inEnglish} hrefLang="en">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </div>
      ) : null}
      <ResponsePages {...d.responses} hrefFor={hrefFor} />
      {d.english ? (
        <div {...english}>
          <StatementBody html={d.html} />
        </div>
      ) : (
        <StatementBody html={d.html} />
      )}
      <ResponsePages {...d.responses} hrefFor={hrefFor} />
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (data) return [{ title: data.meta.title }, { name: "description", content: data.meta.description }];
  // No data: the page's messages (the root's data) word the title.
  const root = matches.find((m) => m.id === "root")?.data as { messages?: Record<string, string> } | undefined;
  return [{ title: root?.messages?.["statement.page.notFoundTitle"] ?? "Statement not found" }];
};
