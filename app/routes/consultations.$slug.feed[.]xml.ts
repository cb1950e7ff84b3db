import type { LoaderFunctionArgs } from "@remix-run/node";
import { consultationFeed } from "~/features/consultations/feeds.server";
import { ATOM_CONTENT_TYPE, renderAtomFeed } from "~/services/atom.server";

// GET /consultations/:slug/feed.xml — one consultation's Atom feed: revisions, closing changes and
// visible comments. Unknown slugs and drafts are the same 404.
export async function loader({ params }: LoaderFunctionArgs) {
  const feed = await consultationFeed({ slug: params.slug ?? "", now: new Date() });
  if (!feed) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" } });
  return new Response(renderAtomFeed(feed), {
    headers: { "Content-Type": ATOM_CONTENT_TYPE, "Cache-Control": "public, max-age=300" },
  });
}
