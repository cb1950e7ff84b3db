import { z } from "zod";

export const accountActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rename"),
    displayName: z
      .string()
      .trim()
      .min(2, "Enter at least 2 characters.")
      .max(80, "Use at most 80 characters.")
      .regex(/^[^\u0000-\u001f<>]+$/, "Use letters, spaces and ordinary punctuation only."),
  }),
  z.object({ intent: z.literal("end-session"), sessionId: z.string().min(1) }),
  z.object({ intent: z.literal("end-other-sessions") }),
]);
