import { recordAudit } from "~/models/audit.server";
import { db } from "~/services/db.server";
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, type Locale } from "~/services/language";
import { env } from "~/services/env.server";

/** Saves a signed-in person's interface language (only when it changes, with its audit event). */
export async function saveLanguage({ userId, language }: { userId: string; language: Locale }): Promise<void> {
  await db().$transaction(async (tx) => {
    // "Not this language" must include no language at all (SQL's NULL is not unequal to anything).
    const { count } = await tx.user.updateMany({ where: { id: userId, OR: [{ language: null }, { language: { not: language } }] }, data: { language } });
    if (count > 0) await recordAudit(tx, { actorId: userId, action: "user.language", subjectType: "User", subjectId: userId, data: { language } });
  });
}

/**
 * The Set-Cookie value that keeps the chosen language: a plain value (language.ts reads it
 * without a secret, so does the page cache), on the terms of the app's other cookies.
 */
export function languageCookie(language: Locale): string {
  const secure = env().APP_URL.startsWith("https:") ? "; Secure" : "";
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`;
}
