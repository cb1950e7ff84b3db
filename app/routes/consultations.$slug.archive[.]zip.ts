import type { LoaderFunctionArgs } from "@remix-run/node";
import { consultationArchive } from "~/features/consultations/archive.server";
import { absoluteUrl } from "~/services/env.server";

// The whole public record of a consultation in one zip, with a manifest of SHA-256 sums.
export async function loader({ params }: LoaderFunctionArgs) {
  const archive = await consultationArchive({ slug: params.slug!, urlOf: absoluteUrl });
  if (!archive) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(archive.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="consultation-${archive.number}-archive.zip"`,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
