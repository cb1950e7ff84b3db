import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { UtcTime } from "~/components/time";
import { getVersionsToCompare } from "~/features/consultations/consultation.server";
import { diffPlans } from "~/features/consultations/plan-diff";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/session.server";
import { notFound } from "~/services/http.server";
import { diffQuery } from "~/features/consultations/validation";
import { NOUNS, plural } from "~/models/plural";
import { textsToCompare } from "~/features/translations/diff.server";
import { DiffLanguages } from "~/features/translations/diff-languages";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getCurrentUser(request);
  const parsed = diffQuery.safeParse({ from: url.searchParams.get("from") ?? 1, to: url.searchParams.get("to") ?? 2 });
  if (!parsed.success) notFound("Choose two versions of the plan to compare.");
  const pair = await getVersionsToCompare({ slug: params.slug!, ...parsed.data, viewer: { isStaff: isStaff(user) } });
  if (!pair) notFound("One of these versions does not exist.");
  const texts = await textsToCompare({ request, slug: params.slug!, from: pair.from, to: pair.to });
  return { ...pair, from: { number: pair.from.number }, to: { number: pair.to.number }, texts: texts.info, diff: diffPlans(texts.from, texts.to) };
}

export default function PlanDiff() {
  const { consultation, versions, from, to, diff, texts } = useLoaderData<typeof loader>();
  const base = `/consultations/${consultation.slug}`;
  const changed = diff.addedWords + diff.removedWords > 0;
  return (
    <div className="page">
      <p className="eyebrow">Consultation {consultation.number}</p>
      <h1>
        Changes from version {from.number} to version {to.number}
      </h1>
      <p>
        <Link to={base}>← {consultation.title}</Link>
      </p>
      <Form method="get" className="version-bar">
        <VersionSelect name="from" label="From version" chosen={from.number} versions={versions} />
        <VersionSelect name="to" label="to version" chosen={to.number} versions={versions} />
        {texts.language !== "en" ? <input type="hidden" name="text" value={texts.language} /> : null}
        <button type="submit" className="secondary">
          Compare
        </button>
      </Form>
      <DiffLanguages texts={texts} from={from.number} to={to.number} />
      <ul>
        {versions
          .filter((v) => v.number > Math.min(from.number, to.number) && v.number <= Math.max(from.number, to.number))
          .map((v) => (
            <li key={v.number}>
              Version {v.number}
              {v.publishedAt ? (
                <>
                  , <UtcTime value={v.publishedAt} withTime={false} />
                </>
              ) : null}
              {v.changeSummary ? `: ${v.changeSummary}` : ""}
            </li>
          ))}
      </ul>
      {changed ? (
        <>
          <p className="diff-legend">
            {plural(diff.addedWords, NOUNS.word)} added, {diff.removedWords} removed. Added text is <ins>underlined and marked “added”</ins>, removed text is{" "}
            <del>struck through and marked “removed”</del> for screen readers.
          </p>
          <div className="diff" role="document" aria-label={`Plan text, version ${from.number} to ${to.number}, with changes marked`}>
            {diff.parts.map((part, i) =>
              part.kind === "same" ? (
                <span key={i}>{part.text}</span>
              ) : part.kind === "added" ? (
                <ins key={i}>
                  <span className="visually-hidden">[added: </span>
                  {part.text}
                  <span className="visually-hidden">]</span>
                </ins>
              ) : (
                <del key={i}>
                  <span className="visually-hidden">[removed: </span>
                  {part.text}
                  <span className="visually-hidden">]</span>
                </del>
              ),
            )}
          </div>
        </>
      ) : (
        <p>These two versions have the same text.</p>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Changes v${data.from.number}→v${data.to.number} · ${data.consultation.title}` : "Plan changes" },
];

function VersionSelect({ name, label, chosen, versions }: { name: string; label: string; chosen: number; versions: { number: number }[] }) {
  return (
    <div>
      <label htmlFor={name}>{label}</label>{" "}
      <select id={name} name={name} defaultValue={chosen}>
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            {v.number}
          </option>
        ))}
      </select>
    </div>
  );
}
