import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { UtcTime } from "~/components/time";
import { listCspViolations } from "~/features/security/csp-report.server";
import { requirePermission } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "csp.read");
  return { violations: await listCspViolations() };
}

export default function SecurityReports() {
  const { violations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Security reports</h1>
      <p>
        Browsers report here what the pages' Content-Security-Policy blocked: a script, style or frame the site did not send itself. A few reports usually come
        from browser extensions; a new kind on many pages may be an injection attempt or a broken release. Anyone can send a report, so treat them as hints.
        Kinds unseen for 30 days are dropped.
      </p>
      {violations.length === 0 ? (
        <p>No violations have been reported.</p>
      ) : (
        <DataTable label="Reported violations" columns={["Last seen", { label: "Times", numeric: true }, "Directive", "Blocked", "Page", "Where"]}>
          {violations.map((v) => (
            <tr key={v.id}>
              <td>
                <UtcTime value={v.lastSeenAt} />
                <div className="small muted">
                  first <UtcTime value={v.firstSeenAt} />
                </div>
              </td>
              <td className="num">{v.count.toLocaleString("en")}</td>
              <td>
                <code>{v.directive}</code>
                {v.disposition === "report" ? <div className="small muted">report only</div> : null}
              </td>
              <td className="break">
                <code>{v.blockedUri || "—"}</code>
                {v.sample ? <div className="small muted">“{v.sample}”</div> : null}
              </td>
              <td className="break">
                <code>{v.documentUri || "—"}</code>
              </td>
              <td className="break small">
                {v.sourceFile ? `${v.sourceFile}${v.lineNumber ? `:${v.lineNumber}` : ""}` : "—"}
                {v.userAgent ? <div className="muted">{v.userAgent}</div> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Security reports · Staff" }];
