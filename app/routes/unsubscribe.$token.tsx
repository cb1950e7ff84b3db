import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { applyUnsubscribe, getUnsubscribeView } from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { manageToken, readUnsubscribeToken } from "~/features/following/tokens.server";
import { notFound } from "~/services/http.server";
import { EnglishText, Isolated } from "~/features/following/english-text";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import type { Locale } from "~/services/language";

// The List-Unsubscribe URL of every notification (RFC 2369 / RFC 8058). Opened in a browser, it
// shows a page with a button: a GET never changes anything (mail scanners open links). A POST
// unsubscribes at once, whatever its body: mail providers send `List-Unsubscribe=One-Click`
// without cookies and from their own servers (the path is exempt from the Origin check), and the
// signed token in the URL is the only credential.
const invalid = (locale: Locale) => translate(locale, "following.error.unsubscribeInvalid");

function readToken(token: string | undefined, locale: Locale) {
  const read = readUnsubscribeToken(token ?? "");
  if (!read) notFound(invalid(locale));
  return read;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const { followerId, list } = readToken(params.token, locale);
  const view = await getUnsubscribeView({ followerId, list });
  if (!view) notFound(invalid(locale));
  return { ...view, manageHref: `/follow/manage/${manageToken(followerId)}`, title: translate(locale, "following.unsubscribe.pageTitle") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const { followerId, list } = readToken(params.token, locale);
  const oneClick = await isOneClick(request);
  const result = await applyUnsubscribe({ followerId, list });
  if (!result.ok) notFound(invalid(locale));
  // A mail provider's one-click POST gets a 200 and this page; a person's button press is
  // redirected to the page (which now says it is done) with a message.
  if (oneClick) return data({ unsubscribed: true });
  return redirectWithFlash(
    `/unsubscribe/${params.token}`,
    translate(locale, list === "all" ? "following.flash.unsubscribedEverything" : "following.flash.noLongerFollowing"),
  );
}

/** RFC 8058: the body is `List-Unsubscribe=One-Click`, URL-encoded or as multipart/form-data. */
async function isOneClick(request: Request): Promise<boolean> {
  try {
    const type = request.headers.get("Content-Type") ?? "";
    if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
      return (await request.formData()).get("List-Unsubscribe") === "One-Click";
    }
    return /(^|&)List-Unsubscribe=One-Click(&|$)/i.test((await request.text()).trim());
  } catch {
    return false; // an unreadable body is still a POST to a signed URL: it unsubscribes all the same
  }
}

export default function Unsubscribe() {
  const view = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.unsubscribed || view.done;
  const t = useT();
  const rich = useRich();
  // What the link stops: every notification, a named consultation, or one that no longer exists.
  const which = view.list === "all" ? "all" : view.consultation ? "consultation" : "gone";
  const values = {
    which,
    email: (
      <strong>
        <Isolated>{view.email}</Isolated>
      </strong>
    ),
    number: String(view.consultation?.number ?? ""),
    title: <EnglishText>{view.consultation?.title ?? ""}</EnglishText>,
  };
  return (
    <div className="page narrow">
      {done ? (
        <>
          <h1>{view.list === "all" ? t("following.unsubscribe.doneAll") : t("following.unsubscribe.doneOne")}</h1>
          <p className="lead">{rich("following.unsubscribe.doneLead", values)}</p>
        </>
      ) : (
        <>
          <h1>{rich("following.unsubscribe.heading", values)}</h1>
          <p className="lead">{rich("following.unsubscribe.lead", values)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="unsubscribe" />
            <button type="submit">{view.list === "all" ? t("following.unsubscribe.stopAll") : t("following.unsubscribe.stopOne")}</button>
          </Form>
        </>
      )}
      <p>
        <Link to={view.manageHref}>{t("following.unsubscribe.manage")}</Link>
        {view.consultation ? (
          <>
            {" "}
            · <Link to={`/consultations/${view.consultation.slug}`}>{t("following.unsubscribe.goTo")}</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Unsubscribe · IANA Naming Functions Consultations" },
  { name: "robots", content: "noindex" },
];
