import { z } from "zod";
import { DISPOSITIONS } from "~/features/statement/content";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import type { Locale } from "~/services/language";
import { TRANSLATION_LANGUAGES } from "~/features/translations/languages";

// Forms of the statement builder. One page holds several forms (each comment's own, the bulk
// form, the texts, publishing): each carries an `intent` field. Their refusals are in the language
// of the page the form was sent from: builderSchemas(locale).

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Where to come back to after saving: the builder's page with its filters (checked again by safeRedirect). */
const returnTo = z.string().max(2000).optional();

const THEME_NAME = 100;
const RESPONSE = 10_000;
const BULK = 200;
const TEXT = 50_000;
const ERRATUM = 2000;

// The builder's forms with their refusals in one language (built once per language).
function schemasIn(locale: Locale) {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const themeTooLong = say("statement.refusal.themeTooLong", { max: THEME_NAME });
  const writeResponse = say("statement.refusal.writeResponse");
  const commentNotFound = say("statement.refusal.commentNotFound");

  /** Theme names: ticked existing themes (`theme`) plus new names, comma-separated (`newThemes`). */
  const themeList = z.preprocess(asList, z.array(z.string().max(THEME_NAME, themeTooLong)).max(50));

  const dispositionFields = {
    disposition: z.enum(DISPOSITIONS, { error: say("statement.refusal.chooseDisposition") }),
    responseMd: z
      .string({ error: writeResponse })
      .trim()
      .min(1, writeResponse)
      .max(RESPONSE, say("statement.refusal.responseTooLong", { max: RESPONSE })),
    planVersion: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: say("statement.refusal.choosePlanVersion") })
        .int()
        .min(1)
        .optional(),
    ),
    sectionId: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    theme: themeList,
    newThemes: z.preprocess(
      blankToUndefined,
      z
        .string()
        .max(1000)
        .refine((names) => names.split(",").every((name) => name.trim().length <= THEME_NAME), themeTooLong)
        .optional(),
    ),
  };

  const statementText = z.string().max(TEXT, say("statement.refusal.textTooLong", { max: TEXT }));
  const themeName = z.string({ error: themeTooLong }).max(THEME_NAME, themeTooLong);

  return {
    dispose: z.object({
      returnTo,
      commentId: z.string({ error: commentNotFound }).min(1, commentNotFound).max(100),
      ...dispositionFields,
    }),
    bulk: z.object({
      returnTo,
      commentId: z.preprocess(
        asList,
        z
          .array(z.string().max(100))
          .min(1, say("statement.refusal.tickOne"))
          .max(BULK, say("statement.refusal.tooMany", { max: BULK })),
      ),
      ...dispositionFields,
    }),
    /** The builder's texts; each theme's summary is a field `theme:<theme id>`. */
    texts: z
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
      }),
    /** Taking one of the statement's files off its draft (`position`: its permalink number). */
    removeFile: z.object({
      returnTo,
      position: z.coerce
        .number({ error: say("statement.refusal.chooseFile") })
        .int()
        .min(1)
        .max(1_000_000),
    }),
    /**
     * A translation of the published statement's own texts (at least one of them); each theme's
     * name and summary are fields `themeName-<i>` and `themeSummary-<i>`, `i` its place in the
     * revision's content (an empty one: the English is shown).
     */
    translate: z
      .looseObject({
        language: z.enum(TRANSLATION_LANGUAGES, { error: say("statement.translation.refusal.language") }),
        introMd: statementText.trim().default(""),
        analysisMd: statementText.trim().default(""),
        nextStepsMd: statementText.trim().default(""),
      })
      .transform(({ language, introMd, analysisMd, nextStepsMd, ...rest }, ctx) => {
        const themes: { name: string; summaryMd: string }[] = [];
        for (const [field, value] of Object.entries(rest)) {
          const m = /^theme(Name|Summary)-(\d{1,3})$/.exec(field);
          if (!m) continue;
          const parsed = (m[1] === "Name" ? themeName : statementText).safeParse(value);
          if (!parsed.success) {
            ctx.addIssue({ code: "custom", path: [field], message: parsed.error.issues[0]!.message });
            continue;
          }
          const i = Number(m[2]);
          while (themes.length <= i) themes.push({ name: "", summaryMd: "" });
          themes[i] = { ...themes[i]!, [m[1] === "Name" ? "name" : "summaryMd"]: parsed.data.trim() };
        }
        return { language, introMd, analysisMd, nextStepsMd, themes };
      })
      .refine((t) => t.introMd || t.analysisMd || t.nextStepsMd || t.themes.some((x) => x.name || x.summaryMd), {
        path: ["introMd"],
        message: say("statement.translation.refusal.empty"),
      }),
    publish: z.object({
      basedOnRevision: z.coerce.number().int().min(0),
      erratum: z.preprocess(
        blankToUndefined,
        z
          .string()
          .max(ERRATUM, say("statement.refusal.erratumTooLong", { max: ERRATUM }))
          .optional(),
      ),
    }),
  };
}

export type BuilderSchemas = ReturnType<typeof schemasIn>;
export type DispositionInput = Omit<z.output<BuilderSchemas["dispose"]>, "commentId" | "returnTo">;
const built = new Map<Locale, BuilderSchemas>();

/** The builder forms' schemas with their messages in `locale`. */
export function builderSchemas(locale: Locale): BuilderSchemas {
  let schemas = built.get(locale);
  if (!schemas) built.set(locale, (schemas = schemasIn(locale)));
  return schemas;
}

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
  /** `en`: the English revision as published, inside a page in another language. */
  text: z.literal("en").optional().catch(undefined),
});
