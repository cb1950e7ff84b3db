import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { describeNewConsultations, NotificationSettings } from "~/components/notification-settings";
import {
  addFollowerSubscription,
  findFollowableConsultation,
  getFollowerSettings,
  normaliseCategories,
  removeSubscription,
  unsubscribeAll,
  updateFollowerSettings,
  type FollowFailure,
} from "~/models/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { readManageToken } from "~/services/follow-tokens.server";
import { notFound } from "~/services/http.server";
import { manageSettingsSchema } from "~/validation/following";
import { fieldErrors, formValues, parseForm } from "~/validation/form";

const GONE = "This settings link is not valid. Use the link at the bottom of one of our notification mails.";

function followerIdFrom(token: string | undefined): string {
  const followerId = readManageToken(token ?? "");
  if (!followerId) notFound(GONE);
  return followerId;
}

// The settings page of someone who follows by email, reached from the manage link of a mail. The
// signed link is the credential. `?follow=<slug>` or `?follow=new&categories=a,b` (from the mail
// sent when a confirmed address asks to follow more) offers to add that, with a button.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const followerId = followerIdFrom(params.token);
  const settings = await getFollowerSettings({ followerId });
  if (!settings) notFound(GONE);
  const url = new URL(request.url);
  const follow = url.searchParams.get("follow");
  let offer: { kind: "consultation"; slug: string; number: number; title: string } | { kind: "all_new"; categories: string[] } | null = null;
  if (follow === "new") {
    const categories = normaliseCategories((url.searchParams.get("categories") ?? "").split(","));
    const current = settings.subscriptions.find((s) => s.scope === "all_new");
    if (!current || current.categories.join(",") !== categories.join(",") || settings.unsubscribedAll) offer = { kind: "all_new", categories };
  } else if (follow) {
    const c = await findFollowableConsultation({ slug: follow.slice(0, 200) });
    const already = c && settings.subscriptions.some((s) => s.consultation?.slug === c.slug) && !settings.unsubscribedAll;
    if (c && !already) offer = { kind: "consultation", slug: c.slug, number: c.number, title: c.title };
  }
  return { settings, offer };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const followerId = followerIdFrom(params.token);
  const here = `/follow/manage/${params.token}`;
  const form = await request.formData();
  const values = formValues(form);
  const parsed = parseForm(manageSettingsSchema, form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const refused = (r: FollowFailure) => data({ errors: { [r.field ?? "form"]: r.message } as Record<string, string>, values }, { status: r.status });

  const input = parsed.data;
  switch (input.intent) {
    case "save-settings": {
      const r = await updateFollowerSettings({ followerId, ...input });
      return r.ok ? redirectWithFlash(here, "Your notification settings are saved.") : refused(r);
    }
    case "remove-subscription": {
      const r = await removeSubscription({ followerId, subscriptionId: input.subscriptionId });
      return r.ok ? redirectWithFlash(here, "You no longer follow that.") : refused(r);
    }
    case "unsubscribe-all": {
      const r = await unsubscribeAll({ followerId });
      return r.ok ? redirectWithFlash(here, "You are unsubscribed from everything. We will send you no more notifications.") : refused(r);
    }
    case "follow-consultation": {
      const c = await findFollowableConsultation({ slug: input.slug });
      if (!c) return refused({ ok: false, status: 404, message: "There is no published consultation to follow at this address." });
      const r = await addFollowerSubscription({ followerId, target: { consultationId: c.id } });
      return r.ok ? redirectWithFlash(here, `You follow consultation ${c.number}.`) : refused(r);
    }
    case "follow-new": {
      const r = await addFollowerSubscription({ followerId, target: { allNew: true, categories: input.categories } });
      return r.ok ? redirectWithFlash(here, `You follow ${describeNewConsultations(normaliseCategories(input.categories)).toLowerCase()}.`) : refused(r);
    }
  }
}

export default function ManageNotifications() {
  const { settings, offer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Posting to the route's own address drops the offer's query string.
  const token = useParams().token ?? "";
  return (
    <div className="page narrow">
      <h1>Your notifications</h1>
      <p className="lead">
        Settings for <strong>{settings.email}</strong>. Keep this page's address to yourself: it works without signing
        in.
      </p>
      {offer ? (
        <div className="notice notice-info" role="note">
          <p>
            {offer.kind === "consultation"
              ? `Follow consultation ${offer.number}: ${offer.title}?`
              : `Follow ${describeNewConsultations(offer.categories).toLowerCase()}?`}
          </p>
          <Form method="post" action={`/follow/manage/${token}`}>
            {offer.kind === "consultation" ? (
              <>
                <input type="hidden" name="intent" value="follow-consultation" />
                <input type="hidden" name="slug" value={offer.slug} />
              </>
            ) : (
              <>
                <input type="hidden" name="intent" value="follow-new" />
                {offer.categories.map((c) => (
                  <input key={c} type="hidden" name="categories" value={c} />
                ))}
              </>
            )}
            <button type="submit">Follow</button>
          </Form>
        </div>
      ) : null}
      <NotificationSettings settings={settings} errors={actionData?.errors} values={actionData?.values} />
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction = () => [
  { title: "Your notifications · IANA Naming Functions Consultations" },
  { name: "robots", content: "noindex" },
];

export function ErrorBoundary() {
  return <ErrorPage />;
}
