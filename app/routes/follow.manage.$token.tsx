import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useParams } from "@remix-run/react";
import { describeNewConsultations, NotificationSettings } from "~/features/following/notification-settings";
import {
  addFollowerSubscription,
  findFollowableConsultation,
  getFollowerSettings,
  normaliseCategories,
  notFollowable,
} from "~/features/following/following.server";
import { EnglishText, Isolated } from "~/features/following/english-text";
import { translate } from "~/i18n/catalogue.server";
import { translatorFor } from "~/features/following/translator.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { useRich, useT } from "~/i18n/t";
import type { Locale } from "~/services/language";
import { redirectWithFlash } from "~/services/flash.server";
import { readManageToken } from "~/features/following/tokens.server";
import { followerSettingsForms } from "~/features/following/settings-forms.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { followConsultationSchema, followNewSchema } from "~/features/following/validation";

function followerIdFrom(token: string | undefined, locale: Locale): string {
  const followerId = readManageToken(token ?? "");
  if (!followerId) notFound(translate(locale, "following.error.manageGone"));
  return followerId;
}

// The settings page of someone who follows by email, reached from the manage link of a mail. The
// signed link is the credential. `?follow=<slug>` or `?follow=new&categories=a,b` (from the mail
// sent when a confirmed address asks to follow more) offers to add that, with a button.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const followerId = followerIdFrom(params.token, locale);
  const settings = await getFollowerSettings({ followerId });
  if (!settings) notFound(translate(locale, "following.error.manageGone"));
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
  return { settings, offer, title: translate(locale, "following.manage.pageTitle") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const t = translatorFor(locale);
  const followerId = followerIdFrom(params.token, locale);
  const here = `/follow/manage/${params.token}`;
  return handleForm(request, {
    ...followerSettingsForms(async () => followerId, here, locale),
    "follow-consultation": form(followConsultationSchema, async (input) => {
      const c = await findFollowableConsultation({ slug: input.slug });
      if (!c) return notFollowable(locale);
      const r = await addFollowerSubscription({ followerId, target: { consultationId: c.id }, locale });
      return r.ok ? redirectWithFlash(here, t("following.flash.followedShort", { number: String(c.number) })) : r;
    }),
    "follow-new": form(followNewSchema, async (input) => {
      const r = await addFollowerSubscription({ followerId, target: { allNew: true, categories: input.categories }, locale });
      return r.ok ? redirectWithFlash(here, describeNewConsultations(normaliseCategories(input.categories), t, "followed")) : r;
    }),
  });
}

export default function ManageNotifications() {
  const { settings, offer } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  // Posting to the route's own address drops the offer's query string.
  const token = useParams().token ?? "";
  return (
    <div className="page narrow">
      <h1>{t("following.manage.heading")}</h1>
      <p className="lead">
        {rich("following.manage.lead", {
          email: (
            <strong>
              <Isolated>{settings.email}</Isolated>
            </strong>
          ),
        })}
      </p>
      {offer ? (
        <div className="notice notice-info" role="note">
          <p>
            {offer.kind === "consultation"
              ? rich("following.manage.offerConsultation", { number: String(offer.number), title: <EnglishText>{offer.title}</EnglishText> })
              : describeNewConsultations(offer.categories, t, "offer")}
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
            <button type="submit">{t("following.box.follow")}</button>
          </Form>
        </div>
      ) : null}
      <NotificationSettings settings={settings} />
    </div>
  );
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Your notifications · IANA Naming Functions Consultations" },
  { name: "robots", content: "noindex" },
];
