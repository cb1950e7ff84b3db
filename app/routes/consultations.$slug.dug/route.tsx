import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { TextField } from "~/components/field";
import { findConsultationRef } from "~/features/consultations/consultation.server";
import { certifyReview, openReview, postAdvice, recordPosition } from "~/features/dug/review.server";
import { getDugPage } from "~/features/dug/dug-page.server";
import { POSITIONS } from "~/features/dug/rule";
import { redirectWithDugFlash } from "~/features/dug/flash.server";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useEnglishText, useRich, useT } from "~/i18n/t";
import { isStaff } from "~/models/roles";
import { requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { dugSchemas } from "~/features/dug/validation";
import { RoundSection } from "./round";
import { HistoryList } from "~/components/history-list";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const page = await getDugPage({ slug: params.slug!, viewer: { id: user?.id, isStaff: isStaff(user) }, locale });
  if (!page) notFound(translate(locale, "dug.page.notFound"));
  // The form's suggested deadline: noon UTC two weeks from now (decided here, so the server's and
  // the browser's render agree).
  const defaultDeadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 11) + "12:00";
  const title = translate(locale, "dug.page.title", { title: page.consultation.title });
  return { ...page, viewerId: user?.id ?? null, defaultDeadline, title };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  const consultation = await findConsultationRef({ slug: params.slug!, viewer: { id: user.id, isStaff: isStaff(user) } });
  if (!consultation) notFound(translate(locale, "dug.page.notFound"));
  const here = `/consultations/${consultation.slug}/dug`;
  const schemas = dugSchemas(locale);
  const ids = { consultationId: consultation.id, locale };

  return handleForm(request, {
    "open-review": form(schemas.openReview, async (input) => {
      const result = await openReview({ actor: user, deadline: input.deadline, ...ids });
      if (!result.ok) return result;
      const to = `${here}#round-${result.round}`;
      return result.superseded
        ? redirectWithDugFlash(to, "dug.flash.openedSuperseding", { round: result.round, superseded: result.superseded })
        : redirectWithDugFlash(to, "dug.flash.opened", { round: result.round });
    }),
    position: form(schemas.position, async ({ reviewId, ...input }) => {
      const result = await recordPosition({ actor: user, reviewId, input, ...ids });
      if (!result.ok) return result;
      return redirectWithDugFlash(`${here}#review-${reviewId}`, result.changed ? "dug.flash.positionRecorded" : "dug.flash.positionUnchanged");
    }),
    advice: form(schemas.advice, async (input) => {
      const result = await postAdvice({ actor: user, reviewId: input.reviewId, bodyMd: input.bodyMd, ...ids });
      return result.ok ? redirectWithDugFlash(`${here}#review-${input.reviewId}`, "dug.flash.advicePosted") : result;
    }),
    certify: form(schemas.certify, async (input) => {
      const result = await certifyReview({ actor: user, reviewId: input.reviewId, outcome: input.outcome, ...ids });
      if (!result.ok) return result;
      return redirectWithDugFlash(
        `${here}#review-${input.reviewId}`,
        input.outcome === "agreed" ? "dug.flash.certifiedAgreed" : "dug.flash.certifiedNotAgreed",
      );
    }),
  });
}

export type Page = ReturnType<typeof useLoaderData<typeof loader>>;
export type Round = Page["rounds"][number];

export default function DugReviewPage() {
  const d = useLoaderData<typeof loader>();
  const c = d.consultation;
  const base = `/consultations/${c.slug}`;
  const openResult = useFormReply("open-review");
  const t = useT();
  const rich = useRich();
  const english = useEnglishText();
  return (
    <div className="page dug-page">
      <p className="eyebrow">{rich("dug.page.eyebrow", { number: c.number, link: (chunks) => <Link to={base}>{chunks}</Link> })}</p>
      <h1>{rich("dug.page.heading", { title: english(c.title) })}</h1>
      <p className="lead">{t("dug.page.lead")}</p>

      {d.viewer.canOpen ? null : <ErrorSummary reply={openResult} idPrefix="open-refused-" />}

      {!c.dugRequired ? (
        <div className="notice" role="note">
          {t("dug.page.notRequired")}
        </div>
      ) : null}

      {d.viewer.canOpen ? (
        <section className="staff-panel" aria-labelledby="open-review-heading">
          <h2 id="open-review-heading">{t("dug.open.heading", { version: d.currentVersion })}</h2>
          {d.rounds[0] && !d.rounds[0].outcome ? <p>{t("dug.open.stillOpen", { round: d.rounds[0].round, version: d.rounds[0].planVersion })}</p> : null}
          <p>{t("dug.open.mailed")}</p>
          <Form method="post" className="form" noValidate>
            <ErrorSummary reply={openResult} />
            <input type="hidden" name="intent" value="open-review" />
            <TextField
              label={t("dug.open.deadline")}
              name="deadline"
              type="datetime-local"
              defaultValue={openResult?.values.deadline ?? d.defaultDeadline}
              error={openResult?.errors.deadline}
              hint={t("dug.open.deadlineHint")}
            />
            <div className="actions">
              <button type="submit">{t("dug.open.submit", { round: (d.rounds[0]?.round ?? 0) + 1 })}</button>
            </div>
          </Form>
        </section>
      ) : d.viewer.openRefusal && c.dugRequired ? (
        <p className="muted">{d.viewer.openRefusal}</p>
      ) : null}

      <section className="dug-rule" aria-labelledby="rule-heading">
        <h2 id="rule-heading">{t("dug.rule.heading")}</h2>
        <ul>
          {d.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <p className="muted small">
          {t("dug.rule.positions")}{" "}
          {POSITIONS.map((p) => t("dug.rule.positionItem", { label: t(`dug.position.${p}`), hint: t(`dug.positionHint.${p}`) })).join(" ")}{" "}
          {rich("dug.rule.seeRoster", { link: (chunks) => <Link to="/dug">{chunks}</Link> })}
        </p>
      </section>

      {d.rounds.length === 0 ? <p>{c.dugRequired ? t("dug.page.noReview") : null}</p> : null}
      {d.rounds.map((r) => (
        <RoundSection key={r.id} round={r} page={d} />
      ))}

      <HistoryList entries={d.history} heading={t("dug.history.heading")} headingId="dug-history-heading" className="dug-history" />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "DUG agreement · IANA Naming Functions Consultations" }];
