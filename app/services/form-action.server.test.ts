import { redirect } from "@remix-run/node";
import { afterEach, vi } from "vitest";
import { z } from "zod";
import { form, handleForm, readForm } from "./form-action.server";

const url = "http://localhost/somewhere";
const post = (body: BodyInit | null, contentType?: string) =>
  new Request(url, { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });
const urlencoded = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) params.append(k, one);
  return post(params.toString(), "application/x-www-form-urlencoded");
};

/** Runs `fn`, expecting it to throw a Response; returns it. */
async function thrown(fn: () => Promise<unknown>): Promise<Response> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

type Replied = { data: { intent: string; values: Record<string, string>; errors: Record<string, string>; preview?: string | null }; init: ResponseInit | null };
const replied = (result: unknown) => result as Replied;

afterEach(() => vi.restoreAllMocks());

test("a body that is not a form is refused with 415 and a clear message, logged as one short line", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  for (const [body, type] of [
    ['{"email":"a@b.example"}', "application/json"],
    ["email=a@b.example", "text/plain"],
    [new TextEncoder().encode("email=a@b.example"), undefined],
    ["\u0000\u0001", "application/octet-stream"],
  ] as const) {
    const res = await thrown(() => readForm(post(body, type)));
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/takes a form/);
  }
  expect(warn).toHaveBeenCalledTimes(4);
  for (const [line] of warn.mock.calls) {
    expect(String(line)).toMatch(/^415 POST \/somewhere: unreadable form body/);
    expect(String(line)).not.toContain("\n");
  }
});

test("a malformed multipart body (no boundary, or no closing delimiter) is refused with 400", async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const noBoundary = await thrown(() => readForm(post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', "multipart/form-data")));
  expect(noBoundary.status).toBe(400);
  const unterminated = await thrown(() => readForm(post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1', "multipart/form-data; boundary=x")));
  expect(unterminated.status).toBe(400);
  expect(await unterminated.text()).toMatch(/malformed/);
});

test("well-formed url-encoded and multipart forms are read", async () => {
  expect((await readForm(urlencoded({ a: "1" }))).get("a")).toBe("1");
  const body = new FormData();
  body.set("a", "2");
  expect((await readForm(new Request(url, { method: "POST", body }))).get("a")).toBe("2");
});

const forms = {
  rename: form(z.object({ name: z.string().min(2, "Enter at least 2 characters.") }), (input) => redirect(`/done?name=${input.name}`)),
  preview: form(z.object({ text: z.string() }), (input) => ({ preview: `<p>${input.text}</p>` })),
  limited: form(z.object({}), () => ({ ok: false as const, status: 429, message: "Try again in a minute.", retryAfterSeconds: 60 })),
  taken: form(z.object({ name: z.string() }), () => ({ ok: false as const, status: 409, field: "name", message: "That name is taken." })),
};

test("the form named by `intent` is checked with its schema and its handler's redirect is returned", async () => {
  const res = (await handleForm(urlencoded({ intent: "rename", name: "Ana" }), forms)) as Response;
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/done?name=Ana");
});

test("a form that fails its schema comes back with the field's message and everything that was typed", async () => {
  const result = replied(await handleForm(urlencoded({ intent: "rename", name: "A", other: "kept" }), forms));
  expect(result.init?.status).toBe(400);
  expect(result.data).toEqual({ intent: "rename", values: { intent: "rename", name: "A", other: "kept" }, errors: { name: "Enter at least 2 characters." } });
});

test("an unknown or missing intent is refused as a whole-form error, never run", async () => {
  for (const fields of [{ intent: "delete-everything" }, { intent: "__proto__" }, { intent: "toString" }, {}] as Record<string, string>[]) {
    const result = replied(await handleForm(urlencoded(fields), forms));
    expect(result.init?.status).toBe(400);
    expect(result.data.errors.form).toMatch(/not available here/);
  }
});

test("a route's only form needs no intent field", async () => {
  const res = (await handleForm(urlencoded({ name: "Ana" }), { rename: forms.rename })) as Response;
  expect(res.headers.get("Location")).toBe("/done?name=Ana");
});

test("a refusal becomes the field's (or the form's) message with its status, and a rate limit's Retry-After", async () => {
  const taken = replied(await handleForm(urlencoded({ intent: "taken", name: "Ana" }), forms));
  expect(taken.init?.status).toBe(409);
  expect(taken.data.errors).toEqual({ name: "That name is taken." });
  const limited = replied(await handleForm(urlencoded({ intent: "limited" }), forms));
  expect(limited.init?.status).toBe(429);
  expect(limited.data.errors).toEqual({ form: "Try again in a minute." });
  expect(new Headers(limited.init?.headers).get("Retry-After")).toBe("60");
});

test("a preview is answered with 200, the rendered preview and the input kept", async () => {
  const result = replied(await handleForm(urlencoded({ intent: "preview", text: "Hello" }), forms));
  expect(result.init?.status).toBe(200);
  expect(result.data).toMatchObject({ intent: "preview", preview: "<p>Hello</p>", errors: {}, values: { text: "Hello" } });
});

test("ticked boxes sharing a name come back together, so a refused form is shown as it was sent", async () => {
  const result = replied(await handleForm(urlencoded({ intent: "rename", name: "A", categories: ["dnssec", "rdap"] }), forms));
  expect(result.data.values.categories).toBe("dnssec,rdap");
});

test("a POST without any body is an empty form, but a body without a type is refused", async () => {
  expect([...(await readForm(post(null))).keys()]).toEqual([]);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const untyped = post(new TextEncoder().encode("email=a@b.example"));
  expect(untyped.headers.get("content-type")).toBeNull();
  expect((await thrown(() => readForm(untyped))).status).toBe(415);
});
