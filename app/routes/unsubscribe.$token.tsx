import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { applyUnsubscribe, getUnsubscribeView } from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { manageToken, readUnsubscribeToken } from "~/features/following/tokens.server";
import { notFound } from "~/services/http.server";

// The List-Unsubscribe URL of every notification (RFC 2369 / RFC 8058). Opened in a browser, it
// shows a page with a button: a GET never changes anything (mail scanners open links). A POST
// unsubscribes at once, whatever its body: mail providers send `List-Unsubscribe=One-Click`
// without cookies and from their own servers (the path is exempt from the Origin check), and the
// signed token in the URL is the only credential.
const INVALID = "This unsubscribe link is not valid. Use the link at the bottom of one of our notification mails.";

function readToken(token: string | undefined) {
  const read = readUnsubscribeToken(token ?? "");
  if (!read) notFound(INVALID);
  return read;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { followerId, list } = readToken(params.token);
  const view = await getUnsubscribeView({ followerId, list });
  if (!view) notFound(INVALID);
  return { ...view, manageHref: `/follow/manage/${manageToken(followerId)}` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { followerId, list } = readToken(params.token);
  const oneClick = await isOneClick(request);
  const result = await applyUnsubscribe({ followerId, list });
  if (!result.ok) notFound(INVALID);
  // A mail provider's one-click POST gets a 200 and this page; a person's button press is
  // redirected to the page (which now says it is done) with a message.
  if (oneClick) return data({ unsubscribed: true });
  return redirectWithFlash(
    `/unsubscribe/${params.token}`,
    list === "all" ? "You are unsubscribed from everything." : "You no longer follow this consultation.",
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
  const what =
    view.list === "all"
      ? "all notifications"
      : view.consultation
        ? `consultation ${view.consultation.number}: ${view.consultation.title}`
        : "this consultation";
  return (
    <div className="page narrow">
      {done ? (
        <>
          <h1>{view.list === "all" ? "You are unsubscribed" : "You no longer follow this consultation"}</h1>
          <p className="lead">
            We send no more mail to <strong>{view.email}</strong> about {what}.
          </p>
        </>
      ) : (
        <>
          <h1>{view.list === "all" ? "Stop all notifications" : `Stop following ${view.consultation ? view.consultation.title : "this consultation"}`}</h1>
          <p className="lead">
            Stop sending mail to <strong>{view.email}</strong> about {what}.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="unsubscribe" />
            <button type="submit">{view.list === "all" ? "Stop all notifications" : "Stop following"}</button>
          </Form>
        </>
      )}
      <p>
        <Link to={view.manageHref}>Change what you follow and how often you are told</Link>
        {view.consultation ? (
          <>
            {" "}
            · <Link to={`/consultations/${view.consultation.slug}`}>Go to the consultation</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction = () => [{ title: "Unsubscribe · IANA Naming Functions Consultations" }, { name: "robots", content: "noindex" }];
