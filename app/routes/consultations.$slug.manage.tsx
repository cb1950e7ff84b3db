import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DraftFields, timelineText } from "~/components/consultation-form";
import { ErrorPage } from "~/components/error-page";
import { FormError, TextArea, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { StatusBadge } from "~/components/consultation-card";
import { UtcTime } from "~/components/time";
import {
  extendClosing,
  getConsultationForStaff,
  publishConsultation,
  reviseConsultation,
  shortenClosing,
  updateDraft,
  withdrawConsultation,
} from "~/models/consultation.server";
import { requireStaff } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { notFound } from "~/services/http.server";
import { renderMarkdown } from "~/services/markdown.server";
import { closingChangeSchema, draftSchema, publishSchema, reviseSchema, withdrawSchema } from "~/validation/consultation";
import { fieldErrors, formValues, parseForm } from "~/validation/form";
import { NOUNS, plural } from "~/models/plural";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const consultation = await getConsultationForStaff(params.slug!);
  if (!consultation) notFound("There is no such consultation.");
  return { consultation };
}

const INTENTS = ["save-draft", "preview-draft", "publish", "revise", "preview-revision", "extend", "shorten", "withdraw"] as const;
type Intent = (typeof INTENTS)[number];
const intentSchema = z.object({ intent: z.enum(INTENTS) });

