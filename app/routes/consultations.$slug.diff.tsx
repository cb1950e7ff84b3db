import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { UtcTime } from "~/components/time";
import { getVersionsToCompare } from "~/features/consultations/consultation.server";
import { diffPlans, type DiffPart } from "~/features/consultations/plan-diff";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useEnglishText, usePageLanguage, useRich, useT } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { getCurrentUser } from "~/services/session.server";
import { notFound } from "~/services/http.server";
import { diffQuery } from "~/features/consultations/validation";
import { textsToCompare } from "~/features/translations/diff.server";
import { DiffLanguages } from "~/features/translations/diff-languages";
import { textLanguage } from "~/features/translations/comment-language-attributes";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const parsed = diffQuery.safeParse({ from: url.searchParams.get("from") ?? 1, to: url.searchParams.get("to") ?? 2 });
  if (!parsed.success) notFound(translate(locale, "diff.chooseVersions"));
  const pair = await getVersionsToCompare({ slug: params.slug!, ...parsed.data, viewer: { isStaff: isStaff(user) } });
  if (!pair) notFound(translate(locale, "diff.noSuchVersion"));
  const texts = await textsToCompare({ request, slug: params.slug!, from: pair.from, to: pair.to });
  return {
    ...pair,
    title: translate(locale, "diff.pageTitle", { from: pair.from.number, to: pair.to.number, title: pair.consultation.title }),
    from: { number: pair.from.number },
    to: { number: pair.to.number },
    texts: texts.info,
    diff: diffPlans(texts.from, texts.to),
  };
}

export default function PlanDiff() {
  const { consultation, versions, from, to, diff, texts } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
  const englishText = useEnglishText();
  const pageLanguage = usePageLanguage();
  // The words that tell screen readers what changed are in the page's language, inside English text.
  const hidden = (chunks: ReactNode[]) => (
    <span className="visually-hidden" {...pageLanguage}>
      {chunks}
    </span>
  );
  const partOf = (part: DiffPart) =>
    part.kind === "same" ? (
      <span>{part.text}</span>
    ) : part.kind === "added" ? (
      <ins>{rich("diff.added", { hidden, text: part.text })}</ins>
    ) : (
      <del>{rich("diff.removed", { hidden, text: part.text })}</del>
    );
  const base = `/consultations/${consultation.slug}`;
  const changed = diff.addedWords + diff.removedWords > 0;
  return (
    <div className="page">
      <p className="eyebrow">{t("consultations.card.number", { number: consultation.number })}</p>
      <h1>{t("diff.heading", { from: from.number, to: to.number })}</h1>
      <p>
        <Link to={base}>{rich("diff.back", { title: englishText(consultation.title) })}</Link>
      </p>
      <Form method="get" className="version-bar">
        <VersionSelect name="from" label={t("diff.from")} chosen={from.number} versions={versions} />
        <VersionSelect name="to" label={t("diff.to")} chosen={to.number} versions={versions} />
        {texts.language !== "en" ? <input type="hidden" name="text" value={texts.language} /> : null}
        <button type="submit" className="secondary">
          {t("diff.compare")}
        </button>
      </Form>
      <DiffLanguages texts={texts} from={from.number} to={to.number} />
      <ul>
        {versions
          .filter((v) => v.number > Math.min(from.number, to.number) && v.number <= Math.max(from.number, to.number))
          .map((v) => (
            <li key={v.number}>
              <VersionLine number={v.number} publishedAt={v.publishedAt} summary={v.changeSummary ? englishText(v.changeSummary) : null} />
            </li>
          ))}
      </ul>
      {changed ? (
        <>
          <p className="diff-legend">
            {rich("diff.legend", {
              added: diff.addedWords,
              removed: diff.removedWords,
              ins: (chunks) => <ins>{chunks}</ins>,
              del: (chunks) => <del>{chunks}</del>,
            })}
          </p>
          <div
            className="diff"
            role="document"
            aria-label={t("diff.textLabel", { from: from.number, to: to.number })}
            {...(texts.language === "en" ? english : textLanguage(texts.language))}
          >
            {diff.parts.map((part, i) => (
              <Fragment key={i}>{partOf(part)}</Fragment>
            ))}
          </div>
        </>
      ) : (
        <p>{t("diff.same")}</p>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.title : "Plan changes" }];

/** "Version 2, 3 Dec 2026: what changed", as much of it as the version has. */
function VersionLine({ number, publishedAt, summary }: { number: number; publishedAt: string | Date | null; summary: ReactNode }) {
  const rich = useRich();
  const date = publishedAt ? <UtcTime value={publishedAt} withTime={false} /> : null;
  if (date && summary) return <>{rich("diff.versionPublishedSummary", { number, date, summary })}</>;
  if (date) return <>{rich("diff.versionPublished", { number, date })}</>;
  if (summary) return <>{rich("diff.versionSummary", { number, summary })}</>;
  return <>{rich("diff.version", { number })}</>;
}

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
