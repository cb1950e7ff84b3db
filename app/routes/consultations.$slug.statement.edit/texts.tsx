import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { MarkdownEditor } from "~/components/markdown-editor";
import { NOUNS, plural } from "~/models/plural";
import type { loader } from "./route";

export function Texts({ returnTo }: { returnTo: string }) {
  const { consultation: c, list } = useLoaderData<typeof loader>();
  const mine = useFormReply("texts");
  const v = mine?.values ?? c.texts;
  return (
    <Form method="post" className="form wide" noValidate>
      <ErrorSummary reply={mine} fieldIds={Object.fromEntries(list.themes.map((t) => [`theme:${t.id}`, `theme-${t.id}`]))} />
      <input type="hidden" name="intent" value="texts" />
      <input type="hidden" name="returnTo" value={returnTo} />
      <MarkdownEditor label="Introduction" name="introMd" kind="plan" rows={6} defaultValue={v.introMd ?? ""} error={mine?.errors.introMd} />
      <h2>What we heard: a summary per theme</h2>
      {list.themes.length ? (
        list.themes.map((t) => (
          <MarkdownEditor
            key={t.id}
            label={`${t.name} (${plural(t.count, NOUNS.comment)})`}
            name={`theme:${t.id}`}
            id={`theme-${t.id}`}
            kind="plan"
            rows={4}
            defaultValue={mine?.values[`theme:${t.id}`] ?? t.summaryMd}
            error={mine?.errors[`theme:${t.id}`]}
          />
        ))
      ) : (
        <p className="muted">No themes yet: tag comments with themes in the work list.</p>
      )}
      <MarkdownEditor label="Analysis" name="analysisMd" kind="plan" rows={8} defaultValue={v.analysisMd ?? ""} error={mine?.errors.analysisMd} />
      <MarkdownEditor label="Next steps" name="nextStepsMd" kind="plan" rows={6} defaultValue={v.nextStepsMd ?? ""} error={mine?.errors.nextStepsMd} />
      <div className="actions">
        <button type="submit">Save the texts</button>
        <Link to={`/consultations/${c.slug}/statement/preview`}>Preview the whole statement</Link>
      </div>
    </Form>
  );
}
