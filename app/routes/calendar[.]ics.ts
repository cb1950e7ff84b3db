import type { LoaderFunctionArgs } from "@remix-run/node";
import { siteCalendar } from "~/features/consultations/feeds.server";
import { ICALENDAR_CONTENT_TYPE, renderCalendar } from "~/services/icalendar.server";

// GET /calendar.ics — every published consultation's opening and closing, and open DUG review
// deadlines, for calendar subscriptions.
export async function loader(_args: LoaderFunctionArgs) {
  const calendar = await siteCalendar();
  return new Response(renderCalendar(calendar, new Date()), {
    headers: { "Content-Type": ICALENDAR_CONTENT_TYPE, "Cache-Control": "public, max-age=300" },
  });
}
