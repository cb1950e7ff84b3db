import { data } from "@remix-run/node";

/** Responses thrown by loaders and actions; the shared error boundary renders them. */
// Without a message of their own, the error page shows the shell catalogue's (messageId) in the
// reader's language.
export function notFound(message?: string): never {
  throw data(message ? { message } : { message: "We could not find that page.", messageId: "shell.error.notFoundMessage" }, { status: 404 });
}

export function forbidden(message?: string): never {
  throw data(message ? { message } : { message: "You do not have permission to do that.", messageId: "shell.error.forbiddenMessage" }, { status: 403 });
}

/**
 * A local path to return to after an action, or the fallback. Only paths starting with a single
 * "/" are accepted, so "//evil.example" and "https://evil.example" cannot become open redirects.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}
