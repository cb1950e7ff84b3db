import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { redirectWithStaffFlash, requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { NoMessages, StatusTabs } from "~/features/admin/status-tabs";
import { useEnglishContent, useLocale, useRich, useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { recordAudit } from "~/models/audit.server";
import { isOutboxStatus, OUTBOX_STATUS_LABELS, OUTBOX_STATUSES, type OutboxStatus } from "~/services/outbox-status";
import { requireUser } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { form, handleForm } from "~/services/form-action.server";
import { listOutbox, retryMessage } from "~/services/outbox.server";
import { adminSchemas } from "~/features/accounts/admin-validation";
import { listSuppressedAddresses } from "~/features/email/bounces.server";

const STATUS_BADGES: Record<OutboxStatus, string> = {
  queued: "badge-info",
  sending: "badge-info",
  sent: "badge-ok",
  retrying: "badge-warn",
  dead: "badge-bad",
};
const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "mail.read");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "";
  const status = isOutboxStatus(statusParam) ? statusParam : undefined;
  const page = pageParam(url);
  const [result, stopped] = await Promise.all([listOutbox({ status, page, pageSize: PAGE_SIZE }), listSuppressedAddresses()]);
  return {
    ...result,
    stopped,
    status: status ?? "",
    page,
    pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    title: staffTitle(locale, "admin.nav.mail"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    retry: form(adminSchemas(locale).retryMail, async ({ id }) => {
      // The outbox is infrastructure without a model command of its own: the table is asked here.
      const notAllowed = denied(user, "mail.retry", undefined, locale);
      if (notAllowed) return notAllowed;
      const retried = await retryMessage({ id });
      if (!retried) return redirectWithStaffFlash("/admin/mail", "admin.mail.flash.cannotRetry", undefined, "error");
      await recordAudit(db(), { actorId: user.id, action: "mail.retry", subjectType: "outbox", subjectId: id });
      return redirectWithStaffFlash("/admin/mail", "admin.mail.flash.retried");
    }),
  });
}

export default function OutgoingMail() {
  const { messages, counts, status, page, pageCount, stopped } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const retry = useFormReply("retry");
  const t = useT();
  const rich = useRich();
  const numbers = new Intl.NumberFormat(useLocale());
  // Subjects are in their recipient's language (bdi: of their own direction); errors and
  // diagnostics are what mail servers say, in English.
  const english = useEnglishContent();
  return (
    <>
      <h1>{t("admin.nav.mail")}</h1>
      <ErrorSummary reply={retry} idPrefix="retry-" />
      <StatusTabs base="/admin/mail" statuses={OUTBOX_STATUSES} labels={OUTBOX_STATUS_LABELS} counts={counts} current={status} />
      {messages.length === 0 ? (
        <NoMessages status={status} />
      ) : (
        <DataTable
          label={t("admin.nav.mail")}
          columns={[
            t("admin.mail.col.queued"),
            t("admin.mail.col.to"),
            t("admin.mail.col.subject"),
            t("admin.mail.col.status"),
            { label: t("admin.mail.col.attempts"), numeric: true },
            t("admin.mail.col.lastError"),
            { label: t("admin.table.action"), hidden: true },
          ]}
        >
          {messages.map((m) => (
            <tr key={m.id}>
              <td>
                <UtcTime value={m.createdAt} />
              </td>
              <td>
                <bdi>{m.toAddress}</bdi>
              </td>
              <td>
                <bdi>{m.subject}</bdi>
              </td>
              <td>
                <span className={`badge ${isOutboxStatus(m.status) ? STATUS_BADGES[m.status] : "badge-muted"}`}>
                  {isOutboxStatus(m.status) ? t(OUTBOX_STATUS_LABELS[m.status]) : m.status}
                </span>
                {m.sentAt ? (
                  <div className="small muted">
                    <UtcTime value={m.sentAt} />
                  </div>
                ) : null}
              </td>
              <td className="num">{numbers.format(m.attempts)}</td>
              <td className="small">
                {m.lastError ? <span {...english}>{m.lastError}</span> : "—"}
                {m.status === "retrying" ? <div className="muted">{rich("admin.mail.nextTry", { time: <UtcTime value={m.nextAttemptAt} /> })}</div> : null}
              </td>
              <td>
                {m.status === "dead" || m.status === "retrying" ? (
                  <RowAction intent="retry" name="id" value={m.id}>
                    {t("admin.mail.retry")}
                  </RowAction>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} search={search} />
      <h2 id="bounced">{t("admin.mail.bounced.heading")}</h2>
      {stopped.length === 0 ? (
        <p>{t("admin.mail.bounced.none")}</p>
      ) : (
        <>
          <p>{t("admin.mail.bounced.intro")}</p>
          <DataTable
            label={t("admin.mail.bounced.heading")}
            columns={[
              t("admin.mail.bounced.col.address"),
              { label: t("admin.mail.bounced.col.hardBounces"), numeric: true },
              t("admin.mail.bounced.col.lastRefusal"),
              t("admin.mail.bounced.col.stopped"),
            ]}
          >
            {stopped.map((b) => (
              <tr key={b.email}>
                <td>
                  <bdi>{b.email}</bdi>
                </td>
                <td className="num">{numbers.format(b.hardBounces)}</td>
                <td className="small" {...english}>
                  {b.lastStatus}
                  {b.lastDiagnostic ? `: ${b.lastDiagnostic}` : ""}
                </td>
                <td>{b.suppressedAt ? <UtcTime value={b.suppressedAt} /> : "—"}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Outgoing mail · Staff" }];
