import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/auth.server";
import { readForm } from "~/services/form-action.server";
import { renderMarkdown } from "~/services/markdown.server";
import { hitRateLimit } from "~/services/rate-limit.server";
import { parseForm } from "~/validation/form";
import { markdownPreviewSchema } from "~/validation/markdown";

// The live preview of the markdown editors (JavaScript only; without it, forms have a Preview
// button that renders on the server the same way). Rendering is exactly what saving stores.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const limited = await hitRateLimit({ key: `preview:${user.id}`, limit: 120, windowSeconds: 60 });
  if (!limited.allowed) return Response.json({ html: "" }, { status: 429 });
  const parsed = parseForm(markdownPreviewSchema, await readForm(request));
  if (!parsed.success) return Response.json({ html: "" }, { status: 400 });
  const { html } = renderMarkdown(parsed.data.source, { headingIds: parsed.data.kind === "plan" });
  return Response.json({ html });
}
