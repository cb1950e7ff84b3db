import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { FlashMessage } from "~/components/flash-message";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { useNonce } from "~/components/nonce";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { MessagesScript, usePageMessages } from "~/i18n/messages-context";
import { routeIdsFor, routeMessages } from "~/i18n/route-messages.server";
import { PageIntlProvider, useT } from "~/i18n/t";
import { isStaff, hasRole } from "~/models/roles";
import { getCurrentUser } from "~/services/session.server";
import { takeFlash } from "~/services/flash.server";
import { flashText } from "~/i18n/catalogue.server";
import { htmlOnce } from "~/services/document-html.server";
import { escapeHtml } from "~/services/html-escape";
import { directionOf } from "~/services/language";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "alternate", type: "application/atom+xml", title: "IANA Naming Functions Consultations", href: "/feed.xml" },
  { rel: "alternate", type: "text/calendar", title: "Consultation dates", href: "/calendar.ics" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, { flash, setCookie }, locale] = await Promise.all([getCurrentUser(request), takeFlash(request), requestLocale(request)]);
  return data(
    {
      locale,
      // The messages of the page this request shows, also on a navigation in the browser.
      messages: routeMessages(locale, routeIdsFor(request.url)),
      site: { title: translate(locale, "shell.siteName"), description: translate(locale, "shell.siteDescription") },
      user: user && {
        // As stored HTML: the reader's name is spliced into a document shared by every reader
        // with the same rights (rendered-documents.server.ts).
        displayName: htmlOnce(context)(escapeHtml(user.displayName ?? user.email)),
        isStaff: isStaff(user),
        isAdmin: hasRole(user, "admin"),
        isDug: hasRole(user, "dug_member", "dug_liaison", "dug_chair"),
      },
      // Worded here, in the page's language: the page's messages hold only its routes' own.
      flash: flash && { kind: flash.kind, message: flashText(locale, flash) },
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export type RootData = typeof loader;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<RootData>("root");
  // The language of the catalogue this page was rendered with (entry.server.tsx).
  const { locale } = usePageMessages();
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <PageIntlProvider messages={root?.messages}>
          <SkipLink />
          <SiteHeader user={root?.user ?? null} />
          <main id="main" tabIndex={-1}>
            {root?.flash ? <FlashMessage flash={root.flash} /> : null}
            {children}
          </main>
          <SiteFooter />
        </PageIntlProvider>
        <MessagesScript withMessages={!root?.messages} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      {useT()("shell.skipLink")}
    </a>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.site.title ?? "IANA Naming Functions Consultations" },
  { name: "description", content: data?.site.description ?? "Public consultations on technical changes to the IANA naming functions." },
];

export function ErrorBoundary() {
  return <ErrorPage />;
}
