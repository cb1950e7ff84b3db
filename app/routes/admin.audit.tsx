import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { listAuditEvents } from "~/models/audit.server";
import { requirePermission } from "~/services/auth.server";
import { plural } from "~/models/plural";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit.read");
  const url = new URL(request.url);
  const page = pageParam(url);
  return { ...(await listAuditEvents({ page })), page };
}

export default function AuditLog() {
  const { events, page, pageCount, total } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">{plural(total, { one: "# event", other: "# events" })}, newest first. Every state change is recorded here.</p>
      <DataTable label="Audit log" columns={["When", "Who", "Action", "Subject", "Details"]}>
        {events.map((e) => (
          <tr key={e.id}>
            <td>
              <UtcTime value={e.createdAt} />
            </td>
            <td>{e.actor ? (e.actor.displayName ?? e.actor.email) : "system"}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.subjectType} <code className="small">{e.subjectId}</code>
            </td>
            <td className="small">
              <code>{JSON.stringify(e.data)}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log · Staff" }];
