import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { recordAudit } from "~/models/audit.server";
import { denied } from "~/models/refusal.server";
import { isOutboxStatus, OUTBOX_STATUSES, type OutboxStatus } from "~/services/outbox-status";
import { requirePermission, requireUser } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { listOutbox, retryMessage } from "~/services/outbox.server";
import { retryMailSchema } from "~/features/accounts/admin-validation";
import { listSuppressedAddresses } from "~/features/email/bounces.server";

const STATUS_LABELS: Record<OutboxStatus, string> = { queued: "Queued", sending: "Sending", sent: "Sent", retrying: "Retrying", dead: "Failed" };
const STATUS_BADGES: Record<OutboxStatus, string> = {
  queued: "badge-info",
  sending: "badge-info",
  sent: "badge-ok",
  retrying: "badge-warn",
  dead: "badge-bad",
};
const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "mail.read");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "";
  const status = isOutboxStatus(statusParam) ? statusParam : undefined;
  const page = pageParam(url);
  const [result, stopped] = await Promise.all([listOutbox({ status, page, pageSize: PAGE_SIZE }), listSuppressedAddresses()]);
  return { ...result, stopped, status: status ?? "", page, pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, {
    retry: form(retryMailSchema, async ({ id }) => {
      // The outbox is infrastructure without a model command of its own: the table is asked here.
      const notAllowed = denied(user, "mail.retry");
      if (notAllowed) return notAllowed;
      const retried = await retryMessage({ id });
      if (!retried) return redirectWithFlash("/admin/mail", { kind: "error", message: "That message cannot be retried (already sent or missing)." });
      await recordAudit(db(), { actorId: user.id, action: "mail.retry", subjectType: "outbox", subjectId: id });
      return redirectWithFlash("/admin/mail", "The message is queued again.");
    }),
  });
}

export default function OutgoingMail() {
  const { messages, counts, status, page, pageCount, stopped } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const retry = useFormReply("retry");
  return (
    <>
      <h1>Outgoing mail</h1>
      <ErrorSummary reply={retry} idPrefix="retry-" />
      <ul className="tabs" aria-label="Filter by status">
        <li>
          <Link to="/admin/mail" aria-current={status === "" ? "page" : undefined}>
            All ({Object.values(counts).reduce((a, b) => a + b, 0)})
          </Link>
        </li>
        {OUTBOX_STATUSES.map((s) => (
          <li key={s}>
            <Link to={`/admin/mail?status=${s}`} aria-current={status === s ? "page" : undefined}>
              {STATUS_LABELS[s]} ({counts[s] ?? 0})
            </Link>
          </li>
        ))}
      </ul>
      {messages.length === 0 ? (
        <p>No messages{status ? " with this status" : ""}.</p>
      ) : (
        <DataTable
          label="Outgoing mail"
          columns={["Queued", "To", "Subject", "Status", { label: "Attempts", numeric: true }, "Last error / next try", { label: "Action", hidden: true }]}
        >
          {messages.map((m) => (
            <tr key={m.id}>
              <td>
                <UtcTime value={m.createdAt} />
              </td>
              <td>{m.toAddress}</td>
              <td>{m.subject}</td>
              <td>
                <span className={`badge ${isOutboxStatus(m.status) ? STATUS_BADGES[m.status] : "badge-muted"}`}>
                  {isOutboxStatus(m.status) ? STATUS_LABELS[m.status] : m.status}
                </span>
                {m.sentAt ? (
                  <div className="small muted">
                    <UtcTime value={m.sentAt} />
                  </div>
                ) : null}
              </td>
              <td className="num">{m.attempts}</td>
              <td className="small">
                {m.lastError ?? "—"}
                {m.status === "retrying" ? (
                  <div className="muted">
                    Next try <UtcTime value={m.nextAttemptAt} />
                  </div>
                ) : null}
              </td>
              <td>
                {m.status === "dead" || m.status === "retrying" ? (
                  <RowAction intent="retry" name="id" value={m.id}>
                    Retry now
                  </RowAction>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} search={search} />
      <h2 id="bounced">Addresses that bounce</h2>
      {stopped.length === 0 ? (
        <p>No address is stopped by bounces.</p>
      ) : (
        <>
          <p>
            These addresses get no notifications: their servers refused our mail (three times, or once saying the mailbox does not exist). Their owners can
            resume them in their notification settings.
          </p>
          <DataTable label="Addresses that bounce" columns={["Address", { label: "Hard bounces", numeric: true }, "Last refusal", "Stopped"]}>
            {stopped.map((b) => (
              <tr key={b.email}>
                <td>{b.email}</td>
                <td className="num">{b.hardBounces}</td>
                <td className="small">
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

export const meta: MetaFunction = () => [{ title: "Outgoing mail · Staff" }];
