import { z } from "zod";
import { ROLES } from "~/models/roles";
import { ORGANISATION_KINDS } from "~/models/organisation-kinds";


export const roleChangeSchema = z.object({
  intent: z.enum(["grant-role", "revoke-role"]),
  role: z.enum(ROLES, { error: "Choose a role." }),
});

export const verifySchema = z.object({
  intent: z.literal("verify"),
  organisationId: z.string({ error: "Choose an organisation." }).min(1, "Choose an organisation."),
  title: z.string().trim().max(100, "Use at most 100 characters.").optional().transform((v) => v || null),
});

export const revokeMembershipSchema = z.object({
  intent: z.literal("revoke-membership"),
  membershipId: z.string().min(1),
});

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
