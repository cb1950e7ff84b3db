import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/field";
import { ErrorSummary } from "~/components/error-summary";
import { categoryLabel, describeNewConsultations } from "~/features/following/notification-settings";
import { CATEGORIES } from "~/features/consultations/fields";
import { followNewConsultations, getUserFollowerSettings, requestEmailFollow } from "~/features/following/following.server";
import { useFollowingReply } from "~/features/following/form-reply";
import { translate } from "~/i18n/catalogue.server";
import { translatorFor } from "~/features/following/translator.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useT } from "~/i18n/t";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { clientIp } from "~/services/rate-limit.server";
import { getCurrentUser } from "~/services/session.server";
import { followNewByEmailSchema, followNewSchema } from "~/features/following/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), requestLocale(request)]);
  const title = translate(locale, "following.new.pageTitle");
  if (!user) return { signedIn: false, current: null, title };
  const settings = await getUserFollowerSettings({ userId: user.id });
  const sub = settings.unsubscribedAll ? undefined : settings.subscriptions.find((s) => s.scope === "all_new");
  return { signedIn: true, current: sub ? { categories: sub.categories as string[] } : null, title };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const t = translatorFor(locale);
  return handleForm(request, {
    "follow-new": form(followNewSchema, async (input) => {
      const user = await getCurrentUser(request);
      if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent("/follow")}`);
      const result = await followNewConsultations({ userId: user.id, categories: input.categories });
      return redirectWithFlash("/settings/notifications", describeNewConsultations(result.categories, t, "followed"));
    }),
    "follow-new-by-email": form(followNewByEmailSchema, async (input) => {
      const result = await requestEmailFollow({
        email: input.email,
        target: { allNew: true, categories: input.categories },
        ip: clientIp(request),
        locale,
      });
      return result.ok ? redirectWithFlash("/follow", t("following.flash.checkInbox")) : result;
    }),
  });
}

export default function FollowNew() {
  const { signedIn, current } = useLoaderData<typeof loader>();
  const t = useT();
  const reply = useFollowingReply(["follow-new", "follow-new-by-email"]);
  const errors = reply?.errors;
  const ticked = new Set((reply ? (reply.values.categories ?? "") : (current?.categories.join(",") ?? "")).split(",").filter(Boolean));
  return (
    <div className="page narrow">
      <h1>{t("following.new.heading")}</h1>
      <p className="lead">{t("following.new.lead")}</p>
      {current ? (
        <div className="notice notice-info" role="note">
          {describeNewConsultations(current.categories, t, "already")} <Link to="/settings/notifications">{t("following.settingsLink")}</Link>
        </div>
      ) : null}
      <Form method="post" className="form" noValidate>
        <ErrorSummary reply={reply} fieldIds={{ categories: `category-${CATEGORIES[0]}` }} />
        <input type="hidden" name="intent" value={signedIn ? "follow-new" : "follow-new-by-email"} />
        <fieldset className="field">
          <legend>{t("following.new.categoriesLegend")}</legend>
          <p className="hint">{t("following.new.categoriesHint")}</p>
          {errors?.categories ? <p className="field-error">{errors.categories}</p> : null}
          {CATEGORIES.map((c) => (
            <div className="checkbox" key={c}>
              <input type="checkbox" id={`category-${c}`} name="categories" value={c} defaultChecked={ticked.has(c)} />
              <label htmlFor={`category-${c}`}>{categoryLabel(c, t)}</label>
            </div>
          ))}
        </fieldset>
        {signedIn ? null : (
          <TextField
            label={t("following.field.email")}
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            required
            hint={t("following.new.emailHint")}
            defaultValue={reply?.values.email ?? ""}
            error={errors?.email}
          />
        )}
        <div className="actions">
          <button type="submit">{signedIn ? t("following.new.submit") : t("following.box.byEmail")}</button>
          {signedIn ? null : (
            <Link to={`/login?redirectTo=${encodeURIComponent("/follow")}`} className="small">
              {t("following.new.signIn")}
            </Link>
          )}
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Follow new consultations · IANA Naming Functions Consultations" }];
