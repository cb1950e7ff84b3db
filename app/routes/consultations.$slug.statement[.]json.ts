import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublishedStatement, statementJsonExport } from "~/features/statement/statement.server";

// A published revision of the final statement with all its data, for archives: the frozen
// content exactly as hashed (`contentHash` is the SHA-256 of the `content` member's bytes).
// `?revision=N` for an earlier revision.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const revision = Number(new URL(request.url).searchParams.get("revision")) || undefined;
  const found = await getPublishedStatement({ slug: params.slug!, revision });
  if (found.missing) {
    const error =
      found.missing === "statement"
        ? "The final response statement has not been published yet."
        : found.missing === "revision"
          ? "No such revision."
          : "Not found.";
    return Response.json({ error }, { status: 404 });
  }
  return new Response(statementJsonExport(found), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="consultation-${found.consultation.number}-statement-r${found.revision.number}.json"`,
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
