import { Form, Link, NavLink } from "@remix-run/react";
import { useRich, useT } from "~/i18n/t";
import { LanguageSwitcher } from "./language-switcher";
import { ServerHtml, type PageHtml } from "./server-html";

/** `displayName` is HTML: the escaped name (see the root loader). */
type HeaderUser = { displayName: PageHtml; isStaff: boolean; isAdmin: boolean; isDug: boolean } | null;

/** Staff see which hat they wear on every page: administrators, and IFM staff who are not. */
function staffBadge(user: NonNullable<HeaderUser>): "shell.badge.admin" | "shell.badge.ifm" | null {
  return user.isAdmin ? "shell.badge.admin" : user.isStaff ? "shell.badge.ifm" : null;
}

export function SiteHeader({ user }: { user: HeaderUser }) {
  const t = useT();
  const rich = useRich();
  const badge = user ? staffBadge(user) : null;
  return (
    <header className="site-header">
      <LanguageSwitcher />
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⁂
          </span>
          <span>{rich("shell.brand", { strong: (chunks) => <strong>{chunks}</strong> })}</span>
        </Link>
        <nav aria-label={t("shell.nav.label")} className="main-nav">
          <ul>
            <li>
              <NavLink to="/consultations">{t("shell.nav.consultations")}</NavLink>
            </li>
            <li>
              <NavLink to="/dug">{t("shell.nav.dug")}</NavLink>
            </li>
            {user?.isDug ? (
              <li>
                <NavLink to="/dug/reviews">{t("shell.nav.dugReviews")}</NavLink>
              </li>
            ) : null}
            {user?.isStaff ? (
              <li>
                <NavLink to="/admin">{t("shell.nav.staff")}</NavLink>
              </li>
            ) : null}
            {user ? (
              <>
                <li>
                  <NavLink to="/settings/notifications">{t("shell.nav.notifications")}</NavLink>
                </li>
                <li>
                  <NavLink to="/account" className="account-link">
                    <span className="visually-hidden">{t("shell.nav.yourAccount")}</span>
                    <ServerHtml as="span" id="account-name" className="account-name" html={user.displayName} />
                    {badge ? (
                      <>
                        {" "}
                        <span className="role-badge">{t(badge)}</span>
                      </>
                    ) : null}
                  </NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("shell.nav.signOut")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <NavLink to="/login">{t("shell.nav.signIn")}</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <p>{t("shell.footer.about")}</p>
        <ul>
          <li>
            <Link to="/consultations">{t("shell.footer.allConsultations")}</Link>
          </li>
          <li>
            <Link to="/dug">{t("shell.footer.dug")}</Link>
          </li>
          <li>
            <Link to="/about">{t("shell.footer.howItWorks")}</Link>
          </li>
          <li>
            <Link to="/follow">{t("shell.footer.follow")}</Link>
          </li>
          <li>
            <a href="/feed.xml">{t("shell.footer.feed")}</a>
          </li>
          <li>
            <a href="/calendar.ics">{t("shell.footer.calendar")}</a>
          </li>
          <li>
            <a href="/api/v1/consultations">{t("shell.footer.api")}</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
