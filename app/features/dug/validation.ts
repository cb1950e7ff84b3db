import { z } from "zod";
import { POSITIONS } from "~/features/dug/rule";
import { SEAT_KINDS } from "~/features/dug/seats";
import { utcDateTime } from "~/features/consultations/validation";

// Forms of the DUG pages (/consultations/:slug/dug and /admin/dug). The business rules
// (who may act, when) are in review.server.ts and roster.server.ts, which take what these give.

const reviewId = z.string({ error: "This form is missing its review." }).trim().min(1, "This form is missing its review.").max(64);

export const openReviewSchema = z.object({ deadline: utcDateTime("deadline") });

export const positionSchema = z
  .object({
    reviewId,
    position: z.enum(POSITIONS, { error: "Choose a position." }),
    rationale: z.string().trim().max(5000, "Use at most 5000 characters.").default(""),
    conditions: z.string().trim().max(5000, "Use at most 5000 characters.").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.position === "object" && !v.rationale) {
      ctx.addIssue({ code: "custom", path: ["rationale"], message: "An objection blocks agreement: explain it in the rationale." });
    }
    if (v.position === "agree_with_conditions" && !v.conditions) {
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "List the conditions of your agreement." });
    }
  });

export const adviceSchema = z.object({
  reviewId,
  bodyMd: z.string({ error: "Write your advice." }).trim().min(1, "Write your advice.").max(10000, "Use at most 10000 characters."),
});

export const certifySchema = z.object({
  reviewId,
  outcome: z.enum(["agreed", "not_agreed"], { error: "Choose the outcome to certify." }),
});

/** A `date` input, read as midnight UTC. */
const utcDate = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date, like 2027-03-01.`)
    .transform((v) => new Date(`${v}T00:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()), `Enter the ${label} as a date, like 2027-03-01.`);

export const seatSchema = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "Enter the member's email address." })),
    seat: z.enum(SEAT_KINDS, { error: "Choose voting member or liaison." }),
    organisationId: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform((v) => v || null),
    liaisonFrom: z
      .string()
      .trim()
      .max(120, "Use at most 120 characters.")
      .optional()
      .transform((v) => v || null),
    termStart: utcDate("start of the term"),
    termEnd: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .pipe(utcDate("end of the term").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.seat === "voting" && !v.organisationId)
      ctx.addIssue({ code: "custom", path: ["organisationId"], message: "A voting member comes from a TLD registry operator: choose it." });
    if (v.seat === "liaison" && !v.liaisonFrom)
      ctx.addIssue({ code: "custom", path: ["liaisonFrom"], message: "Say whom the liaison comes from (e.g. the IETF)." });
    if (v.termEnd && v.termEnd <= v.termStart) ctx.addIssue({ code: "custom", path: ["termEnd"], message: "The term must end after it starts." });
  });

const NO_SEAT = "This form is missing its seat. Reload the page and try again.";
export const seatIdSchema = z.object({ seatId: z.string({ error: NO_SEAT }).trim().min(1, NO_SEAT).max(64, NO_SEAT) });
