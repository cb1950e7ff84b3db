import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotificationSettings } from "~/features/following/notification-settings";
import { ensureUserFollower, getUserFollowerSettings } from "~/features/following/following.server";
import { requireUser } from "~/services/auth.server";
import { followerSettingsForms } from "~/features/following/settings-forms.server";
import { form, handleForm } from "~/services/form-action.server";
import { redirectWithFlash } from "~/services/flash.server";
import { bounceOf, clearBounces } from "~/features/email/bounces.server";
import { BounceNotice } from "~/features/email/bounce-notice";
import { clearBouncesSchema } from "~/features/email/validation";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import { Isolated } from "~/features/following/english-text";

const HERE = "/settings/notifications";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Reading creates nothing: a user who never followed anything sees the defaults.
  const settings = await getUserFollowerSettings({ userId: user.id });
  return { settings, bounce: await bounceOf(settings.email), title: translate(await requestLocale(request), "following.settingsPage.pageTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await requestLocale(request);
  // The follower row is made on the first change, not when the page is only read.
  return handleForm(request, {
    ...followerSettingsForms(() => ensureUserFollower({ userId: user.id }), HERE, locale),
    "clear-bounces": form(clearBouncesSchema, async () => {
      await clearBounces({ email: user.email, actorId: user.id });
      return redirectWithFlash(HERE, "Thank you: notifications to your address resume.");
    }),
  });
}

export default function NotificationSettingsPage() {
  const { settings, bounce } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  return (
    <div className="page narrow">
      <h1>{t("following.settingsPage.heading")}</h1>
      <p className="lead">
        {rich("following.settingsPage.lead", {
          email: (
            <strong>
              <Isolated>{settings.email}</Isolated>
            </strong>
          ),
          link: (chunks) => <Link to="/follow">{chunks}</Link>,
        })}
      </p>
      <BounceNotice email={settings.email} bounce={bounce} />
      <NotificationSettings settings={settings} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Notification settings · IANA Naming Functions Consultations" }];
