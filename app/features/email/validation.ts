import { z } from "zod";

export const reprocessInboundSchema = z.object({
  id: z.string({ error: "Choose a message to process again." }).min(1, "Choose a message to process again.").max(64),
});

/** "My address works again": clears the bounces that stopped notifications. */
export const clearBouncesSchema = z.object({});
