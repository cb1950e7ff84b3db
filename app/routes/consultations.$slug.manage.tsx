import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { DraftForm, timelineText } from "~/features/consultations/draft-fields";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/field";
import { MarkdownEditor } from "~/components/markdown-editor";
import { StatusBadge } from "~/features/consultations/card";
import { UtcTime } from "~/components/time";
import {
  extendClosing,
  findConsultationRef,
  getConsultationForStaff,
  publishConsultation,
  reviseConsultation,
  shortenClosing,
  updateDraft,
  withdrawConsultation,
} from "~/features/consultations/consultation.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { renderMarkdown } from "~/services/markdown.server";
import { closingChangeSchema, draftSchema, planPreviewSchema, publishSchema, reviseSchema, withdrawSchema } from "~/features/consultations/validation";
import type { FormReply } from "~/validation/form";
import { NOUNS, plural } from "~/models/plural";
import { isStaff } from "~/models/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "consultation.manage");
  const consultation = await getConsultationForStaff(params.slug!);
  if (!consultation) notFound("There is no such consultation.");
  // The publishing form's default opening time, decided here: a render reads nothing but its data.
  return { consultation, nowInput: toLocalInput(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Drafts are found for staff only, as everywhere; each command below checks who may run it.
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: isStaff(user) } });
  if (!consultation) notFound("There is no such consultation.");
  const id = consultation.id;
  const publicPage = (message: string) => redirectWithFlash(`/consultations/${consultation.slug}`, message);
  const preview = form(planPreviewSchema, (input) => ({ preview: renderMarkdown(input.bodyMd).html }));

  return handleForm(request, {
    "preview-draft": preview,
    "preview-revision": preview,
    "save-draft": form(draftSchema, async (input) => {
      const result = await updateDraft({ actor: user, consultationId: id, input });
      return result.ok ? redirectWithFlash(`/consultations/${result.slug}/manage`, "Draft saved.") : result;
    }),
    publish: form(publishSchema, async (input) => {
      const result = await publishConsultation({ actor: user, consultationId: id, ...input });
      return result.ok ? publicPage("Published. The consultation is public now.") : result;
    }),
    revise: form(reviseSchema, async (input) => {
      const result = await reviseConsultation({ actor: user, consultationId: id, ...input });
      return result.ok ? publicPage(`Version ${result.version} of the plan is published.`) : result;
    }),
    extend: form(closingChangeSchema, async (input) => {
      const result = await extendClosing({ actor: user, consultationId: id, ...input });
      return result.ok ? publicPage("The closing date is extended.") : result;
    }),
    shorten: form(closingChangeSchema, async (input) => {
      const result = await shortenClosing({ actor: user, consultationId: id, ...input });
      return result.ok ? publicPage("The comment period is shortened.") : result;
    }),
    withdraw: form(withdrawSchema, async (input) => {
      const result = await withdrawConsultation({ actor: user, consultationId: id, reason: input.reason });
      return result.ok ? publicPage("The consultation is withdrawn.") : result;
    }),
  });
}

const toLocalInput = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16) : "");

