import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Pagination, pageParam } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { listUsers } from "~/features/accounts/user.server";
import { useEnglishContent, useT } from "~/i18n/t";
import { ROLES, isRole } from "~/models/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "users.read");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const roleParam = url.searchParams.get("role") ?? "";
  const role = isRole(roleParam) ? roleParam : undefined;
  const page = pageParam(url);
  return { ...(await listUsers({ q, role, page })), q: q ?? "", role: role ?? "", page, title: staffTitle(locale, "admin.nav.users") };
}

export default function AdminUsers() {
  const { users, total, pageCount, page, q, role } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const t = useT();
  const english = useEnglishContent();
  return (
    <>
      <h1>{t("admin.nav.users")}</h1>
      <Form method="get" className="actions" role="search">
        <label htmlFor="q" className="visually-hidden">
          {t("admin.users.search")}
        </label>
        <input id="q" name="q" type="search" placeholder={t("admin.users.searchPlaceholder")} defaultValue={q} />
        <label htmlFor="role" className="visually-hidden">
          {t("admin.users.role")}
        </label>
        <select id="role" name="role" defaultValue={role}>
          <option value="">{t("admin.users.anyRole")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("admin.users.searchButton")}
        </button>
      </Form>
      <p className="muted">{t("admin.users.count", { count: total })}</p>
      <DataTable
        label={t("admin.users.tableLabel")}
        columns={[t("admin.users.col.name"), t("admin.users.col.email"), t("admin.users.col.roles"), t("admin.users.col.represents")]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              <Link to={`/admin/users/${u.id}`} {...(u.displayName ? english : {})}>
                {u.displayName ?? t("admin.users.noName")}
              </Link>
            </td>
            <td>
              <bdi>{u.email}</bdi>
            </td>
            <td>{u.roles.map((r) => (isRole(r.role) ? t(`admin.role.${r.role}`) : r.role)).join(", ") || "—"}</td>
            <td {...english}>{u.memberships.map((m) => m.organisation.name).join(", ") || "—"}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Users and roles · Staff" }];
