import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Refused } from "~/models/refusal.server";
import { fieldErrors, formValues, parseForm, type FormReply } from "~/validation/form";

// Every form post takes one path: read the body → pick the form by its `intent` → check it with
// that form's zod schema → one call into the models → a redirect, or the user's input back with a
// message for each field. Routes only declare the table of their forms.

/** What a form's handler may answer: a redirect (or any Response), a refusal, or a preview to show. */
export type Outcome = Response | Refused | { preview: string | null };

export type FormHandler<S extends z.ZodType = z.ZodType> = {
  schema: S;
  run: (input: z.output<S>, form: FormData) => Outcome | Promise<Outcome>;
};

/** One entry of a route's form table (a function only so TypeScript infers `input` from `schema`). */
export function form<S extends z.ZodType>(schema: S, run: FormHandler<S>["run"]): FormHandler<S> {
  return { schema, run };
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The posted form, or a thrown 415 (not a form) or 400 (a form that cannot be read, e.g. a
 * multipart body without its boundary or closing delimiter). Browsers never send either, so these
 * are logged as one short line, not as the stack trace of an error.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // A POST with no body at all (a bare button press from a script) is an empty form.
  if (!type && request.body === null) return new FormData();
  if (!FORM_TYPES.has(type)) {
    throw refuseBody(request, 415, "This address takes a form: send application/x-www-form-urlencoded or multipart/form-data.");
  }
  try {
    return await request.formData();
  } catch {
    throw refuseBody(request, 400, "The submitted form could not be read: its body is malformed.");
  }
}

function refuseBody(request: Request, status: 400 | 415, message: string): Response {
  const type = request.headers.get("content-type") ?? "none";
  console.warn(`${status} ${request.method} ${new URL(request.url).pathname}: unreadable form body (Content-Type: ${type.slice(0, 80)})`);
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The answer that re-renders a refused form with what the user typed and what is wrong. */
export function formReply(reply: FormReply, status: number, headers?: HeadersInit) {
  return data<FormReply>(reply, { status, headers });
}

export type FormResponse = Response | ReturnType<typeof formReply>;

/**
 * Runs the form posted to a route: `forms` maps each `intent` to its schema and handler. A form
 * without an `intent` field is the route's only form, when it has one.
 */
export async function handleForm(request: Request, forms: Record<string, FormHandler>): Promise<FormResponse> {
  const body = await readForm(request);
  const values = formValues(body);
  const names = Object.keys(forms);
  const intent = values.intent ?? (names.length === 1 ? names[0]! : "");
  const handler = Object.hasOwn(forms, intent) ? forms[intent] : undefined;
  const reply = (errors: Record<string, string>, status: number, extra: { preview?: string | null; headers?: HeadersInit } = {}) =>
    formReply({ intent, values, errors, ...("preview" in extra ? { preview: extra.preview } : {}) }, status, extra.headers);
  if (!handler) return reply({ form: "That action is not available here. Reload the page and try again." }, 400);

  const parsed = parseForm(handler.schema, body);
  if (!parsed.success) return reply(fieldErrors(parsed.error), 400);
  const outcome = await handler.run(parsed.data, body);
  if (outcome instanceof Response) return outcome;
  if ("preview" in outcome) return reply({}, 200, { preview: outcome.preview });
  const headers = outcome.retryAfterSeconds ? { "Retry-After": String(outcome.retryAfterSeconds) } : undefined;
  return reply({ [outcome.field ?? "form"]: outcome.message }, outcome.status, { headers });
}
