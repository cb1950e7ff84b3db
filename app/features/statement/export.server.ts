import { getPublishedStatement } from "./published.server";

// What the downloads of a published statement (JSON, Markdown) share: the revision asked for by
// `?revision=N` (the latest without it) and the words of their 404.

/** The published statement revision a download asks for. */
export function publishedStatementFor(request: Request, slug: string) {
  const revision = Number(new URL(request.url).searchParams.get("revision")) || undefined;
  return getPublishedStatement({ slug, revision });
}

/** Why there is nothing to download. */
export function missingStatementText(missing: "consultation" | "statement" | "revision"): string {
  if (missing === "statement") return "The final response statement has not been published yet.";
  return missing === "revision" ? "No such revision." : "Not found.";
}
