import { z } from "zod";
import { THREAD_SORTS, type ThreadSort } from "~/features/comments/reference";
import { AFFECTED, BASES, CATEGORIES, type Milestone } from "~/features/consultations/fields";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { perLocale } from "~/i18n/per-locale";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

export const MAX_PLAN_LENGTH = 150_000;

// The staff's forms of a consultation (new draft, edit, publish, revise, change the closing,
// withdraw). Their refusals are in the page's language: consultationSchemas(locale) gives the
// schemas in one language (built once per language); the constants below are the English ones.

type Say = (id: MessageId, values?: Record<string, string | number>) => string;

/** The refusals of one text field: empty, too short, too long. */
type TextMessages = { missing: MessageId; short?: MessageId; long: MessageId };

function textField(say: Say, messages: TextMessages, min: number, max: number) {
  const missing = say(messages.missing);
  return z
    .string({ error: missing })
    .trim()
    .min(min, min <= 1 || !messages.short ? missing : say(messages.short, { min }))
    .max(max, say(messages.long, { max }));
}

/** "YYYY-MM-DD  What happens" per line → milestones; a bad line names its number. */
function timelineFieldIn(say: Say) {
  return z
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
          ctx.addIssue({ code: "custom", message: say("consultations.manage.refusal.timelineLine", { line: i + 1 }) });
          return;
        }
        milestones.push({ date: match[1], label: match[2].slice(0, 200) });
      });
      if (milestones.length > MAX_MILESTONES)
        ctx.addIssue({ code: "custom", message: say("consultations.manage.refusal.timelineTooMany", { max: MAX_MILESTONES }) });
      return milestones.sort((a, b) => a.date.localeCompare(b.date));
    });
}

const MAX_MILESTONES = 30;
const MAX_SLUG_LENGTH = 80;

/** A `datetime-local` value, read as UTC (the form says so); `missing` and `invalid` are its refusals. */
function dateTimeField(missing: string, invalid: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((v, ctx) => {
      const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2})?Z?$/.exec(v);
      const date = m ? new Date(`${m[1]}T${m[2]}:00Z`) : new Date(NaN);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: invalid });
        return z.NEVER;
      }
      return date;
    });
}

/** A `datetime-local` value read as UTC, with English refusals naming `label` (forms not yet translated). */
export const utcDateTime = (
  label: string,
  // A translated form gives its own wording (see app/features/dug/validation.ts).
  say: { missing: string; format: string } = { missing: `Enter the ${label}.`, format: `Enter the ${label} as a date and time, like 2027-03-01 12:00.` },
) => dateTimeField(say.missing, say.format);

function schemasIn(locale: Locale) {
  const say: Say = (id, values) => translate(locale, id, values);
  const r = <N extends string>(name: N) => `consultations.manage.refusal.${name}` as const;
  const text = (name: "title" | "summary" | "contactName" | "changeSummary" | "reason", min: number, max: number) =>
    textField(say, { missing: r(`${name}Missing`), short: r(`${name}Short`), long: r(`${name}Long`) }, min, max);
  const plan = textField(say, { missing: r("planMissing"), long: r("planLong") }, 1, MAX_PLAN_LENGTH);
  const dateTime = (name: "opensAt" | "closesAt" | "newClosesAt") => dateTimeField(say(r(`${name}Missing`)), say(r(`${name}Invalid`)));
  const timeline = timelineFieldIn(say);
  const reason = text("reason", 10, 1000);

  const slug = z
    .string()
    .trim()
    .toLowerCase()
    .max(MAX_SLUG_LENGTH, say("consultations.manage.refusal.slugLong", { max: MAX_SLUG_LENGTH }))
    .regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, say("consultations.manage.refusal.slugInvalid"))
    .optional()
    .transform((v) => v || undefined);

  return {
    draft: z.object({
      title: text("title", 5, 200),
      summary: text("summary", 20, 600),
      bodyMd: plan,
      category: z.enum(CATEGORIES, { error: say("consultations.manage.refusal.categoryMissing") }),
      affected: z.enum(AFFECTED, { error: say("consultations.manage.refusal.affectedMissing") }),
      basis: z.enum(BASES, { error: say("consultations.manage.refusal.basisMissing") }),
      dugRequired: z
        .string()
        .optional()
        .transform((v) => v === "on" || v === "true"),
      contactName: text("contactName", 2, 120),
      contactEmail: z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.email({ error: say("consultations.manage.refusal.contactEmailInvalid") })),
      timeline,
      slug,
    }),
    publish: z
      .object({ opensAt: dateTime("opensAt"), closesAt: dateTime("closesAt") })
      .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: say("consultations.manage.refusal.closesBeforeOpens") }),
    revise: z.object({ bodyMd: plan, changeSummary: text("changeSummary", 10, 2000), timeline }),
    /** Extending or shortening the comment period. */
    closingChange: z.object({ closesAt: dateTime("newClosesAt"), reason }),
    withdraw: z.object({ reason }),
    /** "Preview" of a draft or a revision: renders whatever was typed, before it is checked in full. */
    planPreview: z.object({
      bodyMd: z
        .string()
        .max(MAX_PLAN_LENGTH, say("consultations.manage.refusal.previewLong", { max: MAX_PLAN_LENGTH }))
        .default(""),
    }),
  };
}

/** The staff's consultation forms' schemas with their messages in `locale`. */
export const consultationSchemas = perLocale(schemasIn);

const english = consultationSchemas(DEFAULT_LOCALE);
export const draftSchema = english.draft;
export type DraftInput = z.output<typeof draftSchema>;
export const publishSchema = english.publish;

/** A consultation page's query string: the plan version shown, the order of threads, a section. */
export const consultationPageQuery = z.object({
  version: z.coerce.number().int().min(1).optional().catch(undefined),
  sort: z.enum(THREAD_SORTS as [ThreadSort, ...ThreadSort[]]).catch("oldest"),
  section: z.string().max(200).optional().catch(undefined),
});

/** The plan versions compared on the diff page. */
export const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
