import type { LoaderFunctionArgs } from "@remix-run/node";
import { commentsToCsv, exportComments } from "~/features/comments/comment-export.server";
import { getConsultationPage } from "~/features/consultations/consultation.server";
import { absoluteUrl } from "~/services/env.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const page = await getConsultationPage({ slug: params.slug!, viewer: { isStaff: false } });
  if (!page) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain" } });
  const csv = commentsToCsv(await exportComments({ consultationId: page.consultation.id, urlOf: absoluteUrl }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consultation-${page.consultation.number}-comments.csv"`,
      "Cache-Control": "public, max-age=60",
    },
  });
}
