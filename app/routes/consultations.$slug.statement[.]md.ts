import type { LoaderFunctionArgs } from "@remix-run/node";
import { missingStatementText, publishedStatementFor } from "~/features/statement/export.server";

// A published revision of the final statement as Markdown (the frozen text). `?revision=N` for
// an earlier revision.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await publishedStatementFor(request, params.slug!);
  if (found.missing) return new Response(`${missingStatementText(found.missing)}\n`, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(found.revision.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `inline; filename="consultation-${found.consultation.number}-statement-r${found.revision.number}.md"`,
      "Cache-Control": "public, max-age=60",
    },
  });
}
