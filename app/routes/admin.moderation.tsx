import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { UtcTime } from "~/components/time";
import { requireStaffPage, staffTitle } from "~/features/admin/access.server";
import { listFlaggedComments } from "~/features/comments/moderation.server";
import { useEnglishContent, useRich, useT } from "~/i18n/t";

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireStaffPage(request, "comment.moderate");
  return { flagged: await listFlaggedComments(), title: staffTitle(locale, "admin.nav.moderation") };
}

export default function Moderation() {
  const { flagged } = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRich();
  // Plan titles and people's names are English content; comments and reasons are in their
  // writer's language, isolated in <bdi>.
  const english = useEnglishContent();
  return (
    <>
      <h1>{t("admin.nav.moderation")}</h1>
      <p className="muted">{t("admin.moderation.intro")}</p>
      {flagged.length === 0 ? (
        <p>{t("admin.moderation.none")}</p>
      ) : (
        <ul className="card-list">
          {flagged.map((c) => (
            <li key={c.id} className="card">
              <p className="eyebrow">
                {rich("admin.moderation.commentOn", {
                  ref: c.ref,
                  link: (chunks) => <Link to={`/consultations/${c.consultation.slug}/comments/${c.ref}`}>{chunks}</Link>,
                  title: <span {...english}>{c.consultation.title}</span>,
                })}
                {c.hiddenAt ? <span className="badge badge-muted"> {t("admin.moderation.hidden")}</span> : null}
              </p>
              <p>
                {rich("admin.moderation.excerpt", {
                  author: <strong {...english}>{c.authorName}</strong>,
                  time: <UtcTime value={c.createdAt} />,
                  excerpt: <bdi>{c.excerpt}</bdi>,
                })}
              </p>
              <ul>
                {c.flags.map((f, i) => (
                  <li key={i}>
                    {rich("admin.moderation.flaggedBy", {
                      name: <span {...english}>{f.userName}</span>,
                      time: <UtcTime value={f.createdAt} />,
                      reason: <bdi>{f.reason}</bdi>,
                    })}
                  </li>
                ))}
              </ul>
              <Link className="button secondary" to={`/consultations/${c.consultation.slug}/comments/${c.ref}#moderate-heading`}>
                {t("admin.moderation.review")}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Flagged comments · Staff" }];
