import { z } from "zod";
import { displayNameField } from "./sign-in-validation";

export const renameSchema = z.object({ displayName: displayNameField });

export const endSessionSchema = z.object({ sessionId: z.string().min(1) });

export const endOtherSessionsSchema = z.object({});
