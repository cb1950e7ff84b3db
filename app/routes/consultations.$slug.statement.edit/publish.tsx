import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextArea } from "~/components/field";
import { UtcTime } from "~/components/time";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import type { loader } from "./route";

export function Publish({ returnTo }: { returnTo: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("publish");
  const latest = c.revisions[0] ?? null;
  const ready = list.missing.count === 0;
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  return (
    <section className="staff-panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{latest ? t("statement.publish.correctionHeading", { number: latest.number + 1 }) : t("statement.publish.heading")}</h2>
      {latest ? <p>{t("statement.publish.correctionLead", { latest: latest.number, next: latest.number + 1 })}</p> : <p>{t("statement.publish.lead")}</p>}
      {c.dugRequired && c.dugOutcome !== "agreed" ? <p className="notice notice-warn">{t("statement.publish.noDug")}</p> : null}
      {ready ? null : (
        <p className="notice notice-error">
          {rich("statement.publish.missing", {
            count: list.missing.count,
            refs: <bdi>{list.missing.refs.join(", ")}</bdi>,
            more: list.missing.count > list.missing.refs.length ? "yes" : "no",
            link: (chunks) => <Link to="?unanswered=1">{chunks}</Link>,
          })}
        </p>
      )}
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={mine} />
        <input type="hidden" name="intent" value="publish" />
        <input type="hidden" name="basedOnRevision" value={latest?.number ?? 0} />
        <input type="hidden" name="returnTo" value={returnTo} />
        {latest ? (
          <TextArea label={t("statement.publish.erratum")} name="erratum" rows={3} defaultValue={mine?.values.erratum ?? ""} error={mine?.errors.erratum} />
        ) : null}
        <div className="actions">
          <button type="submit">{latest ? t("statement.publish.submitRevision", { number: latest.number + 1 }) : t("statement.publish.heading")}</button>
          <Link to={`/consultations/${c.slug}/statement/preview`}>{t("statement.publish.previewFirst")}</Link>
        </div>
      </Form>
      {c.revisions.length ? (
        <>
          <h3>{t("statement.publish.revisions")}</h3>
          <ul>
            {c.revisions.map((r) => (
              <li key={r.number}>
                <Link to={`/consultations/${c.slug}/statement?revision=${r.number}`}>{t("statement.page.revisionN", { number: r.number })}</Link>,{" "}
                <UtcTime value={r.publishedAt} />
                {r.erratum ? <> {rich("statement.publish.revisionErratum", { erratum: <span {...english}>{r.erratum}</span> })}</> : ""} ·{" "}
                <bdi>
                  <code className="hash">{r.contentHash}</code>
                </bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
