import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DraftForm } from "~/features/consultations/draft-fields";
import { createDraft } from "~/features/consultations/consultation.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { renderMarkdown } from "~/services/markdown.server";
import { draftSchema, planPreviewSchema } from "~/features/consultations/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "consultation.draft");
  return { contactName: user.displayName ?? "", contactEmail: user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, {
    preview: form(planPreviewSchema, (input) => ({ preview: renderMarkdown(input.bodyMd).html })),
    save: form(draftSchema, async (input) => {
      const result = await createDraft({ actor: user, input });
      return result.ok ? redirectWithFlash(`/consultations/${result.slug}/manage`, "Draft saved. Only IFM staff can see it until you publish it.") : result;
    }),
  });
}

export default function NewConsultation() {
  const defaults = useLoaderData<typeof loader>();
  const initial = { contactName: defaults.contactName, contactEmail: defaults.contactEmail, dugRequired: "on", basis: "technical" };
  return (
    <div className="page">
      <p className="eyebrow">IFM staff</p>
      <h1>New implementation plan</h1>
      <p className="lead">Write the plan as a draft. Nobody outside the IFM sees it until you publish it with a comment period.</p>
      <DraftForm intents={{ save: "save", preview: "preview" }} initial={initial} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "New implementation plan · IANA Naming Functions Consultations" }];
