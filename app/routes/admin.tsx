import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can } from "~/models/permissions";
import { requirePermission } from "~/services/auth.server";

// Staff area. Each child route checks its own permission too: this layout only draws the tabs.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.enter");
  return { isAdmin: can(user, "users.read") };
}

/** The tabs, in order; administrators see them all, other staff those not marked adminOnly. */
const STAFF_SECTIONS = [
  { to: "/admin/users", label: "Users and roles", adminOnly: true },
  { to: "/admin/organisations", label: "Organisations", adminOnly: true },
  { to: "/admin/dug", label: "DUG roster", adminOnly: true },
  { to: "/consultations/new", label: "New plan", adminOnly: false },
  { to: "/admin/moderation", label: "Flagged comments", adminOnly: false },
  { to: "/admin/mail", label: "Outgoing mail", adminOnly: false },
  { to: "/admin/inbound", label: "Inbound mail", adminOnly: false },
  { to: "/admin/security", label: "Security reports", adminOnly: false },
  { to: "/admin/audit", label: "Audit log", adminOnly: true },
  { to: "/admin/settings", label: "Settings", adminOnly: true },
];

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Staff</p>
      <nav aria-label="Staff sections">
        <ul className="tabs">
          {STAFF_SECTIONS.filter((section) => isAdmin || !section.adminOnly).map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
