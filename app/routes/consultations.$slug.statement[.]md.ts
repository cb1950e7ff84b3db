import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublishedStatement } from "~/features/statement/statement.server";

// A published revision of the final statement as Markdown (the frozen text). `?revision=N` for
// an earlier revision.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const revision = Number(new URL(request.url).searchParams.get("revision")) || undefined;
  const found = await getPublishedStatement({ slug: params.slug!, revision });
  if (found.missing) {
    const message =
      found.missing === "statement"
        ? "The final response statement has not been published yet.\n"
        : found.missing === "revision"
          ? "No such revision.\n"
          : "Not found.\n";
    return new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(found.revision.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `inline; filename="consultation-${found.consultation.number}-statement-r${found.revision.number}.md"`,
      "Cache-Control": "public, max-age=60",
    },
  });
}
