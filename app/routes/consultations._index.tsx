import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { attachmentPath } from "~/features/attachments/attachment-view";
import { statementFilePath } from "~/features/statement/statement-files";
import { StatusBadge } from "~/features/consultations/card";
import { Pagination } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { SelectField } from "~/components/field";
import { AFFECTED, CATEGORIES } from "~/features/consultations/fields";
import { useFieldLabels } from "~/features/consultations/field-labels";
import { listConsultations, parseListFilters } from "~/features/consultations/list.server";
import { STATUSES } from "~/features/consultations/status";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/auth.server";
import { TranslationHit } from "~/features/translations/plan-text";

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseListFilters(new URL(request.url).searchParams);
  const viewer = { isStaff: isStaff(await getCurrentUser(request)) };
  const [list, locale] = await Promise.all([listConsultations({ ...filters, viewer, now: new Date() }), requestLocale(request)]);
  const q = filters.q ?? "";
  return {
    ...list,
    title: q ? translate(locale, "consultations.list.searchTitle", { q }) : translate(locale, "consultations.list.pageTitle"),
    filters: { status: filters.status ?? "", category: filters.category ?? "", affected: filters.affected ?? "", q: filters.q ?? "" },
    isStaff: viewer.isStaff,
  };
}

type T = ReturnType<typeof useT>;

function emptyText(t: T, { q, status, category, affected }: { q: string; status: string; category: string; affected: string }) {
  const narrowed = Boolean(status || category || affected);
  if (q && narrowed) return t("consultations.list.emptyNarrowed", { q });
  if (q) return t("consultations.list.emptySearch", { q });
  return t("consultations.list.emptyFilters");
}

