import { data } from "@remix-run/node";
import type { z } from "zod";
import { translate } from "~/i18n/catalogue.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { Refused } from "~/models/refusal.server";
import { stagingDir } from "./attachment-store.server";
import { discardStaged, MultipartError, readMultipart, type StagedFile, type UploadLimits } from "./multipart.server";
import { fieldErrors, formValues, parseForm, type FormReply } from "~/validation/form";

// Every form post takes one path: read the body → pick the form by its `intent` → check it with
// that form's zod schema → one call into the models → a redirect, or the user's input back with a
// message for each field. Routes only declare the table of their forms.

/** What a form's handler may answer: a redirect (or any Response), a refusal, or a preview to show. */
export type Outcome = Response | Refused | { preview: string | null };

/** The files of a multipart form posted where uploads are taken (handleForm's `uploads`). */
export type Uploads = { files: StagedFile[]; extraFiles: number };

export type FormHandler<S extends z.ZodType = z.ZodType> = {
  schema: S;
  run: (input: z.output<S>, form: FormData, uploads: Uploads) => Outcome | Promise<Outcome>;
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
  return (await readFormWithUploads(request)).form;
}

const NO_UPLOADS: Uploads = { files: [], extraFiles: 0 };

/**
 * readForm for the addresses that take files (`limits`): a multipart body is streamed, its files
 * staged on disk (multipart.server.ts). Only multipart bodies get those addresses' larger body
 * limit (http-security.server.ts), so any other form is read as usual.
 */
async function readFormWithUploads(request: Request, limits?: UploadLimits): Promise<{ form: FormData } & Uploads> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // A POST with no body at all (a bare button press from a script) is an empty form.
  if (!type && request.body === null) return { form: new FormData(), ...NO_UPLOADS };
  if (!FORM_TYPES.has(type)) {
    throw refuseBody(request, 415, "This address takes a form: send application/x-www-form-urlencoded or multipart/form-data.");
  }
  if (limits && type === "multipart/form-data") {
    try {
      return await readMultipart(request, limits, stagingDir());
    } catch (error) {
      if (error instanceof MultipartError) throw refuseBody(request, error.status, error.message);
      throw error;
    }
  }
  try {
    return { form: await request.formData(), ...NO_UPLOADS };
  } catch {
    throw refuseBody(request, 400, "The submitted form could not be read: its body is malformed.");
  }
}

function refuseBody(request: Request, status: 400 | 413 | 415, message: string): Response {
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
export async function handleForm(request: Request, forms: Record<string, FormHandler>, options: { uploads?: UploadLimits } = {}): Promise<FormResponse> {
  const { form: body, ...uploads } = await readFormWithUploads(request, options.uploads);
  try {
    return await answerForm(request, body, uploads, forms);
  } finally {
    // Files a handler kept were moved into the store; the others go.
    await discardStaged(uploads.files);
  }
}

async function answerForm(request: Request, body: FormData, uploads: Uploads, forms: Record<string, FormHandler>): Promise<FormResponse> {
  const values = formValues(body);
  const names = Object.keys(forms);
  const intent = values.intent ?? (names.length === 1 ? names[0]! : "");
  const handler = Object.hasOwn(forms, intent) ? forms[intent] : undefined;
  const reply = (errors: Record<string, string>, status: number, extra: { preview?: string | null; headers?: HeadersInit } = {}) =>
    formReply({ intent, values, errors, ...("preview" in extra ? { preview: extra.preview } : {}) }, status, extra.headers);
  if (!handler) return reply({ form: translate(await requestLocale(request), "shell.form.notAvailable") }, 400);

  const parsed = parseForm(handler.schema, body);
  if (!parsed.success) return reply(fieldErrors(parsed.error), 400);
  const outcome = await handler.run(parsed.data, body, uploads);
  if (outcome instanceof Response) return outcome;
  if ("preview" in outcome) return reply({}, 200, { preview: outcome.preview });
  const headers = outcome.retryAfterSeconds ? { "Retry-After": String(outcome.retryAfterSeconds) } : undefined;
  // A permission refusal is worded in the language of the page that posted the form.
  const message = outcome.messageId ? translate(await requestLocale(request), outcome.messageId) : outcome.message;
  return reply({ [outcome.field ?? "form"]: message }, outcome.status, { headers });
}

/**
 * handleForm's answer for a script that posts the form itself (to show upload progress): JSON,
 * `{ redirect }` where a browser would have been redirected (the flash cookie still set), or the
 * refused form's reply with its status.
 */
export function asJsonReply(response: FormResponse): Response {
  if (response instanceof Response) {
    const location = response.headers.get("location");
    if (!location) return response;
    const headers = new Headers();
    for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
    return Response.json({ redirect: location }, { headers });
  }
  return Response.json(response.data, response.init ?? undefined);
}
