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

export const signInCodeSchema = z.object({
  login: z.string().min(1).max(100),
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from the email.")),
});

export const displayNameSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(2, "Enter at least 2 characters.")
    .max(80, "Use at most 80 characters.")
    .regex(/^[^\u0000-\u001f<>]+$/, "Use letters, spaces and ordinary punctuation only."),
  redirectTo: z.string().optional(),
});
