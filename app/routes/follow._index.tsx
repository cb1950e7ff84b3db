import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requestLocale } from "~/i18n/request-locale.server";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary, useFormReply } from "~/components/error-summary";
import { describeNewConsultations } from "~/features/following/notification-settings";
import { CATEGORIES, CATEGORY_LABELS } from "~/features/consultations/fields";
import { followNewConsultations, getUserFollowerSettings, requestEmailFollow } from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { clientIp } from "~/services/rate-limit.server";
import { getCurrentUser } from "~/services/session.server";
import { CHECK_INBOX_MESSAGE, followNewByEmailSchema, followNewSchema } from "~/features/following/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return { signedIn: false, current: null };
  const settings = await getUserFollowerSettings({ userId: user.id });
  const sub = settings.unsubscribedAll ? undefined : settings.subscriptions.find((s) => s.scope === "all_new");
  return { signedIn: true, current: sub ? { categories: sub.categories as string[] } : null };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, {
    "follow-new": form(followNewSchema, async (input) => {
      const user = await getCurrentUser(request);
      if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent("/follow")}`);
      const result = await followNewConsultations({ userId: user.id, categories: input.categories });
      return redirectWithFlash("/settings/notifications", `You follow ${describeNewConsultations(result.categories).toLowerCase()}.`);
    }),
    "follow-new-by-email": form(followNewByEmailSchema, async (input) => {
      const result = await requestEmailFollow({
        email: input.email,
        target: { allNew: true, categories: input.categories },
        ip: clientIp(request),
        locale: await requestLocale(request),
      });
      return result.ok ? redirectWithFlash("/follow", CHECK_INBOX_MESSAGE) : result;
    }),
  });
}

export default function FollowNew() {
  const { signedIn, current } = useLoaderData<typeof loader>();
  const reply = useFormReply(["follow-new", "follow-new-by-email"]);
  const errors = reply?.errors;
  const ticked = new Set((reply ? (reply.values.categories ?? "") : (current?.categories.join(",") ?? "")).split(",").filter(Boolean));
  return (
    <div className="page narrow">
      <h1>Follow new consultations</h1>
      <p className="lead">
        Get an email whenever a consultation is published, with its summary, comment period and a link to the plan. Follow a single consultation from its own
        page.
      </p>
      {current ? (
        <div className="notice notice-info" role="note">
          You already follow {describeNewConsultations(current.categories).toLowerCase()}. Saving below replaces the categories.{" "}
          <Link to="/settings/notifications">Notification settings</Link>
        </div>
      ) : null}
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} fieldIds={{ categories: `category-${CATEGORIES[0]}` }} />
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
            defaultValue={reply?.values.email ?? ""}
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
