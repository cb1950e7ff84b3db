import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, TextField } from "~/components/field";
import { ErrorPage } from "~/components/error-page";
import { describeNewConsultations } from "~/components/notification-settings";
import { CATEGORIES, CATEGORY_LABELS } from "~/models/consultation-fields";
import { followNewConsultations, getUserFollowerSettings, requestEmailFollow } from "~/models/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { clientIp } from "~/services/rate-limit.server";
import { getCurrentUser } from "~/services/session.server";
import { CHECK_INBOX_MESSAGE, followNewSchema } from "~/validation/following";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return { signedIn: false, current: null };
  const settings = await getUserFollowerSettings({ userId: user.id });
  const sub = settings.unsubscribedAll ? undefined : settings.subscriptions.find((s) => s.scope === "all_new");
  return { signedIn: true, current: sub ? { categories: sub.categories as string[] } : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  // Several ticked boxes share one name: keep them all so a refused form comes back as it was.
  const values: Record<string, string> = { ...formValues(form), categories: form.getAll("categories").filter((v) => typeof v === "string").join(",") };
  const parsed = parseForm(followNewSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });

  if (parsed.data.intent === "follow-new") {
    const user = await getCurrentUser(request);
    if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent("/follow")}`);
    const result = await followNewConsultations({ userId: user.id, categories: parsed.data.categories });
    return redirectWithFlash("/settings/notifications", `You follow ${describeNewConsultations(result.categories).toLowerCase()}.`);
  }
  const result = await requestEmailFollow({
    email: parsed.data.email,
    target: { allNew: true, categories: parsed.data.categories },
    ip: clientIp(request),
  });
  if (!result.ok) {
    return data(
      { errors: { [result.field ?? "form"]: result.message } as Record<string, string>, values },
      { status: result.status, headers: result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
    );
  }
  return redirectWithFlash("/follow", CHECK_INBOX_MESSAGE);
}

export default function FollowNew() {
  const { signedIn, current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const ticked = new Set((actionData?.values?.categories ?? current?.categories.join(",") ?? "").split(",").filter(Boolean));
  return (
    <div className="page narrow">
      <h1>Follow new consultations</h1>
      <p className="lead">
        Get an email whenever a consultation is published, with its summary, comment period and a link to the plan.
        Follow a single consultation from its own page.
      </p>
      {current ? (
        <div className="notice notice-info" role="note">
          You already follow {describeNewConsultations(current.categories).toLowerCase()}. Saving below replaces the
          categories. <Link to="/settings/notifications">Notification settings</Link>
        </div>
      ) : null}
      <FormError error={errors?.form ?? errors?.intent} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value={signedIn ? "follow-new" : "follow-new-by-email"} />
        <fieldset className="field">
          <legend>Only these categories (optional)</legend>
          <p className="hint">Leave every box empty to hear about every new consultation.</p>
          {errors?.categories ? <p className="field-error">{errors.categories}</p> : null}
          {CATEGORIES.map((c) => (
            <div className="checkbox" key={c}>
              <input type="checkbox" id={`category-${c}`} name="categories" value={c} defaultChecked={ticked.has(c)} />
              <label htmlFor={`category-${c}`}>{CATEGORY_LABELS[c]}</label>
            </div>
          ))}
        </fieldset>
        {signedIn ? null : (
          <TextField
            label="Your email address"
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            required
            hint="We send a link to confirm it first. Every mail has a link to stop at once."
            defaultValue={actionData?.values?.email ?? ""}
            error={errors?.email}
          />
        )}
        <div className="actions">
          <button type="submit">{signedIn ? "Follow new consultations" : "Follow by email"}</button>
          {signedIn ? null : (
            <Link to={`/login?redirectTo=${encodeURIComponent("/follow")}`} className="small">
              or sign in to follow with one click
            </Link>
          )}
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Follow new consultations · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
