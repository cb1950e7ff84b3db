import { redirect } from "@remix-run/node";
import { signedCookie } from "./cookie.server";

// One-time messages shown after a redirect ("Comment posted"). Kept in a short-lived signed
// cookie so they also work for visitors who are not signed in.
function flashCookie() {
  return signedCookie("__flash", 60);
}

/**
 * `message` is the English text; a flash written in a catalogue also carries its `messageId` (and
 * `values`), and is shown in the reader's language.
 */
export type Flash = { kind: "success" | "error" | "info"; message: string; messageId?: string; values?: Record<string, string | number> };

export async function redirectWithFlash(to: string, flash: Flash | string, init: { headers?: Headers } = {}) {
  const headers = init.headers ?? new Headers();
  const value: Flash = typeof flash === "string" ? { kind: "success", message: flash } : flash;
  headers.append("Set-Cookie", await flashCookie().serialize(value));
  return redirect(to, { headers });
}

/** Reads and clears the flash message; returns the Set-Cookie header to clear it, if any. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("__flash=")) return { flash: null, setCookie: null };
  const value: unknown = await flashCookie().parse(header);
  const setCookie = await flashCookie().serialize("", { maxAge: 0 });
  if (!value || typeof value !== "object" || typeof (value as Flash).message !== "string") return { flash: null, setCookie };
  const flash = value as Flash;
  const translated = typeof flash.messageId === "string" ? { messageId: flash.messageId, values: flash.values ?? {} } : {};
  return { flash: { kind: flash.kind ?? "info", message: flash.message.slice(0, 500), ...translated }, setCookie };
}