export default function Consultations() {
  const { items, total, page, pageCount, filters, isStaff } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const labels = useFieldLabels();
  const filtered = Boolean(filters.status || filters.category || filters.affected || filters.q);
  return (
    <div className="page">
      <h1>{t("consultations.list.title")}</h1>
      <p className="lead">{t("consultations.list.lead")}</p>
      {isStaff ? (
        <p>
          <Link className="button" to="/consultations/new">
            {t("consultations.list.newPlan")}
          </Link>
        </p>
      ) : null}

      <Form method="get" action="/consultations" className="filter-form" role="search" aria-label={t("consultations.list.filterLabel")}>
        <div className="field filter-q">
          <label htmlFor="filter-q">{t("consultations.list.search")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={filters.q} maxLength={200} />
        </div>
        <SelectField
          label={t("consultations.list.status")}
          name="status"
          id="filter-status"
          defaultValue={filters.status}
          options={[
            { value: "", label: t("consultations.list.anyStatus") },
            ...STATUSES.filter((s) => s !== "draft" || isStaff).map((s) => ({ value: s, label: t(`consultations.status.${s}`) })),
          ]}
        />
        <SelectField
          label={t("consultations.list.category")}
          name="category"
          id="filter-category"
          defaultValue={filters.category}
          options={[
            { value: "", label: t("consultations.list.anyCategory") },
            ...CATEGORIES.map((c) => ({ value: c, label: t(`consultations.category.${c}`) })),
          ]}
        />
        <SelectField
          label={t("consultations.list.affected")}
          name="affected"
          id="filter-affected"
          defaultValue={filters.affected}
          options={[{ value: "", label: t("consultations.list.anyone") }, ...AFFECTED.map((a) => ({ value: a, label: t(`consultations.affected.${a}`) }))]}
        />
        <div className="actions filter-actions">
          <button type="submit">{t("consultations.list.apply")}</button>
          {filtered ? <Link to="/consultations">{t("consultations.list.clear")}</Link> : null}
        </div>
      </Form>

      <p className="result-count" role="status">
        {filters.q ? t("consultations.list.results", { count: total, q: filters.q }) : t("consultations.list.count", { count: total })}
        {pageCount > 1 ? t("consultations.list.pageOf", { page, pageCount }) : ""}
      </p>

      {items.length ? (
        <ol className="consultation-list">
          {items.map((c) => (
            <li key={c.slug} className="consultation-row">
              <h2 className="consultation-row-title">
                <span className="consultation-number">
                  <span className="visually-hidden">{t("consultations.list.numberHidden")}</span>
                  {c.number}
                </span>{" "}
                <Link to={`/consultations/${c.slug}`} {...english}>
                  {c.title}
                </Link>
              </h2>
              <p className="consultation-row-status">
                <StatusBadge status={c.status} />
                {c.dugRequired ? <span className="small muted">{t("consultations.list.dugRequired")}</span> : null}
              </p>
              {c.snippet ? (
                <p className="search-snippet">
                  {c.matchedInTranslation ? <TranslationHit slug={c.slug} language={c.matchedInTranslation.language} /> : null}
                  {c.matchedInComment ? <span className="muted">{t("consultations.list.inComment")}</span> : null}
                  {c.matchedInAttachment ? (
                    <span className="muted">
                      {rich("consultations.list.inAttachment", {
                        ref: <bdi>{c.matchedInAttachment.commentRef}</bdi>,
                        link: (chunks) => (
                          <a href={attachmentPath(c.slug, c.matchedInAttachment!.commentRef, c.matchedInAttachment!.position)}>
                            <bdi>{chunks}</bdi>
                          </a>
                        ),
                        fileName: c.matchedInAttachment.fileName,
                      })}{" "}
                    </span>
                  ) : null}
                  {c.matchedInStatementFile ? (
                    <span className="muted">
                      {rich("consultations.list.inStatementFile", {
                        link: (chunks) => (
                          <a href={statementFilePath(c.slug, c.matchedInStatementFile!.position)}>
                            <bdi>{chunks}</bdi>
                          </a>
                        ),
                        fileName: c.matchedInStatementFile.fileName,
                      })}{" "}
                    </span>
                  ) : null}
                  <span dir="auto" dangerouslySetInnerHTML={{ __html: c.snippet }} />
                </p>
              ) : (
                <p className="consultation-row-summary" {...english}>
                  {c.summary}
                </p>
              )}
              <dl className="consultation-meta">
                <div>
                  <dt>{t("consultations.list.opens")}</dt>
                  <dd>{c.opensAt ? <UtcTime value={c.opensAt} /> : t("consultations.list.notScheduled")}</dd>
                </div>
                <div>
                  <dt>{t("consultations.list.closes")}</dt>
                  <dd>{c.closesAt ? <UtcTime value={c.closesAt} /> : t("consultations.list.notScheduled")}</dd>
                </div>
                {c.concludedAt ? (
                  <div>
                    <dt>{t("consultations.list.concluded")}</dt>
                    <dd>
                      <UtcTime value={c.concludedAt} withTime={false} />
                    </dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t("consultations.list.comments")}</dt>
                  <dd>{c.commentCount}</dd>
                </div>
                <div>
                  <dt>{t("consultations.list.category")}</dt>
                  <dd>{labels.category(c.category)}</dd>
                </div>
                <div>
                  <dt>{t("consultations.list.affects")}</dt>
                  <dd>{labels.affected(c.affected)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      ) : (
        <div className="empty-state">
          {filtered ? (
            <p>
              {emptyText(t, filters)} {rich("consultations.list.showAll", { link: (chunks) => <Link to="/consultations">{chunks}</Link> })}
            </p>
          ) : (
            <p>{t("consultations.list.nonePublished")}</p>
          )}
        </div>
      )}

      <Pagination page={page} pageCount={pageCount} search={search} />
      <p className="small muted">
        {rich("consultations.list.json", {
          link: (chunks) => (
            <a href="/api/v1/consultations" dir="ltr">
              {chunks}
            </a>
          ),
        })}
      </p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Consultations · IANA Naming Functions Consultations" }];
