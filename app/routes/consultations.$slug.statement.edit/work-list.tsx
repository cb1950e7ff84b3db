import { Form, Link, useLoaderData } from "@remix-run/react";
import { shortKindLabel } from "~/features/accounts/organisation-kinds";
import { useState } from "react";
import { useHydrated } from "~/components/hydrated";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField } from "~/components/field";
import { Pagination } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DISPOSITIONS, dispositionId } from "~/features/statement/content";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { AttachmentTextInList, attachmentPath } from "~/features/attachments/attachment-view";
import { DispositionFields } from "./disposition-fields";
import { textLanguage } from "~/features/translations/comment-language-attributes";
import type { Row, loader } from "./route";

export function Filters() {
  const { list, query } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Form method="get" className="filter-bar" aria-label={t("statement.filter.label")}>
      <SelectField
        label={t("statement.filter.section")}
        name="section"
        id="filter-section"
        defaultValue={query.section ?? ""}
        options={[
          { value: "", label: t("statement.filter.everySection") },
          ...list.sections.map((s) => ({ value: s.id, label: `${s.id === "none" ? t("statement.doc.wholePlan") : s.title} (${s.count})` })),
        ]}
      />
      <SelectField
        label={t("statement.filter.organisation")}
        name="organisation"
        id="filter-organisation"
        defaultValue={query.organisation ?? ""}
        options={[
          { value: "", label: t("statement.filter.anyOrganisation") },
          ...list.organisations.map((o) => ({ value: o.id, label: `${o.name} (${o.count})` })),
        ]}
      />
      <SelectField
        label={t("statement.filter.commenter")}
        name="kind"
        id="filter-kind"
        defaultValue={query.kind ?? ""}
        options={[
          { value: "", label: t("statement.filter.anyone") },
          { value: "cctld", label: t("statement.filter.cctld") },
          { value: "gtld", label: t("statement.filter.gtld") },
          { value: "individual", label: t("statement.filter.individual") },
        ]}
      />
      <SelectField
        label={t("statement.filter.theme")}
        name="theme"
        id="filter-theme"
        defaultValue={query.theme ?? ""}
        options={[
          { value: "", label: t("statement.filter.anyTheme") },
          ...list.themes.map((theme) => ({ value: theme.id, label: `${theme.name} (${theme.count})` })),
        ]}
      />
      <div className="field checkbox-field">
        <label>
          <input type="checkbox" name="unanswered" value="1" defaultChecked={query.unanswered} /> {t("statement.filter.unanswered")}
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="secondary">
          {t("statement.filter.apply")}
        </button>
        <Link to="?">{t("statement.filter.clear")}</Link>
      </div>
    </Form>
  );
}

