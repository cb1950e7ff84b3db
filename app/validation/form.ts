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

/** A form's values as plain strings, to send back so the user's input is kept. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") out[key] = value;
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
