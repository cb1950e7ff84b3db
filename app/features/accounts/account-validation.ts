import { z } from "zod";

// The account page's session buttons (its name form is accountSchemas(locale).rename, in
// sign-in-validation.ts). Only a hand-made form can lack these ids.

export const endSessionSchema = z.object({ sessionId: z.string().min(1) });

export const endOtherSessionsSchema = z.object({});
