import type { LoaderFunctionArgs } from "@remix-run/node";
import { consultationCalendar } from "~/features/consultations/feeds.server";
import { ICALENDAR_CONTENT_TYPE, renderCalendar } from "~/services/icalendar.server";

// GET /consultations/:slug/calendar.ics — one consultation's opening, closing and open DUG review
// deadlines. Unknown slugs and drafts are the same 404.
export async function loader({ params }: LoaderFunctionArgs) {
  const calendar = await consultationCalendar({ slug: params.slug ?? "" });
  if (!calendar) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" } });
  return new Response(renderCalendar(calendar, new Date()), {
    headers: { "Content-Type": ICALENDAR_CONTENT_TYPE, "Cache-Control": "public, max-age=300" },
  });
}