export function WorkList({ returnTo, search }: { returnTo: string; search: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const [allTicked, setAllTicked] = useState<boolean | null>(null);
  const hydrated = useHydrated();
  const bulk = useFormReply("bulk");
  const t = useT();
  const rich = useRich();
  const more = list.missing.count - list.missing.refs.length;
  const refs = <bdi>{list.missing.refs.join(", ")}</bdi>;
  return (
    <>
      {list.missing.count > 0 ? (
        <p className="notice notice-warn">
          {more > 0 ? rich("statement.work.missingMore", { refs, more }) : rich("statement.work.missing", { refs })}{" "}
          <Link to="?unanswered=1">{t("statement.work.showThese")}</Link>
        </p>
      ) : (
        <p className="notice notice-success">{t("statement.work.allAnswered")}</p>
      )}
      <Filters />

      <section className="staff-panel bulk-panel" aria-labelledby="bulk-heading">
        <h2 id="bulk-heading">{t("statement.work.bulkHeading")}</h2>
        <p className="small">{t("statement.work.bulkHint")}</p>
        <Form method="post" id="bulk" className="form" noValidate>
          <ErrorSummary reply={bulk} idPrefix="bulk-" fieldIds={{ disposition: `bulk-disposition-${DISPOSITIONS[0]}` }} />
          <input type="hidden" name="intent" value="bulk" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <DispositionFields idPrefix="bulk" values={bulk?.values} errors={bulk?.errors} themes={list.themes} versions={c.versions} sections={c.sections} />
          <div className="actions">
            <button type="submit">{t("statement.work.bulkApply")}</button>
            {hydrated ? (
              <button type="button" className="secondary" onClick={() => setAllTicked(!(allTicked ?? false))}>
                {allTicked ? t("statement.work.untickAll") : t("statement.work.tickAll")}
              </button>
            ) : null}
          </div>
        </Form>
      </section>

      <h2 className="visually-hidden">{t("statement.builder.tab.comments")}</h2>
      <p className="muted">{t("statement.work.matches", { count: list.total, page: list.page, pages: list.pageCount })}</p>
      {list.comments.length ? (
        <ol className="work-list">
          {list.comments.map((row) => (
            <WorkItem key={row.id} row={row} returnTo={returnTo} ticked={allTicked} />
          ))}
        </ol>
      ) : (
        <p>{t("statement.work.noMatch")}</p>
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
  const checkedThemes = mine ? undefined : row.themes.map((theme) => theme.name);
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const shortId = row.disposition ? dispositionId(row.disposition.disposition, true) : null;
  return (
    <li className={`work-item${row.disposition ? " answered" : " unanswered"}`} id={`w-${row.ref}`}>
      <div className="work-select">
        <input
          type="checkbox"
          name="commentId"
          value={row.id}
          form="bulk"
          id={`select-${row.id}`}
          aria-label={t("statement.work.select", { ref: row.ref })}
          defaultChecked={ticked ?? false}
          key={String(ticked)}
        />
      </div>
      <div className="work-main">
        <p className="comment-meta">
          <a href={`${base}/comments/${row.ref}`} className="comment-ref">
            <bdi>#{row.ref}</bdi>
          </a>{" "}
          <strong {...english}>{row.author}</strong>
          {row.organisation ? (
            <span className="badge badge-ok">
              {rich("statement.work.for", {
                organisation: <span {...english}>{row.organisation.name}</span>,
                kind: shortKindLabel(row.organisation.kind),
              })}
            </span>
          ) : (
            <span className="badge badge-muted">{t("statement.work.individual")}</span>
          )}{" "}
          <span className="muted small">
            <UtcTime value={row.createdAt} />
            {row.section ? rich("statement.work.onSection", { section: <span {...english}>{row.section.title}</span> }) : t("statement.work.onWholePlan")}
            {row.replies ? t("statement.work.replies", { count: row.replies }) : ""}
          </span>{" "}
          {row.disposition ? (
            <span className={`disposition disposition-${row.disposition.disposition}`}>{shortId ? t(shortId) : row.disposition.disposition}</span>
          ) : (
            <span className="disposition disposition-none">{t("statement.work.unanswered")}</span>
          )}
        </p>
        {row.parent ? (
          <blockquote className="thread-context small">
            {rich("statement.work.inReplyTo", {
              ref: row.parent.ref,
              author: <span {...english}>{row.parent.author}</span>,
              ifm: row.parent.isIfmReply ? "yes" : "no",
              excerpt: row.parent.excerpt,
              link: (chunks) => (
                <a href={`${base}/comments/${row.parent!.ref}`}>
                  <bdi>{chunks}</bdi>
                </a>
              ),
            })}
          </blockquote>
        ) : null}
        <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: row.bodyHtml }} {...textLanguage(row.language)} />
        {row.attachments.map((a) => (
          <AttachmentTextInList key={a.position} attachment={a} href={attachmentPath(c.slug, row.ref, a.position)} />
        ))}
        <details className="dispose" open={!row.disposition || !!mine}>
          <summary>{row.disposition ? t("statement.work.editAnswer", { name: row.disposition.updatedBy }) : t("statement.work.answer")}</summary>
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
              <button type="submit">{t("statement.work.save", { ref: row.ref })}</button>
            </div>
          </Form>
        </details>
      </div>
    </li>
  );
}

export function HiddenList({ search }: { search: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const t = useT();
  const english = useEnglishContent();
  return (
    <section aria-labelledby="hidden-heading">
      <h2 id="hidden-heading">{t("statement.hidden.heading")}</h2>
      <p>{t("statement.hidden.lead")}</p>
      {list.comments.length ? (
        <ol className="work-list">
          {list.comments.map((row) => (
            <li key={row.id} className="work-item hidden-item">
              <p className="comment-meta">
                <a href={`/consultations/${c.slug}/comments/${row.ref}`} className="comment-ref">
                  #{row.ref}
                </a>{" "}
                <strong {...english}>{row.author}</strong>{" "}
                <span className="muted small">{t("statement.hidden.reason", { reason: row.hiddenReason ?? "" })}</span>
              </p>
              <div className="comment-body rendered" dangerouslySetInnerHTML={{ __html: row.bodyHtml }} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("statement.hidden.none")}</p>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} search={search} />
    </section>
  );
}
