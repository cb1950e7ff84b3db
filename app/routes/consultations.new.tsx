import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DraftFields } from "~/components/consultation-form";
import { ErrorPage } from "~/components/error-page";
import { FormError } from "~/components/field";
import { createDraft } from "~/models/consultation.server";
import { requireStaff } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { renderMarkdown } from "~/services/markdown.server";
import { draftSchema } from "~/validation/consultation";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return { contactName: user.displayName ?? "", contactEmail: user.email };
}

const intentSchema = z.object({ intent: z.enum(["save", "preview"]).catch("save") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await request.formData();
  const values = formValues(form);
  if (intentSchema.parse({ intent: form.get("intent") }).intent === "preview") {
    return { values, errors: {} as Record<string, string>, preview: renderMarkdown(values.bodyMd ?? "").html };
  }
  const parsed = parseForm(draftSchema, form);
  if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), preview: null }, { status: 400 });
  const result = await createDraft({ actor: user, input: parsed.data });
  if (!result.ok) return data({ values, errors: { [result.field ?? "form"]: result.message } as Record<string, string>, preview: null }, { status: result.status });
  return redirectWithFlash(`/consultations/${result.slug}/manage`, "Draft saved. Only IFM staff can see it until you publish it.");
}

export default function NewConsultation() {
  const defaults = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? { contactName: defaults.contactName, contactEmail: defaults.contactEmail, dugRequired: "on", basis: "technical" };
  return (
    <div className="page">
      <p className="eyebrow">IFM staff</p>
      <h1>New implementation plan</h1>
      <p className="lead">Write the plan as a draft. Nobody outside the IFM sees it until you publish it with a comment period.</p>
      <FormError error={actionData?.errors?.form} />
      <Form method="post" className="form wide" noValidate>
        <DraftFields values={values} errors={actionData?.errors} preview={actionData?.preview} />
        <div className="actions">
          <button type="submit" name="intent" value="save">
            Save draft
          </button>
          <button type="submit" name="intent" value="preview" className="secondary">
            Preview
          </button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "New implementation plan · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
