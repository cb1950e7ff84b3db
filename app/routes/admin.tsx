import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireStaffPage } from "~/features/admin/access.server";
import { useT, type MessageId } from "~/i18n/t";
import { can } from "~/models/permissions";

// Staff area. Each child route checks its own permission too: this layout only draws the tabs.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaffPage(request, "admin.enter");
  return { isAdmin: can(user, "users.read") };
}

/** The tabs, in order; administrators see them all, other staff those not marked adminOnly. */
const STAFF_SECTIONS: { to: string; label: MessageId; adminOnly: boolean }[] = [
  { to: "/admin/users", label: "admin.nav.users", adminOnly: true },
  { to: "/admin/organisations", label: "admin.nav.organisations", adminOnly: true },
  { to: "/admin/dug", label: "admin.nav.dug", adminOnly: true },
  { to: "/consultations/new", label: "admin.nav.newPlan", adminOnly: false },
  { to: "/admin/moderation", label: "admin.nav.moderation", adminOnly: false },
  { to: "/admin/mail", label: "admin.nav.mail", adminOnly: false },
  { to: "/admin/inbound", label: "admin.nav.inbound", adminOnly: false },
  { to: "/admin/security", label: "admin.nav.security", adminOnly: false },
  { to: "/admin/audit", label: "admin.nav.audit", adminOnly: true },
  { to: "/admin/settings", label: "admin.nav.settings", adminOnly: true },
];

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <p className="eyebrow">{t("admin.nav.eyebrow")}</p>
      <nav aria-label={t("admin.nav.label")}>
        <ul className="tabs">
          {STAFF_SECTIONS.filter((section) => isAdmin || !section.adminOnly).map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{t(section.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
