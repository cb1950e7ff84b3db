import { Form, Link, NavLink } from "@remix-run/react";
import { ServerHtml, type PageHtml } from "./server-html";

/** `displayName` is HTML: the escaped name (see the root loader). */
type HeaderUser = { displayName: PageHtml; isStaff: boolean; isAdmin: boolean; isDug: boolean } | null;

/** Staff see which hat they wear on every page: administrators, and IFM staff who are not. */
function staffBadge(user: NonNullable<HeaderUser>): string | null {
  return user.isAdmin ? "Admin" : user.isStaff ? "IFM" : null;
}

export function SiteHeader({ user }: { user: HeaderUser }) {
  const badge = user ? staffBadge(user) : null;
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⁂
          </span>
          <span>
            IANA Naming Functions <strong>Consultations</strong>
          </span>
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            <li>
              <NavLink to="/consultations">Consultations</NavLink>
            </li>
            <li>
              <NavLink to="/dug">DUG</NavLink>
            </li>
            {user?.isDug ? (
              <li>
                <NavLink to="/dug/reviews">Your DUG reviews</NavLink>
              </li>
            ) : null}
            {user?.isStaff ? (
              <li>
                <NavLink to="/admin">Staff</NavLink>
              </li>
            ) : null}
            {user ? (
              <>
                <li>
                  <NavLink to="/settings/notifications">Notifications</NavLink>
                </li>
                <li>
                  <NavLink to="/account" className="account-link">
                    <span className="visually-hidden">Your account: </span>
                    <ServerHtml as="span" id="account-name" className="account-name" html={user.displayName} />
                    {badge ? (
                      <>
                        {" "}
                        <span className="role-badge">{badge}</span>
                      </>
                    ) : null}
                  </NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      Sign out
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <NavLink to="/login">Sign in</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <p>
          Consultations of the IANA Functions Manager on significant technical changes to the IANA naming functions. Every comment and decision is public and
          permanent.
        </p>
        <ul>
          <li>
            <Link to="/consultations">All consultations</Link>
          </li>
          <li>
            <Link to="/dug">Direct User Group</Link>
          </li>
          <li>
            <Link to="/about">How consultations work</Link>
          </li>
          <li>
            <Link to="/follow">Follow new consultations by email</Link>
          </li>
          <li>
            <a href="/feed.xml">Feed</a>
          </li>
          <li>
            <a href="/calendar.ics">Calendar</a>
          </li>
          <li>
            <a href="/api/v1/consultations">API</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
