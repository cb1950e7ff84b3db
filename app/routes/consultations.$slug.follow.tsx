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
import { CHECK_INBOX_MESSAGE, followByEmailSchema, followSchema, unfollowSchema } from "~/features/following/validation";

// The consultation page's follow box posts here. A GET shows the same box on a page of its own:
// the loader cannot redirect to the consultation, because Remix runs it after an action that
// returns errors, and a redirect there would lose what the visitor typed.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const consultation = await findFollowableConsultation({ slug: params.slug! });
  if (!consultation) notFound("There is no published consultation at this address.");
  const user = await getCurrentUser(request);
  const following = user ? await isFollowing({ userId: user.id, consultationId: consultation.id }) : null;
  return { consultation: { slug: consultation.slug, number: consultation.number, title: consultation.title }, following };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const consultation = await findFollowableConsultation({ slug: params.slug! });
  if (!consultation) notFound("There is no published consultation at this address.");
  const back = `/consultations/${consultation.slug}#follow`;
  return handleForm(request, {
    follow: form(followSchema, async () => {
      const user = await requireUser(request);
      const result = await followConsultation({ userId: user.id, consultationId: consultation.id });
      return result.ok
        ? redirectWithFlash(back, `You follow consultation ${consultation.number}. Choose how you are told in your notification settings.`)
        : result;
    }),
    unfollow: form(unfollowSchema, async () => {
      const user = await requireUser(request);
      await unfollowConsultation({ userId: user.id, consultationId: consultation.id });
      return redirectWithFlash(back, `You no longer follow consultation ${consultation.number}.`);
    }),
    "follow-by-email": form(followByEmailSchema, async (input) => {
      const result = await requestEmailFollow({
        email: input.email,
        target: { consultationId: consultation.id },
        ip: clientIp(request),
        locale: await requestLocale(request),
      });
      return result.ok ? redirectWithFlash(back, CHECK_INBOX_MESSAGE) : result;
    }),
  });
}

export default function FollowConsultation() {
  const { consultation, following } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p className="eyebrow">Consultation {consultation.number}</p>
      <h1>
        <Link to={`/consultations/${consultation.slug}`}>{consultation.title}</Link>
      </h1>
      <FollowBox slug={consultation.slug} following={following} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Follow ${data ? `consultation ${data.consultation.number}` : "a consultation"} · IANA Naming Functions Consultations` },
];
