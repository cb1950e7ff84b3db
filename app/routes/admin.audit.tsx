import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Pagination, pageParam } from "~/components/pagination";
import { UtcTime } from "~/components/time";
import { DataTable } from "~/components/data-table";
import { requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { useEnglishContent, useHasMessage, useT } from "~/i18n/t";
import { listAuditEvents } from "~/models/audit.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "audit.read");
  const url = new URL(request.url);
  const page = pageParam(url);
  return { ...(await listAuditEvents({ page })), page, title: staffTitle(locale, "admin.nav.audit") };
}

export default function AuditLog() {
  const { events, page, pageCount, total } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const t = useT();
  const hasMessage = useHasMessage();
  const english = useEnglishContent();
  // Actions and subjects are stored as codes; those the catalogue names are shown by their label
  // (a code recorded by a later release is shown as it is). An action's dots are underscores in
  // its id, so that every action's id is one key under the same stem.
  const label = (id: string) => (hasMessage(id) ? t(id) : null);
  return (
    <>
      <h1>{t("admin.nav.audit")}</h1>
      <p className="muted">{t("admin.audit.summary", { count: total })}</p>
      <DataTable
        label={t("admin.nav.audit")}
        columns={[t("admin.audit.col.when"), t("admin.audit.col.who"), t("admin.audit.col.action"), t("admin.audit.col.subject"), t("admin.audit.col.details")]}
      >
        {events.map((e) => (
          <tr key={e.id}>
            <td>
              <UtcTime value={e.createdAt} />
            </td>
            <td {...(e.actor?.displayName ? english : {})}>{e.actor ? (e.actor.displayName ?? <bdi>{e.actor.email}</bdi>) : t("admin.audit.system")}</td>
            <td>
              {label(`admin.audit.action.${e.action.replaceAll(".", "_")}`)}
              <div className="small">
                <code>{e.action}</code>
              </div>
            </td>
            <td>
              {label(`admin.audit.subject.${e.subjectType}`) ?? <code>{e.subjectType}</code>} <code className="small">{e.subjectId}</code>
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Audit log · Staff" }];
