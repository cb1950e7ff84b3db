import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicConsultationForApi } from "~/features/consultations/api.server";

// GET /api/v1/consultations/:slug — one published consultation as JSON. Unknown slugs and drafts
// are the same 404, so the API does not reveal that a draft exists.
export async function loader({ params }: LoaderFunctionArgs) {
  const consultation = await getPublicConsultationForApi({ slug: params.slug ?? "", now: new Date() });
  if (!consultation) {
    return Response.json({ error: "not found" }, { status: 404, headers: { "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" } });
  }
  return Response.json(consultation, {
    headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
  });
}
