import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** The first error message of each field, for showing next to the field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    // Errors inside a list (e.g. one bad TLD of many) belong to the list's field.
    const key = issue.path.length ? String(issue.path[0]) : "form";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * A form's values as plain strings, to send back so the user's input is kept. A field sent
 * several times (ticked boxes sharing a name) comes back as its values joined by commas.
 */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (all.length) out[key] = all.join(",");
  }
  return out;
}

export function parseForm<T extends z.ZodType>(schema: T, form: FormData) {
  const values: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : all[0];
  }
  return schema.safeParse(values);
}

/**
 * What an action answers when it refuses a form: which form (its `intent`), what the user typed
 * (so nothing is lost) and a message per field ("form" for the whole form). Shared by the server's
 * form handling and the components that show the errors.
 */
export type FormReply = { intent: string; values: Record<string, string>; errors: FieldErrors; preview?: string | null };
