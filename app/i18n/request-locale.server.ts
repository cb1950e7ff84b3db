import { getCurrentUser } from "~/services/session.server";
import { negotiateLocale, type Locale } from "~/services/language";

/** The language of this request's page, as the root loader decides it (language.ts). */
export async function requestLocale(request: Request): Promise<Locale> {
  const user = await getCurrentUser(request);
  return negotiateLocale({
    pathname: new URL(request.url).pathname,
    cookie: request.headers.get("Cookie"),
    acceptLanguage: request.headers.get("Accept-Language"),
    saved: user?.language,
  });
}