export default function ManageConsultation() {
  const { consultation: c, nowInput } = useLoaderData<typeof loader>();
  const revise = useFormReply(["revise", "preview-revision"]);
  const publish = useFormReply("publish");
  const withdraw = useFormReply("withdraw");
  const draftValues = {
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

      {c.status === "draft" ? (
        <>
          <section className="staff-panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">Publish with a comment period</h2>
            <p>
              Dates and times are in <strong>UTC</strong>. The period must last at least {plural(c.minCommentDays, NOUNS.day)}. An opening in the future shows
              the consultation as upcoming until then.
            </p>
            <Form method="post" className="form" noValidate>
              <ErrorSummary reply={publish} />
              <input type="hidden" name="intent" value="publish" />
              <div className="field-row">
                <TextField
                  label="Opens (UTC)"
                  name="opensAt"
                  type="datetime-local"
                  defaultValue={publish?.values.opensAt ?? nowInput}
                  error={publish?.errors.opensAt}
                />
                <TextField
                  label="Closes (UTC)"
                  name="closesAt"
                  type="datetime-local"
                  defaultValue={publish?.values.closesAt ?? ""}
                  error={publish?.errors.closesAt}
                />
              </div>
              <div className="actions">
                <button type="submit">Publish</button>
              </div>
            </Form>
          </section>
          <h2>Edit the draft</h2>
          <DraftForm intents={{ save: "save-draft", preview: "preview-draft" }} initial={draftValues} />
        </>
      ) : null}

      {inPeriod ? (
        <>
          <section className="staff-panel" aria-labelledby="revise-heading">
            <h2 id="revise-heading">Revise the plan (new version {c.plan.number + 1})</h2>
            <p>Every earlier version stays readable, and readers can compare any two versions.</p>
            <Form method="post" className="form wide" noValidate>
              <ErrorSummary reply={revise} />
              <MarkdownEditor
                label="Implementation plan"
                name="bodyMd"
                kind="plan"
                rows={20}
                defaultValue={revise?.values.bodyMd ?? c.plan.bodyMd}
                error={revise?.errors.bodyMd}
                serverPreview={revise?.preview}
              />
              <TextArea
                label="Proposed implementation timeline"
                name="timeline"
                rows={5}
                defaultValue={revise?.values.timeline ?? timelineText(c.plan.timeline)}
                error={revise?.errors.timeline}
                hint="One milestone per line: a date, then what happens."
              />
              <TextArea
                label="What changed, and why"
                name="changeSummary"
                rows={3}
                defaultValue={revise?.values.changeSummary ?? ""}
                error={revise?.errors.changeSummary}
                hint="Shown in the version list and sent to followers."
              />
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

          <ClosingChangePanel intent="extend" heading="Extend the closing date">
            Currently closes <UtcTime value={c.closesAt!} />. The reason is shown on the consultation page.
          </ClosingChangePanel>

          {c.status !== "closed" ? (
            <ClosingChangePanel intent="shorten" heading="Shorten the comment period">
              Currently closes <UtcTime value={c.closesAt!} />. The new closing must be at least {plural(c.minShortenedNoticeHours, NOUNS.hour)} from now
              {c.status === "upcoming" ? " and after the opening" : ""}. Followers are mailed the change; the reason is shown on the consultation page.
            </ClosingChangePanel>
          ) : null}

          <section className="staff-panel" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">Withdraw the consultation</h2>
            <p>The consultation stays public, marked withdrawn, with your reason. Comments can no longer be posted.</p>
            <Form method="post" className="form" noValidate>
              <ErrorSummary reply={withdraw} idPrefix="withdraw-" />
              <input type="hidden" name="intent" value="withdraw" />
              <TextArea
                label="Reason"
                name="reason"
                id="withdraw-reason"
                rows={2}
                defaultValue={withdraw?.values.reason ?? ""}
                error={withdraw?.errors.reason}
              />
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
function ClosingChangePanel({ intent, heading, children }: { intent: "extend" | "shorten"; heading: string; children: ReactNode }) {
  const result: FormReply | undefined = useFormReply(intent);
  return (
    <section className="staff-panel" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`}>{heading}</h2>
      <p>{children}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`${intent}-`} />
        <input type="hidden" name="intent" value={intent} />
        <TextField
          label="New closing (UTC)"
          name="closesAt"
          id={`${intent}-closesAt`}
          type="datetime-local"
          defaultValue={result?.values.closesAt ?? ""}
          error={result?.errors.closesAt}
        />
        <TextArea label="Reason" name="reason" id={`${intent}-reason`} rows={2} defaultValue={result?.values.reason ?? ""} error={result?.errors.reason} />
        <div className="actions">
          <button type="submit">{intent === "extend" ? "Extend" : "Shorten"}</button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Manage consultation · IANA Naming Functions Consultations" }];
