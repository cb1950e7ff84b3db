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
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { renderMarkdown } from "~/services/markdown.server";
import { consultationSchemas } from "~/features/consultations/validation";
import { staffFlash } from "~/features/consultations/staff-links.server";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import type { FormReply } from "~/validation/form";
import { isStaff } from "~/models/roles";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [, locale] = await Promise.all([requirePermission(request, "consultation.manage"), requestLocale(request)]);
  const consultation = await getConsultationForStaff(params.slug!);
  if (!consultation) notFound(translate(locale, "consultations.manage.refusal.noSuchConsultation"));
  // The publishing form's default opening time, decided here: a render reads nothing but its data.
  return { consultation, nowInput: toLocalInput(new Date()), title: translate(locale, "consultations.manage.pageTitle") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  // Drafts are found for staff only, as everywhere; each command below checks who may run it.
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: isStaff(user) } });
  if (!consultation) notFound(translate(locale, "consultations.manage.refusal.noSuchConsultation"));
  const id = consultation.id;
  const publicPage = (messageId: MessageId, values?: Record<string, string | number>) => staffFlash(`/consultations/${consultation.slug}`, messageId, values);
  const schemas = consultationSchemas(locale);
  const preview = form(schemas.planPreview, (input) => ({ preview: renderMarkdown(input.bodyMd).html }));
  const command = { actor: user, consultationId: id, locale };

  return handleForm(request, {
    "preview-draft": preview,
    "preview-revision": preview,
    "save-draft": form(schemas.draft, async (input) => {
      const result = await updateDraft({ ...command, input });
      return result.ok ? staffFlash(`/consultations/${result.slug}/manage`, "consultations.manage.flash.draftSaved") : result;
    }),
    publish: form(schemas.publish, async (input) => {
      const result = await publishConsultation({ ...command, ...input });
      return result.ok ? publicPage("consultations.manage.flash.published") : result;
    }),
    revise: form(schemas.revise, async (input) => {
      const result = await reviseConsultation({ ...command, ...input });
      return result.ok ? publicPage("consultations.manage.flash.revised", { version: result.version }) : result;
    }),
    extend: form(schemas.closingChange, async (input) => {
      const result = await extendClosing({ ...command, ...input });
      return result.ok ? publicPage("consultations.manage.flash.extended") : result;
    }),
    shorten: form(schemas.closingChange, async (input) => {
      const result = await shortenClosing({ ...command, ...input });
      return result.ok ? publicPage("consultations.manage.flash.shortened") : result;
    }),
    withdraw: form(schemas.withdraw, async (input) => {
      const result = await withdrawConsultation({ ...command, reason: input.reason });
      return result.ok ? publicPage("consultations.manage.flash.withdrawn") : result;
    }),
  });
}

const toLocalInput = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16) : "");

