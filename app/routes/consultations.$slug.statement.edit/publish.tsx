import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextArea } from "~/components/field";
import { UtcTime } from "~/components/time";
import { plural } from "~/models/plural";
import type { loader } from "./route";

export function Publish({ returnTo }: { returnTo: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("publish");
  const latest = c.revisions[0] ?? null;
  const ready = list.missing.count === 0;
  return (
    <section className="staff-panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{latest ? `Publish a correction (revision ${latest.number + 1})` : "Publish the statement"}</h2>
      {latest ? (
        <p>
          Revision {latest.number} stays readable. The correction is published as revision {latest.number + 1} with your erratum note; followers and commenters
          are told.
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
        {latest ? (
          <TextArea
            label="Erratum note: what this correction changes"
            name="erratum"
            rows={3}
            defaultValue={mine?.values.erratum ?? ""}
            error={mine?.errors.erratum}
          />
        ) : null}
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
