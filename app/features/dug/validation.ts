import { z } from "zod";
import { POSITIONS } from "~/features/dug/rule";
import { SEAT_KINDS } from "~/features/dug/seats";
import { utcDateTime } from "~/features/consultations/validation";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

// Forms of the DUG pages (/consultations/:slug/dug and /admin/dug). The business rules
// (who may act, when) are in review.server.ts and roster.server.ts, which take what these give.
// Their messages are in the reader's language: dugSchemas(locale) gives the schemas in one
// language (built once per language); the constants below are the English ones.

function schemasIn(locale: Locale) {
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const atMost = (max: number) => say("dug.refusal.tooLong", { max });
  const noReview = say("dug.refusal.noReview");
  const reviewId = z.string({ error: noReview }).trim().min(1, noReview).max(64);

  /** A `date` input, read as midnight UTC. */
  const utcDate = (message: string) =>
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .transform((v) => new Date(`${v}T00:00:00Z`))
      .refine((d) => !Number.isNaN(d.getTime()), message);

  const noSeat = say("dug.refusal.noSeat");

  return {
    openReview: z.object({
      deadline: utcDateTime("deadline", { missing: say("dug.refusal.deadlineMissing"), format: say("dug.refusal.deadlineFormat") }),
    }),
    position: z
      .object({
        reviewId,
        position: z.enum(POSITIONS, { error: say("dug.refusal.choosePosition") }),
        rationale: z.string().trim().max(5000, atMost(5000)).default(""),
        conditions: z.string().trim().max(5000, atMost(5000)).default(""),
      })
      .superRefine((v, ctx) => {
        if (v.position === "object" && !v.rationale) {
          ctx.addIssue({ code: "custom", path: ["rationale"], message: say("dug.refusal.objectionRationale") });
        }
        if (v.position === "agree_with_conditions" && !v.conditions) {
          ctx.addIssue({ code: "custom", path: ["conditions"], message: say("dug.refusal.conditionsMissing") });
        }
      }),
    advice: z.object({
      reviewId,
      bodyMd: z
        .string({ error: say("dug.refusal.adviceMissing") })
        .trim()
        .min(1, say("dug.refusal.adviceMissing"))
        .max(10000, atMost(10000)),
    }),
    certify: z.object({
      reviewId,
      outcome: z.enum(["agreed", "not_agreed"], { error: say("dug.refusal.chooseOutcome") }),
    }),
    seat: z
      .object({
        email: z
          .string()
          .trim()
          .toLowerCase()
          .pipe(z.email({ error: say("dug.refusal.email") })),
        seat: z.enum(SEAT_KINDS, { error: say("dug.refusal.seatKind") }),
        organisationId: z
          .string()
          .trim()
          .max(64)
          .optional()
          .transform((v) => v || null),
        liaisonFrom: z
          .string()
          .trim()
          .max(120, atMost(120))
          .optional()
          .transform((v) => v || null),
        termStart: utcDate(say("dug.refusal.termStartFormat")),
        termEnd: z
          .string()
          .trim()
          .optional()
          .transform((v) => v || undefined)
          .pipe(utcDate(say("dug.refusal.termEndFormat")).optional()),
      })
      .superRefine((v, ctx) => {
        if (v.seat === "voting" && !v.organisationId) ctx.addIssue({ code: "custom", path: ["organisationId"], message: say("dug.refusal.registryMissing") });
        if (v.seat === "liaison" && !v.liaisonFrom) ctx.addIssue({ code: "custom", path: ["liaisonFrom"], message: say("dug.refusal.liaisonFromMissing") });
        if (v.termEnd && v.termEnd <= v.termStart) ctx.addIssue({ code: "custom", path: ["termEnd"], message: say("dug.refusal.termOrder") });
      }),
    seatId: z.object({ seatId: z.string({ error: noSeat }).trim().min(1, noSeat).max(64, noSeat) }),
  };
}

export type DugSchemas = ReturnType<typeof schemasIn>;
const built = new Map<Locale, DugSchemas>();

/** The DUG forms' schemas with their messages in `locale`. */
export function dugSchemas(locale: Locale): DugSchemas {
  let schemas = built.get(locale);
  if (!schemas) built.set(locale, (schemas = schemasIn(locale)));
  return schemas;
}

const english = dugSchemas(DEFAULT_LOCALE);
export const positionSchema = english.position;
export const seatSchema = english.seat;
