import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can } from "~/models/permissions";
import { requirePermission } from "~/services/auth.server";

// Staff area. Each child route checks its own permission too: this layout only draws the tabs.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.enter");
  return { isAdmin: can(user, "users.read") };
}

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Staff</p>
      <nav aria-label="Staff sections">
        <ul className="tabs">
          {isAdmin ? (
            <>
              <li>
                <NavLink to="/admin/users">Users and roles</NavLink>
              </li>
              <li>
                <NavLink to="/admin/organisations">Organisations</NavLink>
              </li>
              <li>
                <NavLink to="/admin/dug">DUG roster</NavLink>
              </li>
            </>
          ) : null}
          <li>
            <NavLink to="/consultations/new">New plan</NavLink>
          </li>
          <li>
            <NavLink to="/admin/moderation">Flagged comments</NavLink>
          </li>
          <li>
            <NavLink to="/admin/mail">Outgoing mail</NavLink>
          </li>
          <li>
            <NavLink to="/admin/security">Security reports</NavLink>
          </li>
          {isAdmin ? (
            <>
              <li>
                <NavLink to="/admin/audit">Audit log</NavLink>
              </li>
              <li>
                <NavLink to="/admin/settings">Settings</NavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
