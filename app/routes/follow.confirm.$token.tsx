import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LinkProblem } from "~/components/link-problem";
import { describeNewConsultations } from "~/features/following/notification-settings";
import { confirmEmailFollow, inspectConfirmToken } from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { readForm } from "~/services/form-action.server";
import { manageToken } from "~/features/following/tokens.server";

// The link in a confirmation mail opens this page; only its button confirms (a GET never changes
// anything, and mail scanners that open links cannot confirm on someone's behalf).
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await inspectConfirmToken({ token });
  if (!found.ok) return data({ problem: found.message, email: null, alreadyConfirmed: false, manageHref: null, follows: [] as string[] }, { status: 400 });
  return {
    problem: null,
    email: found.settings.email,
    alreadyConfirmed: found.alreadyConfirmed,
    manageHref: found.alreadyConfirmed ? `/follow/manage/${manageToken(found.followerId)}` : null,
    follows: found.settings.subscriptions.map((s) =>
      s.scope === "all_new"
        ? describeNewConsultations(s.categories)
        : s.consultation
          ? `Consultation ${s.consultation.number}: ${s.consultation.title}`
          : "A consultation",
    ),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request); // the token is in the address; a body that is not a form is refused like everywhere
  const result = await confirmEmailFollow({ token: params.token ?? "" });
  if (!result.ok) return data({ problem: result.message }, { status: 400 });
  return redirectWithFlash(
    `/follow/manage/${manageToken(result.followerId)}`,
    result.alreadyConfirmed
      ? "Your address was already confirmed. These are your notification settings."
      : "Thank you: your address is confirmed. These are your notification settings.",
  );
}

export default function ConfirmFollow() {
  const page = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>()?.problem ?? page.problem;
  if (problem) {
    return (
      <LinkProblem problem={problem}>
        <Link className="button" to="/consultations">
          Browse consultations
        </Link>{" "}
        <Link className="button secondary" to="/follow">
          Follow new consultations
        </Link>
      </LinkProblem>
    );
  }
  if (page.alreadyConfirmed) {
    return (
      <div className="page narrow">
        <h1>Already confirmed</h1>
        <p className="lead">
          The address <strong>{page.email}</strong> is already confirmed: there is nothing more to do.
        </p>
        {page.manageHref ? (
          <p>
            <Link className="button" to={page.manageHref}>
              Your notification settings
            </Link>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>Confirm your notifications</h1>
      <p className="lead">
        Send notifications to <strong>{page.email}</strong> about:
      </p>
      {page.follows.length ? (
        <ul>
          {page.follows.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing yet: you can choose what to follow after confirming.</p>
      )}
      <Form method="post" className="form">
        <div className="actions">
          <button type="submit">Confirm</button>
        </div>
      </Form>
      <p className="muted small">If you did not ask for this, close this page: nothing is sent until you confirm.</p>
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction = () => [{ title: "Confirm notifications · IANA Naming Functions Consultations" }, { name: "robots", content: "noindex" }];
