import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Pagination, pageParam } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { listUsers } from "~/features/accounts/user.server";
import { ROLE_LABELS, ROLES, isRole } from "~/models/roles";
import { requirePermission } from "~/services/auth.server";
import { NOUNS, plural } from "~/models/plural";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "users.read");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const roleParam = url.searchParams.get("role") ?? "";
  const role = isRole(roleParam) ? roleParam : undefined;
  const page = pageParam(url);
  return { ...(await listUsers({ q, role, page })), q: q ?? "", role: role ?? "", page };
}

export default function AdminUsers() {
  const { users, total, pageCount, page, q, role } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <h1>Users and roles</h1>
      <Form method="get" className="actions" role="search">
        <label htmlFor="q" className="visually-hidden">
          Search users
        </label>
        <input id="q" name="q" type="search" placeholder="Name or email" defaultValue={q} />
        <label htmlFor="role" className="visually-hidden">
          Role
        </label>
        <select id="role" name="role" defaultValue={role}>
          <option value="">Any role</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Search
        </button>
      </Form>
      <p className="muted">{plural(total, NOUNS.user)}</p>
      <DataTable label="Users" columns={["Name", "Email", "Roles", "Represents"]}>
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              <Link to={`/admin/users/${u.id}`}>{u.displayName ?? "(no name yet)"}</Link>
            </td>
            <td>{u.email}</td>
            <td>{u.roles.map((r) => (isRole(r.role) ? ROLE_LABELS[r.role] : r.role)).join(", ") || "—"}</td>
            <td>{u.memberships.map((m) => m.organisation.name).join(", ") || "—"}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pageCount={pageCount} search={search} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Users and roles · Staff" }];
