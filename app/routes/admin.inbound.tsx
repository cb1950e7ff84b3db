import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { redirectWithStaffFlash, requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { denied } from "~/models/refusal.server";
import { NoMessages, StatusTabs } from "~/features/admin/status-tabs";
import { useEnglishContent, useRich, useT } from "~/i18n/t";
import { requestLocale } from "~/i18n/request-locale.server";
import { requireUser } from "~/services/auth.server";
import { form, handleForm } from "~/services/form-action.server";
import { listInboundLog } from "~/features/email/inbound-log.server";
import { reprocessInboundMessage } from "~/features/email/inbound.server";
import { INBOUND_STATUS_LABELS, INBOUND_STATUSES, isInboundStatus } from "~/features/email/inbound-status";
import { adminSchemas } from "~/features/accounts/admin-validation";

const PAGE_SIZE = 50;
const BADGES: Record<string, string> = { posted: "badge-ok", refused: "badge-warn", failed: "badge-bad", duplicate: "badge-muted", ignored: "badge-muted" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "mail.read");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "";
  const status = isInboundStatus(statusParam) ? statusParam : undefined;
  const page = pageParam(url);
  const result = await listInboundLog({ status, page, pageSize: PAGE_SIZE });
  return {
    ...result,
    status: status ?? "",
    page,
    pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    title: staffTitle(locale, "admin.nav.inbound"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const [user, locale] = await Promise.all([requireUser(request), requestLocale(request)]);
  return handleForm(request, {
    reprocess: form(adminSchemas(locale).reprocessInbound, async ({ id }) => {
      const notAllowed = denied(user, "mail.retry", undefined, locale);
      if (notAllowed) return notAllowed;
      const queued = await reprocessInboundMessage({ id, actorId: user.id });
      if (!queued) return redirectWithStaffFlash("/admin/inbound", "admin.inbound.flash.cannotReprocess", undefined, "error");
      return redirectWithStaffFlash("/admin/inbound", "admin.inbound.flash.reprocessed");
    }),
  });
}

export default function InboundMail() {
  const { items, counts, status, page, pageCount } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const reprocess = useFormReply("reprocess");
  const t = useT();
  const rich = useRich();
  // What processing wrote (outcome, authenticity) is stored English; a mail's subject is in its
  // sender's language, isolated in <bdi>.
  const english = useEnglishContent();
  return (
    <>
      <h1>{t("admin.nav.inbound")}</h1>
      <p>{t("admin.inbound.intro")}</p>
      <ErrorSummary reply={reprocess} idPrefix="reprocess-" />
      <StatusTabs base="/admin/inbound" statuses={INBOUND_STATUSES} labels={INBOUND_STATUS_LABELS} counts={counts} current={status} />
      {items.length === 0 ? (
        <NoMessages status={status} />
      ) : (
        <DataTable
          label={t("admin.nav.inbound")}
          columns={[
            t("admin.inbound.col.received"),
            t("admin.inbound.col.from"),
            t("admin.inbound.col.to"),
            t("admin.inbound.col.subject"),
            t("admin.inbound.col.status"),
            t("admin.inbound.col.outcome"),
            t("admin.inbound.col.authenticity"),
            { label: t("admin.table.action"), hidden: true },
          ]}
        >
          {items.map((m) => (
            <tr key={m.id}>
              <td>
                <UtcTime value={m.receivedAt} />
                <div className="small muted">
                  {t(m.via === "smtp" ? "admin.inbound.bySmtp" : "admin.inbound.byWebhook", { size: Math.ceil(m.size / 1024) })}
                </div>
              </td>
              <td>
                {m.fromAddress ? <bdi>{m.fromAddress}</bdi> : "—"}
                {m.mailFrom !== (m.fromAddress ?? "") ? (
                  <div className="small muted">
                    {m.mailFrom
                      ? rich("admin.inbound.returnPath", { address: m.mailFrom, bdi: (chunks) => <bdi>{chunks}</bdi> })
                      : t("admin.inbound.returnPathEmpty")}
                  </div>
                ) : null}
              </td>
              <td className="small">
                <bdi>{m.rcptTo}</bdi>
              </td>
              <td>{m.subject ? <bdi>{m.subject}</bdi> : "—"}</td>
              <td>
                <span className={`badge ${BADGES[m.status] ?? "badge-info"}`}>{isInboundStatus(m.status) ? t(INBOUND_STATUS_LABELS[m.status]) : m.status}</span>
                {m.attempts > 0 ? <div className="small muted">{t("admin.inbound.failedTries", { count: m.attempts })}</div> : null}
              </td>
              <td className="small">
                {m.outcome ? <span {...english}>{m.outcome}</span> : "—"}
                {m.comment ? (
                  <div>
                    <Link to={m.comment.href}>{t("admin.inbound.comment", { ref: m.comment.ref })}</Link>
                  </div>
                ) : null}
              </td>
              <td className="small">{m.auth ? <span {...english}>{m.auth}</span> : "—"}</td>
              <td>
                {m.status !== "processing" && m.status !== "received" ? (
                  <RowAction intent="reprocess" name="id" value={m.id}>
                    {t("admin.inbound.reprocess")}
                  </RowAction>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Inbound mail · Staff" }];