export default function ManageConsultation() {
  const { consultation: c, nowInput } = useLoaderData<typeof loader>();
  const revise = useFormReply(["revise", "preview-revision"]);
  const publish = useFormReply("publish");
  const withdraw = useFormReply("withdraw");
  const t = useT();
  const rich = useRich();
  const english = useEnglishContent();
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
      <p className="eyebrow">{rich("consultations.manage.eyebrow", { number: c.number, status: <StatusBadge status={c.status} /> })}</p>
      <h1 {...english}>{c.title}</h1>
      <p>
        <Link to={`/consultations/${c.slug}`}>{t(c.status === "draft" ? "consultations.manage.seeDraft" : "consultations.manage.openPublic")}</Link>
      </p>

      {c.status === "draft" ? (
        <>
          <section className="staff-panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{t("consultations.manage.publishHeading")}</h2>
            <p>{rich("consultations.manage.publishLead", { days: c.minCommentDays, strong: (chunks) => <strong>{chunks}</strong> })}</p>
            <Form method="post" className="form" noValidate>
              <ErrorSummary reply={publish} />
              <input type="hidden" name="intent" value="publish" />
              <div className="field-row">
                <TextField
                  label={t("consultations.manage.opens")}
                  name="opensAt"
                  type="datetime-local"
                  defaultValue={publish?.values.opensAt ?? nowInput}
                  error={publish?.errors.opensAt}
                />
                <TextField
                  label={t("consultations.manage.closes")}
                  name="closesAt"
                  type="datetime-local"
                  defaultValue={publish?.values.closesAt ?? ""}
                  error={publish?.errors.closesAt}
                />
              </div>
              <div className="actions">
                <button type="submit">{t("consultations.manage.publish")}</button>
              </div>
            </Form>
          </section>
          <h2>{t("consultations.manage.editDraft")}</h2>
          <DraftForm intents={{ save: "save-draft", preview: "preview-draft" }} initial={draftValues} />
        </>
      ) : null}

      {inPeriod ? (
        <>
          <section className="staff-panel" aria-labelledby="revise-heading">
            <h2 id="revise-heading">{t("consultations.manage.reviseHeading", { number: c.plan.number + 1 })}</h2>
            <p>{t("consultations.manage.reviseLead")}</p>
            <Form method="post" className="form wide" noValidate>
              <ErrorSummary reply={revise} />
              <MarkdownEditor
                label={t("consultations.draft.plan")}
                name="bodyMd"
                kind="plan"
                rows={20}
                defaultValue={revise?.values.bodyMd ?? c.plan.bodyMd}
                error={revise?.errors.bodyMd}
                serverPreview={revise?.preview}
              />
              <TextArea
                label={t("consultations.draft.timeline")}
                name="timeline"
                rows={5}
                defaultValue={revise?.values.timeline ?? timelineText(c.plan.timeline)}
                error={revise?.errors.timeline}
                hint={t("consultations.manage.timelineHint")}
              />
              <TextArea
                label={t("consultations.manage.changeSummary")}
                name="changeSummary"
                rows={3}
                defaultValue={revise?.values.changeSummary ?? ""}
                error={revise?.errors.changeSummary}
                hint={t("consultations.manage.changeSummaryHint")}
              />
              <div className="actions">
                <button type="submit" name="intent" value="revise">
                  {t("consultations.manage.publishVersion", { number: c.plan.number + 1 })}
                </button>
                <button type="submit" name="intent" value="preview-revision" className="secondary">
                  {t("consultations.draft.preview")}
                </button>
              </div>
            </Form>
          </section>

          <ClosingChangePanel intent="extend" heading={t("consultations.manage.extendHeading")}>
            {rich("consultations.manage.extendLead", { time: <UtcTime value={c.closesAt!} /> })}
          </ClosingChangePanel>

          {c.status !== "closed" ? (
            <ClosingChangePanel intent="shorten" heading={t("consultations.manage.shortenHeading")}>
              {rich(c.status === "upcoming" ? "consultations.manage.shortenLeadUpcoming" : "consultations.manage.shortenLead", {
                time: <UtcTime value={c.closesAt!} />,
                hours: c.minShortenedNoticeHours,
              })}
            </ClosingChangePanel>
          ) : null}

          <section className="staff-panel" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{t("consultations.manage.withdrawHeading")}</h2>
            <p>{t("consultations.manage.withdrawLead")}</p>
            <Form method="post" className="form" noValidate>
              <ErrorSummary reply={withdraw} idPrefix="withdraw-" />
              <input type="hidden" name="intent" value="withdraw" />
              <TextArea
                label={t("consultations.manage.reason")}
                name="reason"
                id="withdraw-reason"
                rows={2}
                defaultValue={withdraw?.values.reason ?? ""}
                error={withdraw?.errors.reason}
              />
              <div className="actions">
                <button type="submit" className="danger">
                  {t("consultations.manage.withdraw")}
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}
      {c.status === "withdrawn" || c.status === "concluded" ? <p>{t("consultations.manage.finished", { status: c.status })}</p> : null}
    </div>
  );
}

/** The form that moves the closing later ("extend") or earlier ("shorten"), with its reason. */
function ClosingChangePanel({ intent, heading, children }: { intent: "extend" | "shorten"; heading: string; children: ReactNode }) {
  const result: FormReply | undefined = useFormReply(intent);
  const t = useT();
  return (
    <section className="staff-panel" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`}>{heading}</h2>
      <p>{children}</p>
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={result} idPrefix={`${intent}-`} />
        <input type="hidden" name="intent" value={intent} />
        <TextField
          label={t("consultations.manage.newClosing")}
          name="closesAt"
          id={`${intent}-closesAt`}
          type="datetime-local"
          defaultValue={result?.values.closesAt ?? ""}
          error={result?.errors.closesAt}
        />
        <TextArea
          label={t("consultations.manage.reason")}
          name="reason"
          id={`${intent}-reason`}
          rows={2}
          defaultValue={result?.values.reason ?? ""}
          error={result?.errors.reason}
        />
        <div className="actions">
          <button type="submit">{t(intent === "extend" ? "consultations.manage.extend" : "consultations.manage.shorten")}</button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Manage consultation · IANA Naming Functions Consultations" }];
