import type { LoaderFunctionArgs } from "@remix-run/node";
import { statementJsonExport } from "~/features/statement/published.server";
import { missingStatementText, publishedStatementFor } from "~/features/statement/export.server";
import { attachmentsOf, exportComments } from "~/features/comments/comment-export.server";
import { absoluteUrl } from "~/services/env.server";

// A published revision of the final statement with all its data, for archives: the frozen
// content exactly as hashed (`contentHash` is the SHA-256 of the `content` member's bytes).
// `?revision=N` for an earlier revision.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await publishedStatementFor(request, params.slug!);
  if (found.missing) return Response.json({ error: missingStatementText(found.missing) }, { status: 404 });
  const attachments = attachmentsOf(await exportComments({ consultationId: found.consultation.id, urlOf: absoluteUrl }));
  return new Response(statementJsonExport(found, attachments), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="consultation-${found.consultation.number}-statement-r${found.revision.number}.json"`,
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
