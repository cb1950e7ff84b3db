import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportComments } from "~/features/comments/comment-export.server";
import { getConsultationPage } from "~/features/consultations/consultation.server";
import { absoluteUrl } from "~/services/env.server";

// Every comment of a published consultation, for archives and analysis. Hidden and withdrawn
// comments are listed without their text.
export async function loader({ params }: LoaderFunctionArgs) {
  const page = await getConsultationPage({ slug: params.slug!, viewer: { isStaff: false } });
  if (!page) return Response.json({ error: "not found" }, { status: 404 });
  const comments = await exportComments({ consultationId: page.consultation.id, urlOf: absoluteUrl });
  return Response.json(
    {
      consultation: {
        number: page.consultation.number,
        slug: page.consultation.slug,
        title: page.consultation.title,
        status: page.status,
        url: absoluteUrl(`/consultations/${page.consultation.slug}`),
      },
      comments: comments.map((c) => ({ ...c, url: absoluteUrl(`/consultations/${page.consultation.slug}/comments/${c.ref}`) })),
    },
    { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } },
  );
}
