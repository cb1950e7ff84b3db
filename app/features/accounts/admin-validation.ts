import { z } from "zod";
import { MAX_ATTACHMENT_MB_CEILING } from "~/features/attachments/rules";
import { ROLES } from "~/models/roles";
import { ORGANISATION_KINDS } from "~/features/accounts/organisation-kinds";

export const roleChangeSchema = z.object({ role: z.enum(ROLES, { error: "Choose a role." }) });

export const verifySchema = z.object({
  organisationId: z.string({ error: "Choose an organisation." }).min(1, "Choose an organisation."),
  title: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .optional()
    .transform((v) => v || null),
});

export const revokeMembershipSchema = z.object({ membershipId: z.string().min(1) });

const tldList = z
  .string()
  .transform((v) =>
    v
      .split(/[\s,]+/)
      .map((t) => t.trim().toLowerCase().replace(/^\./, ""))
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/, "Each TLD is letters only (or an xn-- label), like .nz or .museum."))
      .min(1, "List at least one TLD the organisation runs.")
      .max(500, "At most 500 TLDs."),
  )
  .transform((list) => [...new Set(list)]);

export const organisationSchema = z.object({
  name: z.string().trim().min(2, "Enter the organisation's name.").max(120, "Use at most 120 characters."),
  kind: z.enum(ORGANISATION_KINDS, { error: "Choose ccTLD or gTLD." }),
  website: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || null)
    .pipe(z.url({ protocol: /^https?$/, error: "Enter a web address starting with https://" }).nullable()),
  tlds: tldList,
});

const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${what}.` })
    .int("Enter a whole number.")
    .min(min, `At least ${min}.`)
    .max(max, `At most ${max}.`);

/** /admin/settings: the minimum comment period and the DUG's decision rule (docs/decisions/013). */
export const siteSettingsSchema = z.object({
  minCommentDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days."),
  dugQuorumPercent: wholeNumber("a percentage", 0, 100),
  dugAgreePercent: wholeNumber("a percentage", 0, 100),
  dugObjectionsTolerated: wholeNumber("a number", 0, 8),
  // Attachments (app/features/attachments/rules.ts): the upload addresses' body limit allows 25 MB a
  // file. Left out of a post, a setting keeps its value.
  attachmentMaxMb: wholeNumber("a number of MB", 1, MAX_ATTACHMENT_MB_CEILING).optional(),
  attachmentsPerUserPerDay: wholeNumber("a number of files", 0, 1000).optional(),
  attachmentMbPerConsultation: wholeNumber("a number of MB", 0, 1_000_000).optional(),
});

/** Staff → Outgoing mail: deliver a failed or retrying message again now. */
export const retryMailSchema = z.object({ id: z.string({ error: "Choose a message to retry." }).min(1, "Choose a message to retry.").max(64) });
