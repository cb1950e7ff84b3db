import { z } from "zod";
import { THREAD_SORTS, type ThreadSort } from "~/features/comments/reference";
import { AFFECTED, BASES, CATEGORIES, type Milestone } from "~/features/consultations/fields";
import { NOUNS, plural } from "~/models/plural";

export const MAX_PLAN_LENGTH = 150_000;

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(min, min <= 1 ? `Enter the ${label}.` : `The ${label} needs at least ${plural(min, NOUNS.character)}.`)
    .max(max, `The ${label} can have at most ${plural(max, NOUNS.character)}.`);

/** "YYYY-MM-DD  What happens" per line → milestones; a bad line names its number. */
export const timelineField = z
  .string()
  .optional()
  .transform((value, ctx): Milestone[] => {
    const milestones: Milestone[] = [];
    (value ?? "").split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const match = /^(\d{4}-\d{2}-\d{2})\s*[-–—:]?\s*(.+)$/.exec(line);
      const date = match && new Date(`${match[1]}T00:00:00Z`);
      if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[1]) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: start with a date like 2027-03-01, then what happens.` });
        return;
      }
      milestones.push({ date: match[1], label: match[2].slice(0, 200) });
    });
    if (milestones.length > 30) ctx.addIssue({ code: "custom", message: "At most 30 milestones." });
    return milestones.sort((a, b) => a.date.localeCompare(b.date));
  });

export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(80, "Use at most 80 characters.")
  .regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, "Use lower-case letters, digits and single hyphens, like ksk-algorithm-rollover.")
  .optional()
  .transform((v) => v || undefined);

export const draftSchema = z.object({
  title: text("title", 5, 200),
  summary: text("summary", 20, 600),
  bodyMd: text("plan", 1, MAX_PLAN_LENGTH),
  category: z.enum(CATEGORIES, { error: "Choose a category." }),
  affected: z.enum(AFFECTED, { error: "Choose who is affected." }),
  basis: z.enum(BASES, { error: "Choose the basis of the change." }),
  dugRequired: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
  contactName: text("contact name", 2, 120),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter the contact's email address." })),
  timeline: timelineField,
  slug: slugField,
});
export type DraftInput = z.output<typeof draftSchema>;

/** A `datetime-local` value, read as UTC (the form says so). */
export const utcDateTime = (
  label: string,
  // A translated form gives its own wording (see app/features/dug/validation.ts).
  say: { missing: string; format: string } = { missing: `Enter the ${label}.`, format: `Enter the ${label} as a date and time, like 2027-03-01 12:00.` },
) =>
  z
    .string({ error: say.missing })
    .trim()
    .min(1, say.missing)
    .transform((v, ctx) => {
      const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2})?Z?$/.exec(v);
      const date = m ? new Date(`${m[1]}T${m[2]}:00Z`) : new Date(NaN);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: say.format });
        return z.NEVER;
      }
      return date;
    });

export const publishSchema = z
  .object({
    opensAt: utcDateTime("opening date and time"),
    closesAt: utcDateTime("closing date and time"),
  })
  .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: "The closing must be after the opening." });

export const reviseSchema = z.object({
  bodyMd: text("plan", 1, MAX_PLAN_LENGTH),
  changeSummary: text("summary of changes", 10, 2000),
  timeline: timelineField,
});

/** Extending or shortening the comment period. */
export const closingChangeSchema = z.object({
  closesAt: utcDateTime("new closing date and time"),
  reason: text("reason", 10, 1000),
});

export const withdrawSchema = z.object({
  reason: text("reason", 10, 1000),
});

/** "Preview" of a draft or a revision: renders whatever was typed, before it is checked in full. */
export const planPreviewSchema = z.object({
  bodyMd: z
    .string()
    .max(MAX_PLAN_LENGTH, `A plan can have at most ${MAX_PLAN_LENGTH.toLocaleString("en")} characters.`)
    .default(""),
});

/** A consultation page's query string: the plan version shown, the order of threads, a section. */
export const consultationPageQuery = z.object({
  version: z.coerce.number().int().min(1).optional().catch(undefined),
  sort: z.enum(THREAD_SORTS as [ThreadSort, ...ThreadSort[]]).catch("oldest"),
  section: z.string().max(200).optional().catch(undefined),
});

/** The plan versions compared on the diff page. */
export const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
