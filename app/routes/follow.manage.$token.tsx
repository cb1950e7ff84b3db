import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useParams } from "@remix-run/react";
import { describeNewConsultations, NotificationSettings } from "~/features/following/notification-settings";
import {
  addFollowerSubscription,
  findFollowableConsultation,
  getFollowerSettings,
  normaliseCategories,
  NOT_FOLLOWABLE,
} from "~/features/following/following.server";
import { redirectWithFlash } from "~/services/flash.server";
import { readManageToken } from "~/features/following/tokens.server";
import { followerSettingsForms } from "~/features/following/settings-forms.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { followConsultationSchema, followNewSchema } from "~/features/following/validation";

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
  return handleForm(request, {
    ...followerSettingsForms(async () => followerId, here),
    "follow-consultation": form(followConsultationSchema, async (input) => {
      const c = await findFollowableConsultation({ slug: input.slug });
      if (!c) return NOT_FOLLOWABLE;
      const r = await addFollowerSubscription({ followerId, target: { consultationId: c.id } });
      return r.ok ? redirectWithFlash(here, `You follow consultation ${c.number}.`) : r;
    }),
    "follow-new": form(followNewSchema, async (input) => {
      const r = await addFollowerSubscription({ followerId, target: { allNew: true, categories: input.categories } });
      return r.ok ? redirectWithFlash(here, `You follow ${describeNewConsultations(normaliseCategories(input.categories)).toLowerCase()}.`) : r;
    }),
  });
}

export default function ManageNotifications() {
  const { settings, offer } = useLoaderData<typeof loader>();
  // Posting to the route's own address drops the offer's query string.
  const token = useParams().token ?? "";
  return (
    <div className="page narrow">
      <h1>Your notifications</h1>
      <p className="lead">
        Settings for <strong>{settings.email}</strong>. Keep this page's address to yourself: it works without signing in.
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
      <NotificationSettings settings={settings} />
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction = () => [{ title: "Your notifications · IANA Naming Functions Consultations" }, { name: "robots", content: "noindex" }];
