import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField } from "~/components/field";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { MarkdownEditor } from "~/components/markdown-editor";
import { UtcTime } from "~/components/time";
import { languageName } from "~/features/translations/language-name";
import { TRANSLATION_LANGUAGES } from "~/features/translations/languages";
import { addStatementTranslation, statementTranslationPage } from "~/features/statement/statement-translation.server";
import { builderSchemas } from "~/features/statement/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useLocale, useRich, useT } from "~/i18n/t";
import { requirePermission } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { localisedPath } from "~/services/language";

// IFM staff publish a translation of the latest published revision's own texts (decision 048).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.publish");
  const [page, locale] = await Promise.all([statementTranslationPage(params.slug!), requestLocale(request)]);
  if (!page) notFound(translate(locale, "consultation.notFound"));
  return { ...page, title: translate(locale, "statement.translation.pageTitle", { number: page.consultation.number }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "statement.publish");
  const locale = await requestLocale(request);
  const page = await statementTranslationPage(params.slug!);
  if (!page) notFound(translate(locale, "consultation.notFound"));
  return handleForm(request, {
    translate: form(builderSchemas(locale).translate, async ({ language, ...texts }) => {
      const result = await addStatementTranslation({ actor: user, consultationId: page.consultation.id, language, texts, locale });
      if (!result.ok) return result;
      return redirectWithFlash(
        localisedPath(`/consultations/${page.consultation.slug}/statement`, language),
        translate(locale, result.duplicate ? "statement.flash.translationUnchanged" : "statement.flash.translated", { revision: result.revision }),
      );
    }),
  });
}

export default function StatementTranslate() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const locale = useLocale();
  const english = useEnglishContent();
  const reply = useFormReply("translate");
  const v = reply?.values ?? {};
  const base = `/consultations/${d.consultation.slug}`;
  const texts = [
    ["introMd", "statement.section.introduction"],
    ["analysisMd", "statement.section.analysis"],
    ["nextStepsMd", "statement.section.nextSteps"],
  ] as const;
  return (
    <div className="page">
      <h1>{t("statement.translation.heading")}</h1>
      <p>
        <Link to={`${base}/statement`} {...english}>
          {d.consultation.title}
        </Link>
      </p>
      {d.revision === null || !d.english ? (
        <p className="notice notice-info">{t("statement.translation.notPublished")}</p>
      ) : (
        <section className="staff-panel" aria-labelledby="translate-heading">
          <p id="translate-heading">{t("statement.translation.intro", { revision: d.revision })}</p>
          <Form method="post" className="form wide" noValidate>
            <ErrorSummary reply={reply} />
            <input type="hidden" name="intent" value="translate" />
            <SelectField
              label={t("statement.translation.language")}
              name="language"
              defaultValue={v.language ?? ""}
              error={reply?.errors.language}
              options={[
                { value: "", label: t("statement.translation.chooseLanguage") },
                ...TRANSLATION_LANGUAGES.map((l) => ({ value: l, label: NATIVE_NAMES[l] })),
              ]}
            />
            {texts.map(([name, label]) => (
              <div key={name}>
                <MarkdownEditor label={t(label)} name={name} kind="plan" rows={8} defaultValue={v[name] ?? ""} error={reply?.errors[name]} />
                {d.english![name].trim() ? (
                  <details>
                    <summary>{t("statement.translation.english")}</summary>
                    <pre {...english} className="source-text">
                      {d.english![name]}
                    </pre>
                  </details>
                ) : null}
              </div>
            ))}
            <div className="actions">
              <button type="submit">{t("statement.translation.submit")}</button>
            </div>
          </Form>
        </section>
      )}
      <section aria-labelledby="published-heading">
        <h2 id="published-heading">{t("statement.translation.published")}</h2>
        {d.translations.length ? (
          <ul>
            {d.translations.map((tr) => (
              <li key={`${tr.language}-${tr.revision}`}>
                {rich("statement.translation.item", {
                  language: languageName(locale, tr.language),
                  revision: tr.revision,
                  date: <UtcTime value={tr.createdAt} />,
                  hash: (
                    <bdi>
                      <code className="hash">{tr.contentHash}</code>
                    </bdi>
                  ),
                })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("statement.translation.none")}</p>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Statement" }];
