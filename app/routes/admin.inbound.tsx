import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { RowAction } from "~/components/row-action";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { denied } from "~/models/refusal.server";
import { requirePermission, requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { listInboundLog } from "~/features/email/inbound-log.server";
import { reprocessInboundMessage } from "~/features/email/inbound.server";
import { INBOUND_STATUS_LABELS, INBOUND_STATUSES, isInboundStatus } from "~/features/email/inbound-status";
import { reprocessInboundSchema } from "~/features/email/validation";

const PAGE_SIZE = 50;
const BADGES: Record<string, string> = { posted: "badge-ok", refused: "badge-warn", failed: "badge-bad", duplicate: "badge-muted", ignored: "badge-muted" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "mail.read");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "";
  const status = isInboundStatus(statusParam) ? statusParam : undefined;
  const page = pageParam(url);
  const result = await listInboundLog({ status, page, pageSize: PAGE_SIZE });
  return { ...result, status: status ?? "", page, pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleForm(request, {
    reprocess: form(reprocessInboundSchema, async ({ id }) => {
      const notAllowed = denied(user, "mail.retry");
      if (notAllowed) return notAllowed;
      const queued = await reprocessInboundMessage({ id, actorId: user.id });
      if (!queued)
        return redirectWithFlash("/admin/inbound", { kind: "error", message: "That message cannot be processed again now (missing, or being processed)." });
      return redirectWithFlash("/admin/inbound", "The message will be processed again in a moment.");
    }),
  });
}

export default function InboundMail() {
  const { items, counts, status, page, pageCount } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const reprocess = useFormReply("reprocess");
  return (
    <>
      <h1>Inbound mail</h1>
      <p>
        Every mail received by the SMTP receiver or the mail provider&rsquo;s webhook, as stored before processing, and what processing decided. A message can
        be processed again from its stored copy.
      </p>
      <ErrorSummary reply={reprocess} idPrefix="reprocess-" />
      <ul className="tabs" aria-label="Filter by status">
        <li>
          <Link to="/admin/inbound" aria-current={status === "" ? "page" : undefined}>
            All ({Object.values(counts).reduce((a, b) => a + b, 0)})
          </Link>
        </li>
        {INBOUND_STATUSES.map((s) => (
          <li key={s}>
            <Link to={`/admin/inbound?status=${s}`} aria-current={status === s ? "page" : undefined}>
              {INBOUND_STATUS_LABELS[s]} ({counts[s] ?? 0})
            </Link>
          </li>
        ))}
      </ul>
      {items.length === 0 ? (
        <p>No messages{status ? " with this status" : ""}.</p>
      ) : (
        <DataTable label="Inbound mail" columns={["Received", "From", "To", "Subject", "Status", "Outcome", "Authenticity", { label: "Action", hidden: true }]}>
          {items.map((m) => (
            <tr key={m.id}>
              <td>
                <UtcTime value={m.receivedAt} />
                <div className="small muted">
                  by {m.via === "smtp" ? "SMTP" : "webhook"}, {Math.ceil(m.size / 1024)} KiB
                </div>
              </td>
              <td>
                {m.fromAddress ?? "—"}
                {m.mailFrom !== (m.fromAddress ?? "") ? <div className="small muted">return path: {m.mailFrom || "empty"}</div> : null}
              </td>
              <td className="small">{m.rcptTo}</td>
              <td>{m.subject ?? "—"}</td>
              <td>
                <span className={`badge ${BADGES[m.status] ?? "badge-info"}`}>{isInboundStatus(m.status) ? INBOUND_STATUS_LABELS[m.status] : m.status}</span>
                {m.attempts > 0 ? <div className="small muted">{m.attempts} failed tries</div> : null}
              </td>
              <td className="small">
                {m.outcome ?? "—"}
                {m.comment ? (
                  <div>
                    <Link to={m.comment.href}>Comment {m.comment.ref}</Link>
                  </div>
                ) : null}
              </td>
              <td className="small">{m.auth ?? "—"}</td>
              <td>
                {m.status !== "processing" && m.status !== "received" ? (
                  <RowAction intent="reprocess" name="id" value={m.id}>
                    Process again
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

export const meta: MetaFunction = () => [{ title: "Inbound mail · Staff" }];
