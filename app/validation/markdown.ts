import { z } from "zod";

/** The live preview of a markdown editor: the text so far, rendered as a plan or as a comment. */
export const markdownPreviewSchema = z.object({ source: z.string().max(200_000), kind: z.enum(["plan", "comment"]).default("comment") });
