import { z } from "zod";

/** "My address works again": clears the bounces that stopped notifications. */
export const clearBouncesSchema = z.object({});

/** The representative confirms, on the web, that their comment sent by mail speaks for their organisation. */
export const commentOnBehalfSchema = z.object({
  commentId: z.string({ error: "That comment was not found." }).min(1, "That comment was not found.").max(100),
  organisationId: z.string({ error: "Choose the organisation." }).trim().min(1, "Choose the organisation.").max(100),
});
