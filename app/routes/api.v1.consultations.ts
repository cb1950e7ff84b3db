import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicConsultationsForApi } from "~/features/consultations/api.server";
import { parseListFilters } from "~/features/consultations/list.server";

// GET /api/v1/consultations — the public list as JSON, with the list page's filters as query
// parameters (status, category, affected, q, page; invalid values are ignored). Public data only,
// the same for everyone (no cookies are read), so shared caches may keep it for a minute.
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseListFilters(new URL(request.url).searchParams);
  const body = await listPublicConsultationsForApi({ filters, now: new Date() });
  return Response.json(body, {
    headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
  });
}
