import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DraftForm } from "~/features/consultations/draft-fields";
import { createDraft } from "~/features/consultations/consultation.server";
import { staffFlash } from "~/features/consultations/staff-links.server";
import { consultationSchemas } from "~/features/consultations/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useT } from "~/i18n/t";
import { requirePermission, requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { renderMarkdown } from "~/services/markdown.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([requirePermission(request, "consultation.draft"), requestLocale(request)]);
  return { contactName: user.displayName ?? "", contactEmail: user.email, title: translate(locale, "consultations.new.pageTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  const schemas = consultationSchemas(locale);
  return handleForm(request, {
    preview: form(schemas.planPreview, (input) => ({ preview: renderMarkdown(input.bodyMd).html })),
    save: form(schemas.draft, async (input) => {
      const result = await createDraft({ actor: user, input, locale });
      return result.ok ? staffFlash(`/consultations/${result.slug}/manage`, "consultations.new.flash.saved") : result;
    }),
  });
}

export default function NewConsultation() {
  const defaults = useLoaderData<typeof loader>();
  const t = useT();
  const initial = { contactName: defaults.contactName, contactEmail: defaults.contactEmail, dugRequired: "on", basis: "technical" };
  return (
    <div className="page">
      <p className="eyebrow">{t("consultations.new.eyebrow")}</p>
      <h1>{t("consultations.new.title")}</h1>
      <p className="lead">{t("consultations.new.lead")}</p>
      <DraftForm intents={{ save: "save", preview: "preview" }} initial={initial} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "New implementation plan · IANA Naming Functions Consultations" }];
