import { z } from "zod";
import { LOCALES } from "~/services/language";

/** The language switcher: the chosen language and the page to come back to. */
export const languageSchema = z.object({ lang: z.enum(LOCALES, { error: "Choose one of the six languages." }), redirectTo: z.string().optional() });
