import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormReply } from "~/components/error-summary";
import { findConsultationRef } from "~/features/consultations/consultation.server";
import { addPlanTranslation } from "~/features/translations/plan-translation.server";
import { translationsPageData } from "~/features/translations/translations-page.server";
import { TranslationForm, TranslationHistory } from "~/features/translations/translation-form";
import { languageName } from "~/features/translations/language-name";
import { translationFormSchema } from "~/features/translations/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useT } from "~/i18n/t";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { isStaff } from "~/models/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "plan.translate");
  const [data, locale] = await Promise.all([translationsPageData(params.slug!), requestLocale(request)]);
  if (!data) notFound("There is no such consultation.");
  const chosen = Number(new URL(request.url).searchParams.get("version"));
  return {
    ...data,
    chosenVersion: data.versions.some((v) => v.number === chosen) ? chosen : (data.versions[0]?.number ?? null),
    pageTitle: translate(locale, "translations.page.title", { title: data.consultation.title }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: isStaff(user) } });
  if (!consultation) notFound("There is no such consultation.");
  const locale = await requestLocale(request);
  const t = (id: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(locale, id, values);
  return handleForm(request, {
    translate: form(translationFormSchema(t), async (input) => {
      const result = await addPlanTranslation({
        actor: user,
        consultationId: consultation.id,
        versionNumber: input.version,
        language: input.language,
        bodyMd: input.bodyMd,
        locale,
      });
      if (!result.ok) return result;
      const values = { language: languageName(locale, input.language), version: input.version, revision: result.revision };
      return redirectWithFlash(
        `/consultations/${consultation.slug}?version=${input.version}&text=${input.language}`,
        t(result.duplicate ? "translations.flash.unchanged" : "translations.flash.published", values),
      );
    }),
  });
}

export default function PlanTranslations() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const reply = useFormReply("translate");
  const english = useEnglishContent();
  const base = `/consultations/${d.consultation.slug}`;
  return (
    <div className="page">
      <p className="eyebrow">{t("translations.page.eyebrow", { number: d.consultation.number })}</p>
      <h1>{t("translations.page.heading")}</h1>
      <p className="lead" {...english}>
        {d.consultation.title}
      </p>
      <p>
        <Link to={base}>{t("translations.page.back")}</Link>
      </p>
      <p>{t("translations.page.intro")}</p>
      {d.chosenVersion === null ? (
        <p className="notice notice-info">{t("translations.page.noVersion")}</p>
      ) : (
        <TranslationForm versions={d.versions} chosenVersion={d.chosenVersion} reply={reply} />
      )}
      <TranslationHistory entries={d.history} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Translations" }];
