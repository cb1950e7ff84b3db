import { db } from "~/services/db.server";
import { startSession } from "~/services/session.server";
import type { Role } from "~/models/roles";
import type { SettingKey } from "~/models/settings.server";

let counter = 0;

/** A user with `roles`; the result is also an actor for the model commands (id and roles). */
export async function createUser({ email, displayName = "Test User", roles = [] }: { email?: string; displayName?: string | null; roles?: Role[] } = {}) {
  counter += 1;
  const user = await db().user.create({
    data: {
      email: email ?? `user${counter}-${Date.now()}@example.org`,
      displayName,
      roles: { create: roles.map((role) => ({ role })) },
    },
  });
  return { ...user, roles: [...roles] as string[] };
}

export async function createOrganisation({ name, kind = "cctld", tlds = [] }: { name?: string; kind?: "cctld" | "gtld"; tlds?: string[] } = {}) {
  counter += 1;
  return db().organisation.create({
    data: { name: name ?? `Registry ${counter}`, kind, tlds: { create: tlds.map((t) => ({ name: t })) } },
  });
}

/** Sets a run-time setting directly, as an administrator would at /admin/settings. */
export async function setSetting(key: SettingKey, value: string) {
  await db().setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** A user with `roles` and the Cookie header of a session of theirs. */
export async function signedIn(roles: Role[] = []) {
  const user = await createUser({ roles });
  return { user, cookie: await sessionCookie(user.id) };
}

/** The Cookie header of a fresh session for `userId`. */
export async function sessionCookie(userId: string): Promise<string> {
  const setCookie = await startSession({ request: new Request("http://localhost:3000/"), userId });
  return setCookie.split(";")[0];
}

type RequestOptions = { method?: string; form?: Record<string, string | string[]>; cookie?: string; headers?: Record<string, string> };

/** A real Request as the browser would send it (same-origin, form-encoded). */
export function makeRequest(path: string, { method, form, cookie, headers = {} }: RequestOptions = {}) {
  const init: RequestInit & { headers: Record<string, string> } = {
    method: method ?? (form ? "POST" : "GET"),
    headers: { Origin: "http://localhost:3000", "User-Agent": "vitest", "x-client-ip": "203.0.113.9", ...headers },
  };
  if (cookie) init.headers.Cookie = cookie;
  if (form) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    init.body = body;
    init.headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return new Request(new URL(path, "http://localhost:3000"), init);
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/**
 * Calls a loader or action the way Remix does and returns a Response: thrown Responses and
 * `data()` results are normalised so tests can assert status, headers and body alike.
 */
export async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
  try {
    return toResponse(await handler({ request, params, context: {} }));
  } catch (thrown) {
    return toResponse(thrown, true);
  }
}

export type CallResult = { status: number; headers: Headers; data: any; thrown: boolean };

async function toResponse(value: unknown, thrown = false): Promise<CallResult> {
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* plain text */
    }
    return { status: value.status, headers: value.headers, data, thrown };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const d = value as unknown as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), data: d.data, thrown };
  }
  if (thrown) throw value;
  return { status: 200, headers: new Headers(), data: value, thrown };
}

/** The Set-Cookie headers of a result, as one Cookie header for the next request. */
export function cookiesFrom(result: { headers: Headers }): string {
  return result.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="))
    .join("; ");
}
