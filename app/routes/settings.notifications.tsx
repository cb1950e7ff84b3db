import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { NotificationSettings } from "~/components/notification-settings";
import {
  ensureUserFollower,
  getUserFollowerSettings,
  removeSubscription,
  unsubscribeAll,
  updateFollowerSettings,
  type FollowFailure,
} from "~/models/following.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { notificationSettingsSchema } from "~/validation/following";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

const HERE = "/settings/notifications";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Reading creates nothing: a user who never followed anything sees the defaults.
  return { settings: await getUserFollowerSettings({ userId: user.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const values = formValues(form);
  const parsed = parseForm(notificationSettingsSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const refused = (r: FollowFailure) => data({ errors: { [r.field ?? "form"]: r.message } as Record<string, string>, values }, { status: r.status });
  const followerId = await ensureUserFollower({ userId: user.id });

  const input = parsed.data;
  switch (input.intent) {
    case "save-settings": {
      const r = await updateFollowerSettings({ followerId, ...input });
      return r.ok ? redirectWithFlash(HERE, "Your notification settings are saved.") : refused(r);
    }
    case "remove-subscription": {
      const r = await removeSubscription({ followerId, subscriptionId: input.subscriptionId });
      return r.ok ? redirectWithFlash(HERE, "You no longer follow that.") : refused(r);
    }
    case "unsubscribe-all": {
      const r = await unsubscribeAll({ followerId });
      return r.ok ? redirectWithFlash(HERE, "You are unsubscribed from everything. We will send you no more notifications.") : refused(r);
    }
  }
}

export default function NotificationSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <h1>Notification settings</h1>
      <p className="lead">
        What we email to <strong>{settings.email}</strong>, and how often. <Link to="/follow">Follow every new consultation</Link>.
      </p>
      <NotificationSettings settings={settings} errors={actionData?.errors} values={actionData?.values} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Notification settings · IANA Naming Functions Consultations" }];

export function ErrorBoundary() {
  return <ErrorPage />;
}
