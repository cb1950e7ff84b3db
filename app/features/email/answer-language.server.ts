import { mailLocale } from "~/features/following/events/recipients.server";
import type { Locale } from "~/services/language";
import type { SqlSession } from "~/services/sql/session";
import { languagesOfAddress } from "./inbound-sql.server";

/**
 * The language of the answer to a mail from `address`, chosen as every mail's is (decision 042):
 * its account's setting, else its following's (the language of the page it followed from), else
 * English. A stranger's mail is answered in English.
 */
export async function answerLocale(sql: SqlSession, address: string): Promise<Locale> {
  const chosen = await languagesOfAddress(sql, address);
  return mailLocale({ language: chosen.follower, user: { language: chosen.user } });
}