type Result = { intent: Intent; values: Record<string, string>; errors: Record<string, string>; preview?: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const consultation = await getConsultationForStaff(params.slug!);
  if (!consultation) notFound("There is no such consultation.");
  const form = await request.formData();
  const values = formValues(form);
  const intentParsed = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intentParsed.success) return data<Result>({ intent: "save-draft", values, errors: { form: "That action is not available." } }, { status: 400 });
  const { intent } = intentParsed.data;
  const invalid = (errors: Record<string, string>, status = 400) => data<Result>({ intent, values, errors }, { status });
  const refused = (r: { status: number; field?: string; message: string }) => invalid({ [r.field ?? "form"]: r.message }, r.status);
  const id = consultation.id;
  const here = (slug = consultation.slug) => `/consultations/${slug}/manage`;

  switch (intent) {
    case "preview-draft":
    case "preview-revision":
      return data<Result>({ intent, values, errors: {}, preview: renderMarkdown(values.bodyMd ?? "").html });
    case "save-draft": {
      const parsed = parseForm(draftSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await updateDraft({ actor: user, consultationId: id, input: parsed.data });
      return result.ok ? redirectWithFlash(here(result.slug), "Draft saved.") : refused(result);
    }
    case "publish": {
      const parsed = parseForm(publishSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await publishConsultation({ actor: user, consultationId: id, ...parsed.data });
      return result.ok ? redirectWithFlash(`/consultations/${consultation.slug}`, "Published. The consultation is public now.") : refused(result);
    }
    case "revise": {
      const parsed = parseForm(reviseSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await reviseConsultation({ actor: user, consultationId: id, ...parsed.data });
      return result.ok ? redirectWithFlash(`/consultations/${consultation.slug}`, `Version ${result.version} of the plan is published.`) : refused(result);
    }
    case "extend": {
      const parsed = parseForm(closingChangeSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await extendClosing({ actor: user, consultationId: id, ...parsed.data });
      return result.ok ? redirectWithFlash(`/consultations/${consultation.slug}`, "The closing date is extended.") : refused(result);
    }
    case "shorten": {
      const parsed = parseForm(closingChangeSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await shortenClosing({ actor: user, consultationId: id, ...parsed.data });
      return result.ok ? redirectWithFlash(`/consultations/${consultation.slug}`, "The comment period is shortened.") : refused(result);
    }
    case "withdraw": {
      const parsed = parseForm(withdrawSchema, form);
      if (!parsed.success) return invalid(fieldErrors(parsed.error));
      const result = await withdrawConsultation({ actor: user, consultationId: id, reason: parsed.data.reason });
      return result.ok ? redirectWithFlash(`/consultations/${consultation.slug}`, "The consultation is withdrawn.") : refused(result);
    }
  }
}

const toLocalInput = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16) : "");

export default function ManageConsultation() {
  const { consultation: c } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = (intent: Intent | Intent[]) => (result && ([] as Intent[]).concat(intent).includes(result.intent) ? result : undefined);
  const draft = mine(["save-draft", "preview-draft"]);
  const revise = mine(["revise", "preview-revision"]);
  const draftValues = draft?.values ?? {
    title: c.title,
    summary: c.summary,
    bodyMd: c.plan.bodyMd,
    category: c.category,
    affected: c.affected,
    basis: c.basis,
    dugRequired: c.dugRequired ? "on" : "",
    contactName: c.contactName,
    contactEmail: c.contactEmail,
    timeline: timelineText(c.plan.timeline),
    slug: c.slug,
  };
  const inPeriod = c.status === "upcoming" || c.status === "open" || c.status === "closed";
  return (
    <div className="page">
      <p className="eyebrow">
        IFM staff · Consultation {c.number} · <StatusBadge status={c.status} />
      </p>
      <h1>{c.title}</h1>
      <p>
        <Link to={`/consultations/${c.slug}`}>{c.status === "draft" ? "See the draft as it will look" : "Open the public page"}</Link>
      </p>
      <FormError error={result?.errors?.form} />

      {c.status === "draft" ? (
        <>
          <section className="staff-panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">Publish with a comment period</h2>
            <p>
              Dates and times are in <strong>UTC</strong>. The period must last at least {plural(c.minCommentDays, NOUNS.day)}. An opening in
              the future shows the consultation as upcoming until then.
            </p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="publish" />
              <div className="field-row">
                <TextField label="Opens (UTC)" name="opensAt" type="datetime-local" defaultValue={mine("publish")?.values.opensAt ?? toLocalInput(new Date())} error={mine("publish")?.errors.opensAt} />
                <TextField label="Closes (UTC)" name="closesAt" type="datetime-local" defaultValue={mine("publish")?.values.closesAt ?? ""} error={mine("publish")?.errors.closesAt} />
              </div>
              <div className="actions">
                <button type="submit">Publish</button>
              </div>
            </Form>
          </section>
          <h2>Edit the draft</h2>
          <Form method="post" className="form wide" noValidate>
            <DraftFields values={draftValues} errors={draft?.errors} preview={draft?.preview} />
            <div className="actions">
              <button type="submit" name="intent" value="save-draft">
                Save draft
              </button>
              <button type="submit" name="intent" value="preview-draft" className="secondary">
                Preview
              </button>
            </div>
          </Form>
        </>
      ) : null}

      {inPeriod ? (
        <>
          <section className="staff-panel" aria-labelledby="revise-heading">
            <h2 id="revise-heading">Revise the plan (new version {c.plan.number + 1})</h2>
            <p>Every earlier version stays readable, and readers can compare any two versions.</p>
            <Form method="post" className="form wide" noValidate>
              <MarkdownEditor
                label="Implementation plan"
                name="bodyMd"
                kind="plan"
                rows={20}
                defaultValue={revise?.values.bodyMd ?? c.plan.bodyMd}
                error={revise?.errors.bodyMd}
                serverPreview={revise?.preview}
              />
              <TextArea label="Proposed implementation timeline" name="timeline" rows={5} defaultValue={revise?.values.timeline ?? timelineText(c.plan.timeline)} error={revise?.errors.timeline} hint="One milestone per line: a date, then what happens." />
              <TextArea label="What changed, and why" name="changeSummary" rows={3} defaultValue={revise?.values.changeSummary ?? ""} error={revise?.errors.changeSummary} hint="Shown in the version list and sent to followers." />
              <div className="actions">
                <button type="submit" name="intent" value="revise">
                  Publish version {c.plan.number + 1}
                </button>
                <button type="submit" name="intent" value="preview-revision" className="secondary">
                  Preview
                </button>
              </div>
            </Form>
          </section>

          <ClosingChangePanel intent="extend" heading="Extend the closing date" result={mine("extend")}>
            Currently closes <UtcTime value={c.closesAt!} />. The reason is shown on the consultation page.
          </ClosingChangePanel>

          {c.status !== "closed" ? (
            <ClosingChangePanel intent="shorten" heading="Shorten the comment period" result={mine("shorten")}>
              Currently closes <UtcTime value={c.closesAt!} />. The new closing must be at least {plural(c.minShortenedNoticeHours, NOUNS.hour)} from now
              {c.status === "upcoming" ? " and after the opening" : ""}. Followers are mailed the change; the reason is shown on the consultation page.
            </ClosingChangePanel>
          ) : null}

          <section className="staff-panel" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">Withdraw the consultation</h2>
            <p>The consultation stays public, marked withdrawn, with your reason. Comments can no longer be posted.</p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="withdraw" />
              <TextArea label="Reason" name="reason" id="withdraw-reason" rows={2} defaultValue={mine("withdraw")?.values.reason ?? ""} error={mine("withdraw")?.errors.reason} />
              <div className="actions">
                <button type="submit" className="danger">
                  Withdraw
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}
      {c.status === "withdrawn" || c.status === "concluded" ? <p>This consultation is {c.status}; nothing more can be changed here.</p> : null}
    </div>
  );
}

/** The form that moves the closing later ("extend") or earlier ("shorten"), with its reason. */
function ClosingChangePanel({ intent, heading, result, children }: { intent: "extend" | "shorten"; heading: string; result?: Result; children: ReactNode }) {
  return (
    <section className="staff-panel" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`}>{heading}</h2>
      <p>{children}</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <TextField label="New closing (UTC)" name="closesAt" id={`${intent}-closesAt`} type="datetime-local" defaultValue={result?.values.closesAt ?? ""} error={result?.errors.closesAt} />
        <TextArea label="Reason" name="reason" id={`${intent}-reason`} rows={2} defaultValue={result?.values.reason ?? ""} error={result?.errors.reason} />
        <div className="actions">
          <button type="submit">{intent === "extend" ? "Extend" : "Shorten"}</button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Manage consultation · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
