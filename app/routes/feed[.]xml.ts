import type { LoaderFunctionArgs } from "@remix-run/node";
import { siteFeed } from "~/features/consultations/feeds.server";
import { ATOM_CONTENT_TYPE, renderAtomFeed } from "~/services/atom.server";

// GET /feed.xml — the site's Atom feed: new consultations, plan revisions, closings, withdrawals
// and final statements, newest first.
export async function loader(_args: LoaderFunctionArgs) {
  const feed = await siteFeed({ now: new Date() });
  return new Response(renderAtomFeed(feed), {
    headers: { "Content-Type": ATOM_CONTENT_TYPE, "Cache-Control": "public, max-age=300" },
  });
}
