import { createCookie } from "@remix-run/node";
import { env } from "./env.server";

/**
 * A signed cookie the page's scripts cannot read, sent on same-site navigations only, and only
 * over HTTPS when the app is served over it: the terms every cookie of the app is set on.
 */
export function signedCookie(name: string, maxAgeSeconds: number) {
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https:"),
    path: "/",
    maxAge: maxAgeSeconds,
    secrets: [env().SESSION_SECRET],
  });
}
