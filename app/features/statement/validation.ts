import { z } from "zod";
import { DISPOSITIONS } from "~/features/statement/content";

// Forms of the statement builder. One page holds several forms (each comment's own, the bulk
// form, the texts, publishing): each carries an `intent` field.

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const THEME_NAME_TOO_LONG = "A theme name can have at most 100 characters.";

/** Theme names: ticked existing themes (`theme`) plus new names, comma-separated (`newThemes`). */
const themeList = z.preprocess(asList, z.array(z.string().max(100, THEME_NAME_TOO_LONG)).max(50));

const dispositionFields = {
  disposition: z.enum(DISPOSITIONS, { error: "Choose a disposition." }),
  responseMd: z
    .string({ error: "Write the response: what was done with the comment, and why." })
    .trim()
    .min(1, "Write the response: what was done with the comment, and why.")
    .max(10_000, "A response can have at most 10,000 characters."),
  planVersion: z.preprocess(blankToUndefined, z.coerce.number({ error: "Choose a plan version." }).int().min(1).optional()),
  sectionId: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  theme: themeList,
  newThemes: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(1000)
      .refine((names) => names.split(",").every((name) => name.trim().length <= 100), THEME_NAME_TOO_LONG)
      .optional(),
  ),
};

/** Where to come back to after saving: the builder's page with its filters (checked again by safeRedirect). */
const returnTo = z.string().max(2000).optional();

export type DispositionInput = z.output<z.ZodObject<typeof dispositionFields>>;

export const disposeSchema = z.object({
  returnTo,
  commentId: z.string({ error: "That comment was not found." }).min(1, "That comment was not found.").max(100),
  ...dispositionFields,
});

export const bulkSchema = z.object({
  returnTo,
  commentId: z.preprocess(
    asList,
    z.array(z.string().max(100)).min(1, "Tick at least one comment in the list, then apply.").max(200, "Answer at most 200 comments at once."),
  ),
  ...dispositionFields,
});

const statementText = z.string().max(50_000, "Use at most 50,000 characters.");

/** The builder's texts; each theme's summary is a field `theme:<theme id>`. */
export const textsSchema = z
  .looseObject({
    returnTo,
    introMd: statementText.default(""),
    analysisMd: statementText.default(""),
    nextStepsMd: statementText.default(""),
  })
  .transform(({ returnTo, introMd, analysisMd, nextStepsMd, ...rest }, ctx) => {
    const themeSummaries: Record<string, string> = {};
    for (const [field, value] of Object.entries(rest)) {
      if (!field.startsWith("theme:")) continue;
      const summary = statementText.safeParse(value);
      if (summary.success) themeSummaries[field.slice("theme:".length)] = summary.data;
      else ctx.addIssue({ code: "custom", path: [field], message: summary.error.issues[0]!.message });
    }
    return { returnTo, introMd, analysisMd, nextStepsMd, themeSummaries };
  });

/** Taking one of the statement's files off its draft (`position`: its permalink number). */
export const removeFileSchema = z.object({
  returnTo,
  position: z.coerce.number({ error: "Choose the file to remove." }).int().min(1).max(1_000_000),
});

export const publishSchema = z.object({
  basedOnRevision: z.coerce.number().int().min(0),
  erratum: z.preprocess(blankToUndefined, z.string().max(2000, "Use at most 2,000 characters for the erratum note.").optional()),
});

/** The theme names of a disposition form: ticked ones and new ones. */
export function themeNames(input: { theme: string[]; newThemes?: string }): string[] {
  return [...input.theme, ...(input.newThemes ?? "").split(",")].map((t) => t.trim()).filter(Boolean);
}

/** The builder's list filters (query string). */
export const workListQuery = z.object({
  view: z.enum(["comments", "hidden", "texts", "publish"]).catch("comments"),
  section: z.string().max(200).optional().catch(undefined),
  organisation: z.string().max(100).optional().catch(undefined),
  kind: z.enum(["cctld", "gtld", "individual"]).optional().catch(undefined),
  theme: z.string().max(100).optional().catch(undefined),
  unanswered: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on")
    .catch(false),
});

/** The published statement's query string: an earlier revision, a page of the response table. */
export const statementPageQuery = z.object({
  revision: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  responses: z.coerce.number().int().min(1).max(100_000).catch(1),
});
