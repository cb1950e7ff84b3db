import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requestLocale } from "~/i18n/request-locale.server";
import { Link, useLoaderData } from "@remix-run/react";
import { FollowBox } from "~/features/following/follow-box";
import { findFollowableConsultation, followConsultation, isFollowing, requestEmailFollow, unfollowConsultation } from "~/features/following/following.server";
import { requireUser } from "~/services/auth.server";
import { redirectWithFlash } from "~/services/flash.server";
import { form, handleForm } from "~/services/form-action.server";
import { notFound } from "~/services/http.server";
import { clientIp } from "~/services/rate-limit.server";
import { getCurrentUser } from "~/services/session.server";
import { followByEmailSchema, followSchema, unfollowSchema } from "~/features/following/validation";
import { translate } from "~/i18n/catalogue.server";
import { useT } from "~/i18n/t";
import { EnglishText } from "~/features/following/english-text";

// The consultation page's follow box posts here. A GET shows the same box on a page of its own:
// the loader cannot redirect to the consultation, because Remix runs it after an action that
// returns errors, and a redirect there would lose what the visitor typed.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await requestLocale(request);
  const consultation = await findFollowableConsultation({ slug: params.slug! });
  if (!consultation) notFound(translate(locale, "following.error.noConsultation"));
  const user = await getCurrentUser(request);
  const following = user ? await isFollowing({ userId: user.id, consultationId: consultation.id }) : null;
  return {
    consultation: { slug: consultation.slug, number: consultation.number, title: consultation.title },
    following,
    title: translate(locale, "following.follow.pageTitle", { number: String(consultation.number) }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await requestLocale(request);
  const consultation = await findFollowableConsultation({ slug: params.slug! });
  if (!consultation) notFound(translate(locale, "following.error.noConsultation"));
  const number = String(consultation.number);
  const back = `/consultations/${consultation.slug}#follow`;
  return handleForm(request, {
    follow: form(followSchema, async () => {
      const user = await requireUser(request);
      const result = await followConsultation({ userId: user.id, consultationId: consultation.id });
      return result.ok ? redirectWithFlash(back, translate(locale, "following.flash.followed", { number })) : result;
    }),
    unfollow: form(unfollowSchema, async () => {
      const user = await requireUser(request);
      await unfollowConsultation({ userId: user.id, consultationId: consultation.id });
      return redirectWithFlash(back, translate(locale, "following.flash.unfollowed", { number }));
    }),
    "follow-by-email": form(followByEmailSchema, async (input) => {
      const result = await requestEmailFollow({
        email: input.email,
        target: { consultationId: consultation.id },
        ip: clientIp(request),
        locale,
      });
      return result.ok ? redirectWithFlash(back, translate(locale, "following.flash.checkInbox")) : result;
    }),
  });
}

export default function FollowConsultation() {
  const { consultation, following } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page narrow">
      <p className="eyebrow">{t("following.follow.eyebrow", { number: String(consultation.number) })}</p>
      <h1>
        <Link to={`/consultations/${consultation.slug}`}>
          <EnglishText>{consultation.title}</EnglishText>
        </Link>
      </h1>
      <FollowBox slug={consultation.slug} following={following} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Follow a consultation · IANA Naming Functions Consultations" }];
