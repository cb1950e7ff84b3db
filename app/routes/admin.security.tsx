import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { UtcTime } from "~/components/time";
import { requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { listCspViolations } from "~/features/security/csp-report.server";
import { useLocale, useRich, useT } from "~/i18n/t";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "csp.read");
  return { violations: await listCspViolations(), title: staffTitle(locale, "admin.nav.security") };
}

export default function SecurityReports() {
  const { violations } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  const numbers = new Intl.NumberFormat(useLocale());
  return (
    <>
      <h1>{t("admin.nav.security")}</h1>
      <p>{t("admin.security.intro")}</p>
      {violations.length === 0 ? (
        <p>{t("admin.security.none")}</p>
      ) : (
        <DataTable
          label={t("admin.security.tableLabel")}
          columns={[
            t("admin.security.col.lastSeen"),
            { label: t("admin.security.col.times"), numeric: true },
            t("admin.security.col.directive"),
            t("admin.security.col.blocked"),
            t("admin.security.col.page"),
            t("admin.security.col.where"),
          ]}
        >
          {violations.map((v) => (
            <tr key={v.id}>
              <td>
                <UtcTime value={v.lastSeenAt} />
                <div className="small muted">{rich("admin.security.firstSeen", { time: <UtcTime value={v.firstSeenAt} /> })}</div>
              </td>
              <td className="num">{numbers.format(v.count)}</td>
              <td>
                <code>{v.directive}</code>
                {v.disposition === "report" ? <div className="small muted">{t("admin.security.reportOnly")}</div> : null}
              </td>
              <td className="break">
                <code>{v.blockedUri || "—"}</code>
                {v.sample ? (
                  <div className="small muted">
                    <code>{v.sample}</code>
                  </div>
                ) : null}
              </td>
              <td className="break">
                <code>{v.documentUri || "—"}</code>
              </td>
              <td className="break small">
                {v.sourceFile ? <code>{`${v.sourceFile}${v.lineNumber ? `:${v.lineNumber}` : ""}`}</code> : "—"}
                {v.userAgent ? (
                  <div className="muted">
                    <bdi>{v.userAgent}</bdi>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Security reports · Staff" }];
