import { z } from "zod";

export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.org." }))
  .transform((v) => v.toLowerCase());

export const signInRequestSchema = z.object({
  email: emailField,
  redirectTo: z.string().optional(),
});

/** The token of an emailed sign-in link (anything else is refused by the token check). */
export const signInLinkSchema = z.object({ token: z.string().max(200).catch("") });

const NO_SIGN_IN = "This page does not belong to a sign-in request. Ask for a new sign-in email.";

export const signInCodeSchema = z.object({
  login: z.string({ error: NO_SIGN_IN }).min(1, NO_SIGN_IN).max(100, NO_SIGN_IN),
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email.")),
});

/** The name shown on a person's comments (chosen at the first sign-in, changed in the account). */
export const displayNameField = z
  .string()
  .trim()
  .min(2, "Enter at least 2 characters.")
  .max(80, "Use at most 80 characters.")
  .regex(/^[^\u0000-\u001f<>]+$/, "Use letters, spaces and ordinary punctuation only.");

export const displayNameSchema = z.object({ displayName: displayNameField, redirectTo: z.string().optional() });
