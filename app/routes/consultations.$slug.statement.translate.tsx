import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/field";
import { NATIVE_NAMES } from "~/components/language-switcher";
import { MarkdownEditor } from "~/components/markdown-editor";
import { UtcTime } from "~/components/time";
import { languageName } from "~/features/translations/language-name";
import { isTranslationLanguage, TRANSLATION_LANGUAGES } from "~/features/translations/languages";
import { addStatementTranslation, statementTranslationPage } from "~/features/statement/statement-translation.server";
import { builderSchemas } from "~/features/statement/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useLocale, useRich, useT } from "~/i18n/t";
import { requirePermission } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { absoluteUrlIn } from "~/services/local-url.server";

// IFM staff publish a translation of the latest published revision's own texts and themes
// (decision 048); `?language=` prefills the form with that language's latest translation.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "statement.publish");
  const asked = new URL(request.url).searchParams.get("language");
  const language = isTranslationLanguage(asked) ? asked : null;
  const [page, locale] = await Promise.all([statementTranslationPage(params.slug!, language), requestLocale(request)]);
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
      // An absolute address: a path would get this page's own language prefix (/fr/…) put before
      // it, and the statement is shown in the translation's language.
      return redirectWithFlash(
        absoluteUrlIn(`/consultations/${page.consultation.slug}/statement`, language),
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
  // What was sent (a refusal), else the latest translation in the language asked for.
  const sent = reply?.values;
  const prefill = d.prefill;
  const value = (name: string, prefilled: string | undefined) => (sent ? (sent[name] ?? "") : (prefilled ?? ""));
  const base = `/consultations/${d.consultation.slug}`;
  const texts = [
    ["introMd", "statement.section.introduction"],
    ["analysisMd", "statement.section.analysis"],
    ["nextStepsMd", "statement.section.nextSteps"],
  ] as const;
  const reference = (text: string) =>
    text.trim() ? (
      <details>
        <summary>{t("statement.translation.english")}</summary>
        <pre {...english} className="source-text">
          {text}
        </pre>
      </details>
    ) : null;
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
          <nav aria-label={t("statement.translation.startFrom")}>
            <p>
              {t("statement.translation.startFrom")}{" "}
              {TRANSLATION_LANGUAGES.map((l, i) => (
                <span key={l}>
                  {i ? " · " : ""}
                  <Link to={`?language=${l}`} aria-current={prefill?.language === l ? "page" : undefined} hrefLang={l} lang={l}>
                    {NATIVE_NAMES[l]}
                  </Link>
                </span>
              ))}
            </p>
          </nav>
          {prefill ? (
            <p className="muted small">
              {prefill.revision
                ? t("statement.translation.prefilled", { language: languageName(locale, prefill.language), revision: prefill.revision })
                : t("statement.translation.noneYet", { language: languageName(locale, prefill.language) })}
            </p>
          ) : null}
          <Form method="post" className="form wide" noValidate key={prefill?.language ?? ""}>
            <ErrorSummary reply={reply} />
            <input type="hidden" name="intent" value="translate" />
            <SelectField
              label={t("statement.translation.language")}
              name="language"
              defaultValue={value("language", prefill?.language)}
              error={reply?.errors.language}
              options={[
                { value: "", label: t("statement.translation.chooseLanguage") },
                ...TRANSLATION_LANGUAGES.map((l) => ({ value: l, label: NATIVE_NAMES[l] })),
              ]}
            />
            {texts.map(([name, label]) => (
              <div key={name}>
                <MarkdownEditor label={t(label)} name={name} kind="plan" rows={8} defaultValue={value(name, prefill?.[name])} error={reply?.errors[name]} />
                {reference(d.english![name])}
              </div>
            ))}
            {d.english.themes.length ? (
              <fieldset className="translation-themes">
                <legend>{t("statement.translation.themesHeading")}</legend>
                <p className="hint">{t("statement.translation.themesHint")}</p>
                {d.english.themes.map((theme, i) => (
                  <div key={i} className="translation-theme">
                    <TextField
                      label={t("statement.translation.themeName", { number: i + 1 })}
                      name={`themeName-${i}`}
                      defaultValue={value(`themeName-${i}`, prefill?.themes[i]?.name)}
                      error={reply?.errors[`themeName-${i}`]}
                      hint={<span {...english}>{theme.name}</span>}
                    />
                    <MarkdownEditor
                      label={t("statement.translation.themeSummary", { number: i + 1 })}
                      name={`themeSummary-${i}`}
                      kind="plan"
                      rows={5}
                      defaultValue={value(`themeSummary-${i}`, prefill?.themes[i]?.summaryMd)}
                      error={reply?.errors[`themeSummary-${i}`]}
                    />
                    {reference(theme.summaryMd)}
                  </div>
                ))}
              </fieldset>
            ) : null}
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
